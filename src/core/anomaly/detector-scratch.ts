import { BurstMemory, MonthlyCharges } from './cost-rules.js';
import { DayContext } from './detector-context.js';
import type { SeriesJudgement } from './detector-flags.js';
import type { DetectorOptions } from './detector-options.js';
import { MonthCursor } from './month-cursor.js';
import { SortedWindow } from './sorted-window.js';

/** The window sizes a scratch is built for (the options it can judge with). */
export type ScratchShape = Pick<DetectorOptions, 'window' | 'weeks' | 'burstWindow'>;

/**
 * Everything `judgeSeries` allocates per series, kept for the next one: a worker judging thousands of
 * series in a row would otherwise spend a tenth of its time allocating and collecting typed arrays.
 * Results handed out from a scratch are views into it, valid until the next series judged with it.
 */
export class DetectorScratch {
  readonly level: SortedWindow;
  readonly residuals: SortedWindow;
  /** The last opts.weeks weeks' values by day number (day % (7 * weeks)), for the same weekdays. */
  readonly past: Float64Array;
  /** The day number each slot of `past` holds (a gap leaves a stale one). */
  readonly stamp: Int32Array;
  /** The same weekdays found for the day being judged. */
  readonly sameWeekdayValues: Float64Array;
  readonly bursts: BurstMemory;
  readonly charges = new MonthlyCharges(0, -1);
  readonly calendar = new MonthCursor();
  /** The day being judged and the series' memory, as the rules see them. */
  readonly context: DayContext;
  private expected = new Float64Array(0);
  private score = new Float64Array(0);
  private reason = new Uint8Array(0);
  private flag = new Uint8Array(0);

  constructor(readonly shape: DetectorOptions) {
    this.level = new SortedWindow(shape.window);
    this.residuals = new SortedWindow(shape.window);
    this.past = new Float64Array(7 * shape.weeks);
    this.stamp = new Int32Array(7 * shape.weeks);
    this.sameWeekdayValues = new Float64Array(shape.weeks);
    this.bursts = new BurstMemory(shape.burstWindow);
    this.context = new DayContext(
      shape,
      this.level,
      this.residuals,
      this.bursts,
      this.charges,
      this.calendar,
    );
  }

  fits(s: ScratchShape): boolean {
    return (
      s.window === this.shape.window &&
      s.weeks === this.shape.weeks &&
      s.burstWindow === this.shape.burstWindow
    );
  }

  /**
   * Clears the state for a series of `n` days spanning day numbers first..last, judged with `opts`;
   * returns its outputs.
   */
  prepare(n: number, first: number, last: number, opts: DetectorOptions): SeriesJudgement {
    if (this.flag.length < n) {
      const cap = Math.max(n, 2 * this.flag.length);
      this.expected = new Float64Array(cap);
      this.score = new Float64Array(cap);
      this.reason = new Uint8Array(cap);
      this.flag = new Uint8Array(cap);
    }
    this.forgetHistory();
    this.charges.reset(first, last);
    this.calendar.day = Number.NaN;
    this.context.opts = opts;
    this.context.episode.reset();
    return {
      expected: this.expected.subarray(0, n).fill(Number.NaN),
      score: this.score.subarray(0, n).fill(Number.NaN),
      reason: this.reason.subarray(0, n).fill(0),
      flag: this.flag.subarray(0, n).fill(0),
    };
  }

  /** Empties the windows the views judge from (a new series, or one that starts spending). */
  forgetHistory(): void {
    this.level.clear();
    this.residuals.clear();
    this.stamp.fill(-1 << 30);
    this.bursts.clear();
  }
}
