/**
 * A sliding window of the last `capacity` numbers kept sorted, so medians and quantiles cost O(1) and
 * each push O(capacity) (a binary search and one memmove). The detector pushes millions of values;
 * re-sorting a window per day would dominate its run time.
 */
export class SortedWindow {
  private readonly sorted: Float64Array;
  private readonly ring: Float64Array;
  private head = 0;
  size = 0;

  constructor(readonly capacity: number) {
    this.sorted = new Float64Array(capacity);
    this.ring = new Float64Array(capacity);
  }

  /**
   * Adds `v` (not NaN); the oldest value leaves when the window is full. A full window replaces the
   * leaving value by shifting only the elements between it and the new value's place: one short loop,
   * no memmove call (copyWithin costs more than the move itself on windows of 7-28 numbers).
   */
  push(v: number): void {
    if (this.size < this.capacity) {
      this.grow(v);
      return;
    }
    const a = this.sorted;
    const old = this.ring[this.head] as number;
    // A linear scan: on 7-28 numbers its branches predict better than a binary search's.
    let at = 0;
    while ((a[at] as number) < old) at += 1;
    if (v > old) {
      while (at + 1 < this.size && (a[at + 1] as number) < v) {
        a[at] = a[at + 1] as number;
        at += 1;
      }
    } else {
      while (at > 0 && (a[at - 1] as number) > v) {
        a[at] = a[at - 1] as number;
        at -= 1;
      }
    }
    a[at] = v;
    this.ring[this.head] = v;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
  }

  /** push() while the window is not yet full (its first days only: kept out of push to keep it small). */
  private grow(v: number): void {
    const a = this.sorted;
    let at = this.size;
    while (at > 0 && (a[at - 1] as number) > v) {
      a[at] = a[at - 1] as number;
      at -= 1;
    }
    a[at] = v;
    this.size += 1;
    this.ring[this.head] = v;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
  }

  /** The largest value; NaN when empty. */
  max(): number {
    return this.size === 0 ? Number.NaN : (this.sorted[this.size - 1] as number);
  }

  /** The smallest value; NaN when empty. */
  min(): number {
    return this.size === 0 ? Number.NaN : (this.sorted[0] as number);
  }

  private lowerBound(v: number, n: number): number {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The q-quantile (0..1) with linear interpolation; NaN when empty. */
  quantile(q: number): number {
    if (this.size === 0) return Number.NaN;
    const pos = q * (this.size - 1);
    const lo = Math.floor(pos);
    const a = this.sorted[lo] as number;
    if (lo + 1 >= this.size) return a;
    return a + (pos - lo) * ((this.sorted[lo + 1] as number) - a);
  }

  /** The interquartile range (quantile(0.75) - quantile(0.25)); called for every day. */
  iqr(): number {
    const n = this.size;
    if (n !== this.iqrFor) this.quartilePlaces(n);
    if (n < 2) return n === 1 ? 0 : Number.NaN;
    const a = this.sorted;
    const l1 = this.l1;
    const l3 = this.l3;
    const q1 = (a[l1] as number) + this.f1 * ((a[l1 + 1] as number) - (a[l1] as number));
    const q3 = (a[l3] as number) + this.f3 * ((a[l3 + 1] as number) - (a[l3] as number));
    return q3 - q1;
  }

  /** The quartiles' places depend only on the size: worked out again only when it changes. */
  private quartilePlaces(n: number): void {
    const p1 = 0.25 * (n - 1);
    const p3 = 0.75 * (n - 1);
    this.l1 = Math.floor(p1);
    this.l3 = Math.max(0, Math.min(Math.floor(p3), n - 2));
    this.f1 = p1 - this.l1;
    this.f3 = p3 - this.l3;
    this.iqrFor = n;
  }

  private iqrFor = 0;
  private l1 = 0;
  private l3 = 0;
  private f1 = 0;
  private f3 = 0;

  /** The median; NaN when empty. Called for every day, so not through quantile(). */
  median(): number {
    const n = this.size;
    if (n === 0) return Number.NaN;
    const h = n >> 1;
    return n & 1
      ? (this.sorted[h] as number)
      : ((this.sorted[h - 1] as number) + (this.sorted[h] as number)) / 2;
  }

  /**
   * Median absolute deviation from `center`, in O(log size). The deviations below and above `center`
   * are two sorted runs (read outward from it); the middle one or two of their merge are found by a
   * binary search on how many come from the lower run, as for the k-th smallest of two sorted arrays.
   */
  mad(center: number): number {
    if (this.size === 0) return Number.NaN;
    return this.madSplitAt(center, this.lowerBound(center, this.size));
  }

  /**
   * mad(median()), without searching for the median's place: the window's middle index already splits
   * it into values at or below the median and values at or above it. (The detector asks it twice a
   * day; the search's unpredictable branches were a tenth of its time.)
   */
  madAboutMedian(): number {
    if (this.size === 0) return Number.NaN;
    return this.madSplitAt(this.median(), this.size >> 1);
  }

  /**
   * The MAD about `center`, given `h`: every value before index h is at or below `center`, every value
   * from h on at or above it (any such h gives the same deviations, so the same result).
   */
  private madSplitAt(center: number, h: number): number {
    const n = this.size;
    const a = this.sorted;
    const nr = n - h;
    // k deviations make the lower half: the MAD is the k-th smallest (n odd) or the mean of the k-th and
    // the (k+1)-th (n even). Lower run: L[i] = center - a[h - 1 - i]; upper run: R[j] = a[h + j] - center.
    const k = ((n - 1) >> 1) + 1;
    let lo = Math.max(0, k - nr);
    let hi = Math.min(k, h);
    // The fewest taken from L such that L's next is not below R's last taken.
    while (lo < hi) {
      const i = (lo + hi) >> 1;
      if (center - (a[h - 1 - i] as number) < (a[h + k - i - 1] as number) - center) lo = i + 1;
      else hi = i;
    }
    const i = lo;
    const j = k - i;
    const lastL = i > 0 ? center - (a[h - i] as number) : Number.NEGATIVE_INFINITY;
    const lastR = j > 0 ? (a[h + j - 1] as number) - center : Number.NEGATIVE_INFINITY;
    const kth = Math.max(lastL, lastR);
    if (n & 1) return kth;
    const nextL = i < h ? center - (a[h - 1 - i] as number) : Number.POSITIVE_INFINITY;
    const nextR = j < nr ? (a[h + j] as number) - center : Number.POSITIVE_INFINITY;
    return (kth + Math.min(nextL, nextR)) / 2;
  }

  /**
   * A lower bound of mad(center) in O(1), for a day a cheap test can settle (size >= 2). The MAD is (or,
   * for an even size, is at least) the k-th smallest deviation, k = floor((size + 1) / 2). Fewer than k
   * values lie strictly between s[p] and s[p + k], so the k nearest to `center` cannot all lie closer
   * than the nearer of those two: the k-th deviation is at least that distance. p centres the pair.
   */
  madLowerBound(center: number): number {
    const n = this.size;
    const a = this.sorted;
    const k = ((n - 1) >> 1) + 1;
    const p = (n - 1 - k) >> 1;
    return Math.min(center - (a[p] as number), (a[p + k] as number) - center);
  }

  /**
   * An upper bound of mad(center) in O(1) (size >= 2). The MAD is (or, for an even size, is at most) the
   * k-th smallest deviation, k = floor(size / 2) + 1. The k values s[q]..s[q + k - 1] all lie within the
   * farther of its two ends' distances from `center`, so the k-th deviation is at most that distance.
   */
  madUpperBound(center: number): number {
    const n = this.size;
    const a = this.sorted;
    const k = (n >> 1) + 1;
    const q = (n - k) >> 1;
    return Math.max(center - (a[q] as number), (a[q + k - 1] as number) - center);
  }

  clear(): void {
    this.size = 0;
    this.head = 0;
  }
}
