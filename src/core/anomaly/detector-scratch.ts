import { BurstMemory, MonthlyCharges } from './cost-rules.js';
import { Episode } from './episode.js';
import { MonthCursor } from './month-cursor.js';
import { SortedWindow } from './sorted-window.js';

/** The window sizes a scratch is built for (a subset of DetectorOptions, so no import cycle). */
export interface ScratchShape {
  window: number;
  weeks: number;
  burstWindow: number;
}

/**
 * Everything `judgeSeries` allocates per series, kept for the next one: a worker judging thousands of
 * series in a row would otherwise spend a tenth of its time allocating and collecting typed arrays.
 * Results handed out from a scratch are views into it, valid until the next series judged with it.
 */
export class DetectorScratch {
  readonly level: SortedWindow;
  readonly residuals: SortedWindow;
  readonly past: Float64Array;
  readonly stamp: Int32Array;
  readonly refs: Float64Array;
  readonly bursts: BurstMemory;
  readonly charges = new MonthlyCharges(0, -1);
  readonly cal = new MonthCursor();
  /** The open anomaly and the rules that span days (reset per series). */
  readonly episode = new Episode();
  private expected = new Float64Array(0);
  private score = new Float64Array(0);
  private reason = new Uint8Array(0);
  private flag = new Uint8Array(0);

  constructor(readonly shape: ScratchShape) {
    this.level = new SortedWindow(shape.window);
    this.residuals = new SortedWindow(shape.window);
    this.past = new Float64Array(7 * shape.weeks);
    this.stamp = new Int32Array(7 * shape.weeks);
    this.refs = new Float64Array(shape.weeks);
    this.bursts = new BurstMemory(shape.burstWindow);
  }

  fits(s: ScratchShape): boolean {
    return (
      s.window === this.shape.window &&
      s.weeks === this.shape.weeks &&
      s.burstWindow === this.shape.burstWindow
    );
  }

  /** Clears the state for a series of `n` days spanning day numbers first..last; returns its outputs. */
  prepare(n: number, first: number, last: number) {
    if (this.flag.length < n) {
      const cap = Math.max(n, 2 * this.flag.length);
      this.expected = new Float64Array(cap);
      this.score = new Float64Array(cap);
      this.reason = new Uint8Array(cap);
      this.flag = new Uint8Array(cap);
    }
    this.level.clear();
    this.residuals.clear();
    this.stamp.fill(-1 << 30);
    this.bursts.clear();
    this.charges.reset(first, last);
    this.cal.day = Number.NaN;
    const out = {
      expected: this.expected.subarray(0, n).fill(Number.NaN),
      score: this.score.subarray(0, n).fill(Number.NaN),
      reason: this.reason.subarray(0, n).fill(0),
      flag: this.flag.subarray(0, n).fill(0),
    };
    return out;
  }
}
