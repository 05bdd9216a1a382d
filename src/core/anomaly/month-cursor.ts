import { civilFromDays, daysInMonth, weekdayOf } from '../day.js';

/**
 * The calendar position of a day that mostly moves forward one day at a time: the detector needs the
 * weekday, the day of the month and "the same day N months back" for every day of millions of series,
 * so the civil date is stepped instead of converted each time (a full conversion only after a gap).
 */
export class MonthCursor {
  day = Number.NaN;
  y = 0;
  m = 0;
  d = 0;
  weekday = 0;
  /** The lengths of this month and of the two before it (kept on a month change). */
  private len0 = 0;
  private len1 = 0;
  private len2 = 0;

  moveTo(day: number): void {
    // Almost always the next day of the same month: kept small so the detector's loop inlines it.
    if (day === this.day + 1 && this.d < this.len0) {
      this.d += 1;
      this.weekday = this.weekday === 6 ? 0 : this.weekday + 1;
      this.day = day;
    } else this.jump(day);
  }

  /** A new month or a gap: the full conversion. */
  private jump(day: number): void {
    const c = civilFromDays(day);
    const newMonth = c.y !== this.y || c.m !== this.m;
    this.y = c.y;
    this.m = c.m;
    this.d = c.d;
    this.weekday = weekdayOf(day);
    if (newMonth) {
      this.len0 = daysInMonth(this.y, this.m);
      const m1 = this.m === 1 ? 12 : this.m - 1;
      const y1 = this.m === 1 ? this.y - 1 : this.y;
      this.len1 = daysInMonth(y1, m1);
      this.len2 = daysInMonth(m1 === 1 ? y1 - 1 : y1, m1 === 1 ? 12 : m1 - 1);
    }
    this.day = day;
  }

  /** The same day of the month `back` (1 or more) months earlier, clamped (Mar 31 -> Feb 28). */
  sameDayMonthsBack(back: number): number {
    let firstOf = this.day - (this.d - 1);
    if (back === 1) return firstOf - this.len1 + Math.min(this.d, this.len1) - 1;
    if (back === 2) return firstOf - this.len1 - this.len2 + Math.min(this.d, this.len2) - 1;
    let y = this.y;
    let m = this.m;
    let len = 0;
    for (let k = 0; k < back; k++) {
      m -= 1;
      if (m === 0) {
        m = 12;
        y -= 1;
      }
      len = daysInMonth(y, m);
      firstOf -= len;
    }
    return firstOf + Math.min(this.d, len) - 1;
  }
}
