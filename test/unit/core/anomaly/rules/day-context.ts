import { DEFAULT_DETECTOR, type DetectorOptions } from '../../../../../src/core/anomaly/detector.js';
import type { DayContext } from '../../../../../src/core/anomaly/detector-context.js';
import { DetectorScratch } from '../../../../../src/core/anomaly/detector-scratch.js';
import { dayNumber } from '../../../../../src/core/day.js';

/** The day's fields a rule test sets (the memory stays the scratch's). */
type DayFields = Partial<
  Omit<DayContext, 'levelWindow' | 'residuals' | 'bursts' | 'charges' | 'calendar' | 'episode'>
>;

/**
 * A real day context (a fresh scratch's, its memory prepared for days `from`..`to`) on `date`, with
 * `fields` set as measureViews() and chooseView() would have: each rule is then judged on exactly the
 * shape its test describes.
 */
export function dayContext(
  fields: DayFields = {},
  opts: DetectorOptions = { ...DEFAULT_DETECTOR, drops: true },
  date = '2026-03-10',
): DayContext {
  const day = dayNumber(date);
  const scratch = new DetectorScratch(opts);
  scratch.prepare(1, day - 120, day + 120, opts);
  scratch.calendar.moveTo(day);
  const ctx = scratch.context;
  ctx.day = day;
  ctx.hasHistory = true;
  ctx.spendingStarted = true;
  Object.assign(ctx, fields);
  return ctx;
}

/** Pushes `days` into the run memory: `base` a day, and `run` on days where `isRun(k)` holds. */
export function withRuns(
  ctx: DayContext,
  days: number,
  base: number,
  run: number,
  isRun: (k: number) => boolean,
) {
  for (let k = 0; k < days; k++) ctx.bursts.push(isRun(k) ? run : base);
  return ctx;
}
