import { randomUUID } from 'node:crypto';
import { answerTags, type OwnerAnswer } from '../core/idle/answers.js';
import { IdleGuardError } from '../core/idle/errors.js';
import type { Fleet, IdleAuditLog } from '../core/idle/ports.js';
import type { FleetInstance, IdlePolicy } from '../core/idle/types.js';
import type { Clock } from '../core/ports.js';

export interface AnswerDeps {
  fleets: readonly Fleet[];
  audit: IdleAuditLog;
  clock: Clock;
}

/**
 * An owner answered a warning (Snooze 2h, Keep until tomorrow, Exempt): write the tag on the
 * instance, so the cloud holds the state for every later sweep, and audit who did it.
 */
export async function applyOwnerAnswer(
  deps: AnswerDeps,
  input: { instance: FleetInstance; answer: OwnerAnswer; actor: string; policy: IdlePolicy; until?: Date },
): Promise<Record<string, string>> {
  const { instance: i, answer } = input;
  const fleet = deps.fleets.find((f) => f.provider === i.provider);
  if (!fleet)
    throw new IdleGuardError('FLEET_CONFIG', `no ${i.provider} fleet is configured to tag ${i.instanceId}`);
  const now = deps.clock.now();
  const tags = answerTags(answer, i, input.policy, now, input.until);
  let error: string | undefined;
  try {
    await fleet.setTags(i, tags);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await deps.audit.append([
    {
      runId: randomUUID(),
      at: now.toISOString(),
      actor: input.actor,
      mode: 'enforce',
      provider: i.provider,
      account: i.account,
      region: i.region,
      instanceId: i.instanceId,
      instanceType: i.instanceType,
      action: 'keep',
      reasons: [`answer:${answer}`],
      result: error ? 'failed' : 'kept',
      ...(error ? { error } : {}),
      ...(i.hourlyCost !== undefined ? { hourlyCost: i.hourlyCost } : {}),
      currency: i.currency,
      savingsPerDay: 0n,
    },
  ]);
  if (error) throw new IdleGuardError('FLEET_TAG_FAILED', error);
  return tags;
}
