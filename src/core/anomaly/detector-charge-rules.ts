import type { DayContext } from './detector-context.js';
import { REASON } from './detector-flags.js';
import { zScore } from './detector-math.js';

// The monthly charge rules (support plans, subscriptions, reserved capacity): a charge seen on the same
// day before is expected, and every day is remembered for the months after (MonthlyCharges keeps them).

/**
 * A day standing out by half its expectation is a charge to remember whatever the noise scale says (the
 * scale is wide while a level shift or ramp passes through the window).
 */
export const K_CHARGE = 0.5;

/** On the 1st (where plans and subscriptions bill) half the usual bar is enough to remember a charge. */
export const FIRST_BAR = 0.5;

/** An expected charge may come out this share smaller (once confirmed) or larger and still be normal. */
export const CHARGE_LOW = 0.75;
export const CHARGE_HIGH = 1.25;

/** Sets the monthly charge expected today (0 when none): the 1st needs one month of precedent, other days two. */
export function lookUpCharge(ctx: DayContext): void {
  const c = ctx.charges.expected(ctx.calendar);
  ctx.charge = c.charge;
  ctx.chargeConfirmed = c.confirmed;
}

/**
 * A day that expects a monthly charge is judged against its baseline plus the charge, as a range: a
 * charge varies from month to month (usage-priced support plans), from no charge (0.75x once confirmed)
 * to 1.25x. Such a day says nothing about a rise starting (the two-day rule forgets it). Sets the
 * charge the day carried when it reached the range's low end.
 */
export function judgeAgainstMonthlyCharge(ctx: DayContext): void {
  const x = ctx.value;
  const low = ctx.baseline + (ctx.chargeConfirmed ? CHARGE_LOW * ctx.charge : 0);
  const high = ctx.baseline + CHARGE_HIGH * ctx.charge;
  const outside = x > high ? x - high : x < low ? x - low : 0;
  ctx.expected = ctx.baseline + ctx.charge;
  ctx.score = zScore(outside, ctx.baselineScale);
  ctx.fires = Math.abs(ctx.score) >= ctx.baselineThreshold;
  ctx.reason = REASON.monthly;
  ctx.episode.warmDirection = 0;
  if (x >= low) ctx.chargeCarried = ctx.charge;
}

/**
 * The excess over the baseline that makes a day a charge to remember: its threshold's worth of noise,
 * at most K_CHARGE of the baseline, half that on the 1st.
 */
export function chargeBar(ctx: DayContext): number {
  const bar = Math.min(ctx.baselineThreshold * ctx.baselineScale, K_CHARGE * Math.abs(ctx.baseline));
  return bar * (ctx.calendar.d === 1 ? FIRST_BAR : 1);
}

/** Remembers the day for the monthly charges of the months after, and whether it was high against the level. */
export function rememberForCharges(ctx: DayContext): void {
  const x = ctx.value;
  const high = x - ctx.level > ctx.opts.threshold * ctx.levelScale;
  ctx.charges.record(ctx.day, x, x - ctx.baseline, chargeBar(ctx), high);
}
