import type { MonthCursor } from './month-cursor.js';

/**
 * Monthly charges (support plans, subscriptions, reserved capacity billed on the 1st): every day keeps
 * its excess over the day's expectation and the excess it needed to stand out, so the same day of later
 * months can expect a charge. Indexed by day number from the series' first day; one Float64Array each
 * for the whole series.
 */
export class MonthlyCharges {
  private excess = new Float64Array(0);
  private bar = new Float64Array(0);
  private value = new Float64Array(0);
  private high = new Uint8Array(0);
  private first = 0;
  private length = 0;
  /** Whether any day so far stood out at all (no charge can be expected before one did). */
  private standing = false;

  constructor(first: number, last: number) {
    this.reset(first, last);
  }

  /** Forgets everything and covers days first..last; the arrays are reused when large enough. */
  reset(first: number, last: number): void {
    this.first = first;
    this.length = Math.max(0, last - first + 1);
    this.standing = false;
    if (this.excess.length < this.length) {
      this.excess = new Float64Array(this.length);
      this.bar = new Float64Array(this.length);
      this.value = new Float64Array(this.length);
      this.high = new Uint8Array(this.length);
    } else {
      this.excess.fill(0, 0, this.length);
      this.bar.fill(0, 0, this.length);
      this.value.fill(0, 0, this.length);
      this.high.fill(0, 0, this.length);
    }
  }

  /** Records day `day`: its excess over its expectation, and the excess that stands out that day. */
  record(day: number, value: number, excess: number, bar: number, high: boolean): void {
    const k = day - this.first;
    if (excess > 0 && excess >= bar) this.standing = true;
    this.value[k] = value;
    this.high[k] = high ? 1 : 0;
    this.excess[k] = excess;
    this.bar[k] = bar;
  }

  /**
   * The charge expected today, 0 when none. The 1st (where plans and subscriptions bill) needs one
   * month of precedent; any other day needs the same day in each of the two months before (one odd day
   * is not a pattern). Confirmed charges are the smaller of the two.
   */
  expected(cal: MonthCursor): { charge: number; confirmed: boolean } {
    const out = this.out;
    out.charge = 0;
    out.confirmed = false;
    if (!this.standing) return out;
    const m1 = this.at(cal.sameDayMonthsBack(1));
    if (m1 === 0) return out;
    const m2 = this.at(cal.sameDayMonthsBack(2));
    if (m2 > 0) {
      out.charge = Math.min(m1, m2);
      out.confirmed = true;
    } else if (cal.d === 1) out.charge = m1;
    return out;
  }

  /** expected()'s answer, reused (valid until the next call): it is asked every day of every series. */
  private readonly out = { charge: 0, confirmed: false };

  /**
   * A charge is one day standing out. Next to a day that was high against the level (a burst, or the
   * first days after a level shift), it must also stand above that day's value, and only that part is
   * the charge: a burst's middle day is not a charge, a charge billed just after a shift still is.
   */
  private at(day: number): number {
    const k = day - this.first;
    if (k < 0 || k >= this.length) return 0;
    const bar = this.bar[k] as number;
    const e = this.excess[k] as number;
    if (!(e > 0) || e < bar) return 0;
    const v = Math.min(this.aboveHigh(k, k - 1, e), this.aboveHigh(k, k + 1, e));
    return v >= bar && v >= HIGH_NEIGHBOUR_SHARE * e ? v : 0;
  }

  /** Day k's excess `e`, or less: how far it stands above neighbour j when j was a high day. */
  private aboveHigh(k: number, j: number, e: number): number {
    if (j < 0 || j >= this.length || !this.high[j]) return e;
    return Math.min(e, (this.value[k] as number) - (this.value[j] as number));
  }
}

/** Next to a high day, a charge is at least this share of the day's excess (not a burst's noise). */
const HIGH_NEIGHBOUR_SHARE = 0.5;

/**
 * Days a burst must last to count as a job's run: a one-day spike, however often, is not a pattern
 * (a job that runs one day a week is the weekday view's pattern instead).
 */
const MIN_RUN = 2;

/**
 * A recurring burst may come out this much larger than the largest recent one and still be normal;
 * beyond it, a run is an anomaly however wide the noise scales are.
 */
const BURST_SLACK = 1.5;

/**
 * The last `window` days' values (less any expected monthly charge), for training runs: a job that
 * runs for a few days every week or two is the series' pattern, not an anomaly each time.
 */
export class BurstMemory {
  private readonly ring: Float64Array;
  private readonly on: Uint8Array;
  private at = 0;

  constructor(window: number) {
    this.ring = new Float64Array(window).fill(Number.NaN);
    this.on = new Uint8Array(window);
  }

  /** Adds a day's value and whether it was a run day when it came (far above the series' base). */
  push(v: number, on = false): void {
    this.cachedFor = Number.NaN;
    this.ring[this.at] = v;
    this.on[this.at] = on ? 1 : 0;
    this.at = this.at + 1 === this.ring.length ? 0 : this.at + 1;
  }

  clear(): void {
    this.cachedFor = Number.NaN;
    this.ring.fill(Number.NaN);
    this.on.fill(0);
    this.at = 0;
  }

  /**
   * The runs of the last weeks and the largest excess over `lvl` among them; two runs or more are a
   * recurring pattern. A run is MIN_RUN days or more that are each at more than double today's level
   * `lvl` (so a series that began with a burst still counts it) or were run days when they came (far
   * above the base then: when runs fill half the window, today's level is itself a run day).
   */
  recurring(lvl: number): { runs: number; max: number } {
    // Asked up to three times a day with the same level: the answer is kept until the next push.
    const out = this.cached;
    if (lvl === this.cachedFor) return out;
    const ring = this.ring;
    const on = this.on;
    const n = ring.length;
    const minExcess = Math.abs(lvl);
    let count = 0;
    let max = 0;
    let len = 0;
    let peak = 0;
    for (let k = 0; k <= n; k++) {
      const j = (this.at + k) % n;
      const e = k < n ? (ring[j] as number) - lvl : Number.NaN;
      if (e > minExcess || (k < n && on[j] === 1)) {
        len += 1;
        if (e > peak) peak = e;
        continue;
      }
      // A run of one day is a spike, not a job: only runs of MIN_RUN days or more make a pattern.
      if (len >= MIN_RUN) {
        count += 1;
        if (peak > max) max = peak;
      }
      len = 0;
      peak = 0;
    }
    out.runs = count;
    out.max = max;
    this.cachedFor = lvl;
    return out;
  }

  private cachedFor = Number.NaN;
  private readonly cached = { runs: 0, max: 0 };

  /**
   * The largest recent burst's excess when `excess` over the level is beyond the series' recurring
   * bursts by more than the slack (a run much larger than the job ever ran), 0 otherwise.
   */
  exceeds(excess: number, lvl: number): number {
    if (!(excess > Math.abs(lvl))) return 0;
    const r = this.recurring(lvl);
    return r.runs >= 2 && excess > BURST_SLACK * r.max ? r.max : 0;
  }

  /** True when `excess` over the level is within the series' own recurring bursts. */
  covers(excess: number, lvl: number): boolean {
    const r = this.recurring(lvl);
    return r.runs >= 2 && excess <= BURST_SLACK * r.max;
  }
}
