import { civilFromDays, daysInMonth, weekdayOf } from './days.js';

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

  moveTo(day: number): void {
    if (day === this.day + 1 && this.d < daysInMonth(this.y, this.m)) {
      this.d += 1;
      this.weekday = this.weekday === 6 ? 0 : this.weekday + 1;
    } else {
      const c = civilFromDays(day);
      this.y = c.y;
      this.m = c.m;
      this.d = c.d;
      this.weekday = weekdayOf(day);
    }
    this.day = day;
  }

  /** The same day of the month `back` (1 or more) months earlier, clamped (Mar 31 -> Feb 28). */
  sameDayMonthsBack(back: number): number {
    let firstOf = this.day - (this.d - 1);
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
