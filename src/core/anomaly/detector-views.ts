import type { DayContext } from './detector-context.js';
import { REASON } from './detector-flags.js';
import { IQR_SD, levelScale, MAD_SD, relBase, zScore } from './detector-math.js';

// The detector's two robust views of a day, combined by OR:
// - level view: |x - median(last 28 days)| / scale >= threshold ("the recent daily level");
// - weekday view: residual r = x - median(same weekday 1..4 weeks back); |r - median(past residuals)| /
//   (1.4826 MAD of them) >= weekdayThreshold ("usual for a Tuesday").

/**
 * A noise scale never falls below this share of the level: a flat series is not infinitely sure, and
 * a 28-day MAD of a calm series often comes out well below its real noise. With z 4, a change under
 * 24% of the recent level does not alert on statistics alone.
 */
export const REL_FLOOR = 0.06;

/** Same weekdays the weekday view needs before it judges. */
export const MIN_WEEKS = 2;

/** Past residuals the weekday view needs for its noise scale. */
export const MIN_RESIDUALS = 7;

/**
 * Measures both views of the day in `ctx` (its value, weekday usual value and same-weekday count set)
 * against the windows of the days before it, with the exact noise scales.
 */
export function measureViews(ctx: DayContext): void {
  measureExpectations(ctx);
  const floor = ctx.noiseFloor;
  ctx.levelScale = levelScale(MAD_SD * ctx.levelWindow.madAboutMedian(), ctx.levelIqrScale, floor);
  ctx.weekdayScale = ctx.weekdayJudges
    ? Math.max(MAD_SD * ctx.residuals.madAboutMedian() * ctx.residualBase, floor)
    : floor;
  scoreViews(ctx);
}

/**
 * The views' expectations and what their noise scales need besides the MADs: the level, the noise
 * floor, the IQR's estimate; whether the weekday view judges, and its expectation.
 */
export function measureExpectations(ctx: DayContext): void {
  const { levelWindow, residuals } = ctx;
  const level = levelWindow.median();
  ctx.level = level;
  ctx.noiseFloor = REL_FLOOR * Math.abs(level);
  ctx.levelIqrScale = levelWindow.size >= 4 ? IQR_SD * levelWindow.iqr() : 0;
  const judges = ctx.sameWeekdaysFound >= MIN_WEEKS && residuals.size >= MIN_RESIDUALS;
  ctx.weekdayJudges = judges;
  ctx.weekdayFewWeeks = ctx.sameWeekdaysFound <= MIN_WEEKS;
  ctx.weekdayExpected = Number.NaN;
  if (judges) {
    // Residuals are relative to the usual value: cost noise and level shifts scale with the amount,
    // so a quiet weekend and a busy weekday share one residual scale.
    const usual = ctx.weekdayUsual;
    ctx.residualBase = relBase(usual, level);
    ctx.typicalResidual = residuals.median();
    ctx.weekdayExpected = usual + ctx.typicalResidual * ctx.residualBase;
  }
}

/** The day's scores against both views, given their expectations and noise scales, and its baseline. */
export function scoreViews(ctx: DayContext): void {
  const { opts } = ctx;
  const x = ctx.value;
  ctx.levelZ = zScore(x - ctx.level, ctx.levelScale);
  ctx.weekdayZ = 0;
  ctx.weekdayRatio = 0;
  ctx.weekdayOutsideLevelBand = false;
  if (ctx.weekdayJudges) {
    ctx.weekdayZ = zScore(x - ctx.weekdayExpected, ctx.weekdayScale);
    ctx.weekdayRatio = Math.abs(ctx.weekdayZ) / opts.weekdayThreshold;
    ctx.weekdayOutsideLevelBand = isWeekdayOutsideLevelBand(ctx);
  }
  const weekdayOnly = ctx.weekdayOutsideLevelBand;
  ctx.levelRatio = weekdayOnly ? 0 : Math.abs(ctx.levelZ) / opts.threshold;
  ctx.baseline = weekdayOnly ? ctx.weekdayExpected : ctx.level;
  ctx.baselineScale = weekdayOnly ? ctx.weekdayScale : ctx.levelScale;
  ctx.baselineThreshold = weekdayOnly ? opts.weekdayThreshold : opts.threshold;
}

/**
 * The weekday's usual value is itself an outlier against the level, by the level's or the weekday
 * residuals' noise, the smaller (dev stages' quiet weekends): a weekly pattern the level view cannot
 * judge, so such a day is judged by the weekday view alone.
 */
export function isWeekdayOutsideLevelBand(ctx: DayContext): boolean {
  return (
    ctx.weekdayJudges &&
    Math.abs(ctx.weekdayUsual - ctx.level) > ctx.opts.threshold * Math.min(ctx.levelScale, ctx.weekdayScale)
  );
}

/**
 * The view further beyond its own threshold explains the day: its expectation, score and reason (a
 * series that has not spent yet is a new series whichever view).
 */
export function chooseView(ctx: DayContext): void {
  const byWeekday = ctx.weekdayRatio > ctx.levelRatio;
  ctx.byWeekday = byWeekday;
  ctx.expected = byWeekday ? ctx.weekdayExpected : ctx.level;
  ctx.score = byWeekday ? ctx.weekdayZ : ctx.levelZ;
  ctx.reason = !ctx.spendingStarted ? REASON.newSeries : byWeekday ? REASON.weekday : REASON.level;
}

/** The two views' OR: the view that explains the day is at or beyond its threshold. */
export function beyondThreshold(ctx: DayContext): boolean {
  return ctx.byWeekday ? ctx.weekdayRatio >= 1 : ctx.levelRatio >= 1;
}
