import type { MonthCursor } from './month-cursor.js';

/**
 * Monthly charges (support plans, subscriptions, reserved capacity billed on the 1st): each day that
 * stood out on its own keeps its excess over the day's expectation, so the same day of later months can
 * expect it. Indexed by day number from the series' first day; one Float64Array for the whole series.
 */
export class MonthlyCharges {
  private excess = new Float64Array(0);
  private high = new Uint8Array(0);
  private first = 0;
  private length = 0;

  constructor(first: number, last: number) {
    this.reset(first, last);
  }

  /** Forgets everything and covers days first..last; the arrays are reused when large enough. */
  reset(first: number, last: number): void {
    this.first = first;
    this.length = Math.max(0, last - first + 1);
    if (this.excess.length < this.length) {
      this.excess = new Float64Array(this.length);
      this.high = new Uint8Array(this.length);
    } else {
      this.excess.fill(0, 0, this.length);
      this.high.fill(0, 0, this.length);
    }
  }

  /** Records day `day`: its excess when it stood out (0 otherwise), and whether it was well above the level. */
  record(day: number, excess: number, high: boolean): void {
    const k = day - this.first;
    this.excess[k] = Math.max(excess, 0);
    this.high[k] = high ? 1 : 0;
  }

  /**
   * The charge expected today, 0 when none. The 1st (where plans and subscriptions bill) needs one
   * month of precedent; any other day needs the same day in each of the two months before (one odd day
   * is not a pattern). Confirmed charges are the smaller of the two.
   */
  expected(cal: MonthCursor): { charge: number; confirmed: boolean } {
    const m1 = this.at(cal.sameDayMonthsBack(1));
    if (m1 === 0) return NONE;
    const m2 = this.at(cal.sameDayMonthsBack(2));
    if (m2 > 0) return { charge: Math.min(m1, m2), confirmed: true };
    return cal.d === 1 ? { charge: m1, confirmed: false } : NONE;
  }

  /** A charge is one day: a day inside a run of high days (a burst that covered it) is not a charge. */
  private at(day: number): number {
    const k = day - this.first;
    if (k < 0 || k >= this.length) return 0;
    const v = this.excess[k] as number;
    if (!(v > 0)) return 0;
    const before = k > 0 ? (this.high[k - 1] as number) : 0;
    const after = k + 1 < this.length ? (this.high[k + 1] as number) : 0;
    return before || after ? 0 : v;
  }
}

const NONE = { charge: 0, confirmed: false };

/** A recurring burst may come out this much larger than the largest recent one and still be normal. */
const BURST_SLACK = 1.5;

/**
 * The last `window` days' values (less any expected monthly charge), for training runs: a job that
 * runs for a few days every week or two is the series' pattern, not an anomaly each time.
 */
export class BurstMemory {
  private readonly ring: Float64Array;
  private at = 0;

  constructor(window: number) {
    this.ring = new Float64Array(window).fill(Number.NaN);
  }

  push(v: number): void {
    this.ring[this.at] = v;
    this.at = this.at + 1 === this.ring.length ? 0 : this.at + 1;
  }

  clear(): void {
    this.ring.fill(Number.NaN);
    this.at = 0;
  }

  /**
   * True when bursts recurred (at least two separate runs of days at more than double today's level
   * `lvl`) and `excess` over the level is at most half again the largest of them. Past days are
   * measured against today's level, so a series that began with a burst still counts it.
   */
  recurring(lvl: number): { runs: number; max: number } {
    const ring = this.ring;
    const n = ring.length;
    const minExcess = Math.abs(lvl);
    let runs = 0;
    let max = 0;
    let prev = false;
    for (let k = 0; k < n; k++) {
      const e = (ring[(this.at + k) % n] as number) - lvl;
      const on = e > minExcess;
      if (on && !prev) runs += 1;
      if (on && e > max) max = e;
      prev = on;
    }
    return { runs, max };
  }

  /** True when `excess` over the level is within the series' own recurring bursts. */
  covers(excess: number, lvl: number): boolean {
    const r = this.recurring(lvl);
    return r.runs >= 2 && excess <= BURST_SLACK * r.max;
  }
}
