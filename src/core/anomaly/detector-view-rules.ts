import type { DayContext } from './detector-context.js';
import { beyondThreshold } from './detector-views.js';

// The rules between the two views, and the two that fire below the thresholds (a rise on two days in
// a row, a doubling). Each takes the day's context after measureViews() and chooseView().

/**
 * A rise on two days in a row, each beyond this share of its view's threshold, is an anomaly's start
 * (a level shift or ramp shows on its first days at z 2.8 or more, before any single day reaches 4).
 */
export const PERSIST = 0.7;

/** A day above this multiple of both views' expectations alerts on its size alone. */
export const DOUBLE = 2;

/**
 * Whether the views' rules call the day anomalous, in order: the views' OR, a rise only the weekday
 * view sees, the two-day rule, the doubling rule, a drop only the weekday view sees. Remembers the day
 * for the two-day rule.
 */
export function viewRulesFire(ctx: DayContext): boolean {
  let fires = beyondThreshold(ctx) && !isWeekdayOnlyRise(ctx);
  const warm = warmDirection(ctx);
  if (!fires && isSecondWarmDay(ctx, warm)) fires = true;
  if (!fires && doublesBothExpectations(ctx)) fires = true;
  ctx.episode.warmDirection = warm;
  ctx.episode.warmDay = ctx.day;
  if (fires && isWeekdayOnlyDrop(ctx)) fires = false;
  return fires;
}

/**
 * A rise only the weekday view sees must be at least half-way up the level view's threshold too:
 * four same weekdays make a narrow scale, and a weekday a little above its usual value is no anomaly
 * when the level calls it ordinary. Not on a weekday outside the level's band (a dev stage's busy
 * Saturday still alerts).
 */
export function isWeekdayOnlyRise(ctx: DayContext): boolean {
  return (
    ctx.byWeekday && ctx.weekdayZ > 0 && !ctx.weekdayOutsideLevelBand && ctx.levelZ < ctx.opts.threshold * 0.5
  );
}

/** The two-day rule's memory: the day's direction when either view is beyond PERSIST of its threshold. */
export function warmDirection(ctx: DayContext): number {
  return Math.max(ctx.levelRatio, ctx.weekdayRatio) >= PERSIST ? (ctx.score > 0 ? 1 : -1) : 0;
}

/**
 * The two-day rule: two days in a row up beyond PERSIST of the threshold are one anomaly's start.
 * Rises only: a weekend after a level shift sits low twice in a row without being a drop.
 */
export function isSecondWarmDay(ctx: DayContext, warm: number): boolean {
  const ep = ctx.episode;
  return warm > 0 && warm === ep.warmDirection && ep.warmDay === ctx.day - 1;
}

/**
 * More than double both expectations is an anomaly whatever the noise scales say (a noisy series
 * widens them until a doubling scores below the threshold). While the weekday view judges from two
 * weeks only, double the level alone is enough (its usual value is the mean of two days).
 */
export function doublesBothExpectations(ctx: DayContext): boolean {
  const x = ctx.value;
  return (
    ctx.level > 0 &&
    x > DOUBLE * ctx.level &&
    (!ctx.weekdayJudges || ctx.weekdayFewWeeks || x > DOUBLE * ctx.weekdayExpected)
  );
}

/**
 * A drop only the weekday view sees is no anomaly unless it also falls below the recent level (and,
 * while the weekday view judges from two weeks only, half-way down the level view's threshold): the
 * same weekday may have been unusually high the weeks before.
 */
export function isWeekdayOnlyDrop(ctx: DayContext): boolean {
  return (
    ctx.byWeekday &&
    ctx.score < 0 &&
    !(ctx.levelRatio >= 1) &&
    (ctx.value >= ctx.level || (ctx.weekdayFewWeeks && ctx.levelZ > -ctx.opts.threshold / 2))
  );
}
