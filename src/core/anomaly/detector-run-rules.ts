import type { DayContext } from './detector-context.js';
import { REASON } from './detector-flags.js';
import { zScore } from './detector-math.js';

// The recurring run rules (training jobs that run a few days every week or two): the series' own runs
// are normal, a run far beyond them is an anomaly (BurstMemory keeps the runs of the last weeks).

/** Between recurring runs, a drop must fall below this share of the level window's lowest day. */
export const BURST_DROP = 0.5;

/**
 * A rise within the series' own recurring runs is the job, not an anomaly. A run's later days only
 * while they look like run days: a day that does not, after a covered one, is the base rising (a level
 * shift), not the run going on.
 */
export function isWithinRecurringRuns(ctx: DayContext): boolean {
  const laterDayOfCoveredRun = ctx.episode.coveredRunDay === ctx.day - 1;
  const looksLikeRun = ctx.isRunDay || !laterDayOfCoveredRun || !(ctx.levelZ >= ctx.opts.threshold);
  return looksLikeRun && ctx.bursts.covers(ctx.value - ctx.level, ctx.level);
}

/**
 * With recurring runs the median is not the baseline between them and both noise scales are wide: a
 * drop is no anomaly unless it falls below half the level window's lowest day, and the weekday view
 * alone is not enough (last week's same day may have been a run day).
 */
export function isNoDropBetweenRuns(ctx: DayContext): boolean {
  if (ctx.bursts.recurring(ctx.level).runs < 2) return false;
  const weekdayOnly = ctx.byWeekday && !(ctx.levelRatio >= 1);
  return weekdayOnly || ctx.value >= BURST_DROP * ctx.levelWindow.quantile(0);
}

/**
 * A run much larger than the series' own recurring runs is an anomaly whatever the noise scales say
 * (the runs widen them). Returns the largest recent run's excess over the level when the day is beyond
 * it by more than the slack, 0 otherwise.
 */
export function runBeyondRecurringRuns(ctx: DayContext): number {
  return ctx.bursts.exceeds(ctx.value - ctx.level, ctx.level);
}

/**
 * Explains a run beyond the recurring ones against the largest recent run (`largestRun`, its excess over
 * the level): an up anomaly when the day is beyond it by the impact floor.
 */
export function explainByLargestRun(ctx: DayContext, largestRun: number): void {
  ctx.direction = 1;
  ctx.expected = ctx.level + largestRun;
  ctx.reason = REASON.burst;
  ctx.score = Math.max(ctx.score, zScore(ctx.value - ctx.expected, ctx.levelScale));
  ctx.alerting = ctx.value - ctx.expected >= ctx.opts.minImpact;
}
