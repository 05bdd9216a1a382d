import { judgeAgainstMonthlyCharge, lookUpCharge, rememberForCharges } from './detector-charge-rules.js';
import type { DayContext } from './detector-context.js';
import { calmDown, flagInEpisode } from './detector-episode.js';
import { settledByBounds } from './detector-fast-path.js';
import { FLAG, REASON, type SeriesJudgement } from './detector-flags.js';
import { SCORE_CAP } from './detector-math.js';
import {
  explainByLargestRun,
  isNoDropBetweenRuns,
  isWithinRecurringRuns,
  runBeyondRecurringRuns,
} from './detector-run-rules.js';
import { viewRulesFire } from './detector-view-rules.js';
import { chooseView, measureViews } from './detector-views.js';

/**
 * Judges the day in `ctx` against the windows of the days before it, in the order the rules apply:
 * the two views (exactly, unless the one fast path settledByBounds shows the day plainly normal) and
 * the rules between them, the monthly charge, then (for a day with enough history that no earlier rule
 * flagged) the impact floor, the recurring runs and the episode. Writes the day's expectation, score,
 * reason and flag into `out`; sets ctx.chargeCarried for the day loop.
 */
export function judgeDay(ctx: DayContext, out: SeriesJudgement): void {
  lookUpCharge(ctx);
  if (!(ctx.fastPath && settledByBounds(ctx))) measureViews(ctx);
  chooseView(ctx);
  ctx.fires = viewRulesFire(ctx);
  ctx.chargeCarried = 0;
  if (ctx.charge > 0) judgeAgainstMonthlyCharge(ctx);
  rememberForCharges(ctx);
  const i = ctx.index;
  if (!ctx.hasHistory || out.flag[i] !== FLAG.none) return;

  ctx.direction = ctx.score > 0 ? 1 : -1;
  ctx.alerting = ctx.fires && isReportable(ctx);
  const covered = ctx.alerting && ctx.direction > 0 && isWithinRecurringRuns(ctx);
  if (covered) {
    ctx.alerting = false;
    ctx.episode.coveredRunDay = ctx.day;
  }
  if (ctx.alerting && ctx.direction < 0 && isNoDropBetweenRuns(ctx)) ctx.alerting = false;
  // A covered run is within the slack, so it cannot be beyond it; a day carrying a monthly charge is
  // the charge; a drop that alerts stays a drop.
  const mayBeRun = !covered && ctx.chargeCarried === 0 && (ctx.direction > 0 || !ctx.alerting);
  const largestRun = mayBeRun ? runBeyondRecurringRuns(ctx) : 0;
  if (largestRun > 0) explainByLargestRun(ctx, largestRun);

  out.expected[i] = ctx.expected;
  out.reason[i] = ctx.reason;
  out.score[i] = Math.max(-SCORE_CAP, Math.min(SCORE_CAP, ctx.score));
  if (ctx.alerting) {
    const excess = Math.abs(ctx.value - ctx.expected);
    out.flag[i] = flagInEpisode(ctx.episode, ctx.direction, excess, ctx.reason === REASON.burst);
  } else {
    calmDown(ctx.episode, ctx.score, ctx.byWeekday ? ctx.opts.weekdayThreshold : ctx.opts.threshold);
  }
}

/** The impact floor is met (in the series' currency a day), and a drop only when drops are asked for. */
export function isReportable(ctx: DayContext): boolean {
  return Math.abs(ctx.value - ctx.expected) >= ctx.opts.minImpact && (ctx.direction > 0 || ctx.opts.drops);
}
