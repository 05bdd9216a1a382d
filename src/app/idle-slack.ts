import { randomUUID } from 'node:crypto';
import { IdleGuardError } from '../core/idle/errors.js';
import { noticeOfEntry } from '../core/idle/notices.js';
import type {
  IdleActions,
  IdleActivity,
  IdleChoice,
  IdleNotice,
  PressAudit,
  PressAuditEntry,
  TagNames,
} from '../core/idle/owner-ports.js';
import type { Fleet, IdleAuditEntry, IdleAuditLog } from '../core/idle/ports.js';
import { type FleetInstance, type IdlePolicy, instanceKey } from '../core/idle/types.js';
import type { Clock } from '../core/ports.js';
import { applyOwnerAnswer } from './idle-answer.js';

export interface IdleGuardDeps {
  fleets: readonly Fleet[];
  audit: IdleAuditLog;
  clock: Clock;
  policy: IdlePolicy;
}

/** The idle guard as the Slack bot sees it: the buttons' actions and what the guard did lately. */
export class IdleGuardForSlack implements IdleActions, IdleActivity {
  constructor(private readonly d: IdleGuardDeps) {}

  async keepUntil(instanceKey: string, untilIso: string, by: string, choice: IdleChoice): Promise<void> {
    // The instant the person saw on the message is the one written on the instance.
    await applyOwnerAnswer(this.d, {
      instance: await this.find(instanceKey),
      answer: choice === 'snooze' ? 'snooze-2h' : choice,
      actor: by,
      policy: this.d.policy,
      until: new Date(untilIso),
    });
  }

  async exempt(instanceKey: string, by: string): Promise<void> {
    await applyOwnerAnswer(this.d, {
      instance: await this.find(instanceKey),
      answer: 'exempt',
      actor: by,
      policy: this.d.policy,
    });
  }

  async tag(instanceKey: string, names: TagNames, by: string): Promise<void> {
    await applyOwnerAnswer(this.d, {
      instance: await this.find(instanceKey),
      answer: 'tag',
      actor: by,
      policy: this.d.policy,
      names,
    });
  }

  /** Warnings sent and stops done at or after `iso`, newest last (the audit log's order). */
  async since(iso: string): Promise<IdleNotice[]> {
    const entries = await this.d.audit.list({ since: iso });
    return entries
      .filter(
        (e) =>
          (e.action === 'warn' && e.result === 'warned') || (e.action === 'stop' && e.result === 'stopped'),
      )
      .map(noticeOfEntry);
  }

  /** The instance as its cloud reports it now (tags current), found by the key on the button. */
  private async find(key: string): Promise<FleetInstance> {
    const provider = key.slice(0, key.indexOf(':'));
    const fleet = this.d.fleets.find((f) => f.provider === provider);
    if (!fleet)
      throw new IdleGuardError('FLEET_CONFIG', `no ${provider || 'unknown'} fleet is configured for ${key}`);
    const found = (await fleet.listGpuInstances()).find((i) => instanceKey(i) === key);
    if (!found) throw new IdleGuardError('FLEET_NOT_FOUND', `${key} is not a running GPU instance any more`);
    return found;
  }
}

const PRESS_RESULT: Record<PressAuditEntry['result'], IdleAuditEntry['result']> = {
  done: 'kept',
  refused: 'refused',
  failed: 'failed',
};

/**
 * Every Slack button press (and refusal) as a line of the idle audit log, in the store. Idle presses
 * name their instance; anomaly presses name the anomaly (provider `slack`, the id as instance).
 */
export class AuditLogPresses implements PressAudit {
  constructor(private readonly audit: IdleAuditLog) {}

  async record(p: PressAuditEntry): Promise<void> {
    const parts = p.target.split(':');
    const instance =
      p.action.startsWith('idle:') && parts.length >= 4
        ? {
            provider: parts[0] as string,
            account: parts[1] as string,
            region: parts[2] as string,
            instanceId: parts.slice(3).join(':'),
          }
        : { provider: 'slack', account: '', region: '', instanceId: p.target };
    await this.audit.append([
      {
        runId: randomUUID(),
        at: p.at,
        actor: `slack:${p.user}`,
        mode: 'enforce',
        ...instance,
        instanceType: '',
        action: 'keep',
        reasons: [`press:${p.action}`],
        result: PRESS_RESULT[p.result],
        ...(p.detail ? { error: p.detail } : {}),
        currency: 'USD',
        savingsPerDay: 0n,
      },
    ]);
  }
}
