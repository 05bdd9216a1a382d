import { z } from 'zod';
import { dayNumber, dayString } from '../src/core/anomaly/days.js';
import type { Clock } from '../src/core/ports.js';
import { UnsupportedEventError } from '../src/lambda/errors.js';
import { isScheduled } from '../src/lambda/events.js';
import { type IamGrant, logGrant } from '../src/lambda/grants.js';
import { jsonLogger, type Logger } from '../src/lambda/logger.js';

/**
 * Posts the daily rollup of `day` (spend per model and stage, anomalies, budgets) to Slack. The Slack
 * issue builds it (Block Kit, chart); this function only decides the day and calls it.
 */
export interface RollupPoster {
  post(day: string): Promise<{ posted: boolean; detail?: string }>;
}

export interface RollupDeps {
  rollup: RollupPoster | undefined;
  clock: Clock;
  log: Logger;
}

const direct = z.strictObject({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export function makeHandler(load: () => Promise<RollupDeps>) {
  return async (event: unknown) => {
    let day: string | undefined;
    if (!isScheduled(event)) {
      const parsed = direct.safeParse(event ?? {});
      if (!parsed.success)
        throw new UnsupportedEventError('rollup', `the event ${JSON.stringify(event).slice(0, 200)}`);
      day = parsed.data.day;
    }
    const d = await load();
    // The rollup reports the last complete day: yesterday (UTC) at the configured hour.
    day ??= dayString(dayNumber(d.clock.now().toISOString().slice(0, 10)) - 1);
    if (!d.rollup) {
      d.log.warn('rollup not posted: the Slack rollup is not part of this build', { day });
      return { day, posted: false, reason: 'NOT_WIRED' };
    }
    const r = await d.rollup.post(day);
    d.log.info('rollup', { day, ...r });
    return { day, ...r };
  };
}

// Grows with the Slack rollup's adapters (the cost/anomaly stores, the bot token parameter).
export const grants: readonly IamGrant[] = [logGrant('rollup')];

export const handler = makeHandler(async () => ({
  rollup: undefined,
  clock: { now: () => new Date() },
  log: jsonLogger('rollup'),
}));
