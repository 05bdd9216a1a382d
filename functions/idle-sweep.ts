import type { Clock } from '../src/core/ports.js';
import { UnsupportedEventError } from '../src/lambda/errors.js';
import { isScheduled } from '../src/lambda/events.js';
import { type IamGrant, invokeGrant, logGrant } from '../src/lambda/grants.js';
import { jsonLogger, type Logger } from '../src/lambda/logger.js';

/**
 * One sweep of the idle GPU guard at `now` (the idle issue's use case: plan per team time zone, warn,
 * stop within the blast-radius cap, audit every decision). Scheduled every 15 minutes; each team's
 * schedule decides whether this sweep acts for it.
 */
export interface IdleSweeper {
  sweep(
    now: Date,
    actor: string,
  ): Promise<{ planned: number; stopped: number; warned: number; halted: boolean }>;
}

export interface IdleSweepDeps {
  sweeper: IdleSweeper | undefined;
  clock: Clock;
  log: Logger;
}

export function makeHandler(load: () => Promise<IdleSweepDeps>) {
  return async (event: unknown) => {
    if (
      !isScheduled(event) &&
      !(typeof event === 'object' && event !== null && Object.keys(event).length === 0)
    ) {
      throw new UnsupportedEventError('idleSweep', 'anything but a schedule or an empty direct invocation');
    }
    const d = await load();
    const now = d.clock.now();
    if (!d.sweeper) {
      d.log.warn('idle sweep skipped: the idle GPU guard is not part of this build');
      return { at: now.toISOString(), swept: false, reason: 'NOT_WIRED' };
    }
    const r = await d.sweeper.sweep(now, 'schedule');
    (r.halted ? d.log.error : d.log.info)('idle sweep', { ...r });
    return { at: now.toISOString(), swept: true, ...r };
  };
}

// Grows with the fleet adapters' declarations (fleetGrants: ec2:StopInstances only on tagged
// instances) and the audit log's table grants when the idle guard is wired here.
export const grants: readonly IamGrant[] = [
  logGrant('idleSweep'),
  // EventBridge Scheduler invokes the function with this role (osls uses the function's role).
  invokeGrant('idleSweep'),
];

export const handler = makeHandler(async () => ({
  sweeper: undefined,
  clock: { now: () => new Date() },
  log: jsonLogger('idleSweep'),
}));
