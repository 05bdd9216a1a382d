import type { BurstMemory, MonthlyCharges } from './cost-rules.js';
import { Episode } from './detector-episode.js';
import { REASON, type Reason } from './detector-flags.js';
import type { DetectorOptions } from './detector-options.js';
import type { MonthCursor } from './month-cursor.js';
import type { SortedWindow } from './sorted-window.js';

/**
 * Everything the rules know about the day being judged: the day itself, its two views (the recent
 * daily level and the usual value for its weekday), the expected monthly charge, the verdict as the
 * rules build it, and the series' memory (windows of the days before it, the open anomaly).
 *
 * One context per scratch, refilled every day (a worker judges millions of days: no allocation). The
 * day loop (detector.ts) fills the day's fields, measureViews() the views', judgeDay() the verdict's.
 */
export class DayContext {
  opts: DetectorOptions;
  /**
   * Whether settledByBounds() may settle plainly normal days (judgeSeries' `path`); off, every day is
   * measured with the exact noise scales.
   */
  fastPath = false;

  // The day.
  /** Its index in the series. */
  index = 0;
  /** Its day number (days since 1970-01-01). */
  day = 0;
  /** Its value. */
  value = 0;
  /** Whether the series has spent anything yet (until then its alerts are a new series'). */
  spendingStarted = false;
  /** Enough history to judge it (else only the memory learns from it). */
  hasHistory = false;
  /** Far above the series' base and its same weekdays when it came (see runDay). */
  isRunDay = false;
  /** The same weekdays of the last weeks that were observed (0 to opts.weeks). */
  sameWeekdaysFound = 0;
  /** The median of those same weekdays (NaN when none). */
  weekdayUsual = Number.NaN;

  // The level view: the day against the median of the last opts.window days.
  /** The recent daily level (the window's median). */
  level = 0;
  /** Its noise scale (MAD or capped IQR, at least the noise floor). */
  levelScale = 0;
  /** The IQR's estimate of that scale (0 below four days). */
  levelIqrScale = 0;
  /** The least noise scale of either view: REL_FLOOR of the level. */
  noiseFloor = 0;
  /** The day's robust z-score against the level. */
  levelZ = 0;
  /** |levelZ| / threshold (1 = at the threshold); 0 on a weekday outside the level's band. */
  levelRatio = 0;

  // The weekday view: the day against the usual value for its weekday, plus the residuals' median.
  /** Enough same weekdays (MIN_WEEKS) and past residuals (MIN_RESIDUALS) for the view to judge. */
  weekdayJudges = false;
  /** The view judges from the fewest weeks it may (its usual value is the mean of two days). */
  weekdayFewWeeks = false;
  /** The view's expectation (NaN when it does not judge). */
  weekdayExpected = Number.NaN;
  /** The amount its residuals are relative to (the usual value, see relBase). */
  residualBase = 0;
  /** The past residuals' median. */
  typicalResidual = 0;
  /** Its noise scale. */
  weekdayScale = 0;
  /** The day's robust z-score against it (0 when it does not judge). */
  weekdayZ = 0;
  /** |weekdayZ| / weekdayThreshold (0 when it does not judge). */
  weekdayRatio = 0;
  /**
   * The weekday's usual value is itself an outlier against the level (a quiet weekend of a dev stage):
   * a weekly pattern the level view cannot judge, so the weekday view alone judges the day.
   */
  weekdayOutsideLevelBand = false;
  /**
   * The day's own baseline, its noise scale and threshold: the weekday view's on a weekday outside the
   * level's band, else the level view's. The monthly charge rules judge against it.
   */
  baseline = 0;
  baselineScale = 0;
  baselineThreshold = 0;

  // The monthly charge expected today (see MonthlyCharges.expected).
  charge = 0;
  chargeConfirmed = false;

  // The verdict, as the rules build it.
  /** The weekday view explains the day (it is further beyond its threshold than the level view). */
  byWeekday = false;
  /** The reported expectation. */
  expected = 0;
  /** The reported score (robust z). */
  score = 0;
  reason: Reason = REASON.level;
  /** A rule says the day is anomalous (before the impact floor and the cost rules that excuse it). */
  fires = false;
  /** 1 up, -1 down (the score's sign, or up for a run beyond the recurring ones). */
  direction = 0;
  /** The day is an anomaly to report (it fires, meets the impact floor, and no cost rule excuses it). */
  alerting = false;
  /** The monthly charge the day carried (0 when none): left out of its weekday's usual value and runs. */
  chargeCarried = 0;

  // The series' memory.
  readonly episode = new Episode();

  constructor(
    opts: DetectorOptions,
    /** The last opts.window days' values. */
    readonly levelWindow: SortedWindow,
    /** The last opts.window days' residuals from their weekday's usual value, relative to it. */
    readonly residuals: SortedWindow,
    readonly bursts: BurstMemory,
    readonly charges: MonthlyCharges,
    readonly calendar: MonthCursor,
  ) {
    this.opts = opts;
  }
}
