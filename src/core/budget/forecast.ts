import { civilFromDays, daysInMonth, weekdayOf } from '../day.js';

export interface MonthForecast {
  /** Spend expected for each remaining day of the month, after `asOf`. */
  remaining: number[];
  /** Month-to-date + the remaining days: the point forecast of month-end spend. */
  total: number;
  /** 80% interval of the month-end spend. */
  low: number;
  high: number;
}

const Z80 = 1.2816;

/**
 * Forecast of month-end spend made at the end of day `asOf`. `history` holds daily spend for the days
 * up to and including `asOf` (last element = asOf), at least one day.
 *
 * Run-rate: the 10%-trimmed mean of the last 14 days with the weekday shape divided out (trimming drops
 * a 1st-of-month charge or a one-off burst). Weekday shape: each weekday's mean over the last 4 weeks
 * relative to the overall mean, shrunk toward 1 when fewer than 3 weeks are known. Interval: the
 * daily noise around rate x shape, over the remaining days, plus the run-rate's own uncertainty.
 */
export function forecastMonth(history: readonly number[], asOf: number, monthToDate: number): MonthForecast {
  const { y, m, d } = civilFromDays(asOf);
  const left = daysInMonth(y, m) - d;
  const recent28 = history.slice(-28);
  const start28 = asOf - recent28.length + 1;
  const mean = avg(recent28);
  const weeks = recent28.length / 7;
  const shrink = Math.min(1, weeks / 3);
  const shape = Array.from({ length: 7 }, (_, dow) => {
    const xs = recent28.filter((_, i) => weekdayOf(start28 + i) === dow);
    if (xs.length === 0 || mean <= 0) return 1;
    return 1 + shrink * (avg(xs) / mean - 1);
  });
  const recent14 = history.slice(-14);
  const start14 = asOf - recent14.length + 1;
  const flat = recent14.map((x, i) => x / Math.max(1e-9, shape[weekdayOf(start14 + i)] as number));
  const rate = trimmedMean(flat, 0.1);
  const remaining = Array.from({ length: left }, (_, k) => rate * (shape[weekdayOf(asOf + 1 + k)] as number));
  const fitted = recent28.map((x, i) => x - rate * (shape[weekdayOf(start28 + i)] as number));
  const sigma = Math.sqrt(avg(fitted.map((e) => e * e)));
  const rateSe = sigma / Math.sqrt(Math.max(1, recent14.length));
  const sd = Math.sqrt(left * sigma * sigma + (left * rateSe) ** 2);
  const total = monthToDate + remaining.reduce((a, b) => a + b, 0);
  return { remaining, total, low: Math.max(monthToDate, total - Z80 * sd), high: total + Z80 * sd };
}

function avg(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

function trimmedMean(xs: readonly number[], trim: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = Math.floor(s.length * trim);
  return avg(s.slice(k, s.length - k || undefined));
}
