import { isMatch } from 'date-fns/isMatch';

/**
 * The one Day module: every day computation of costguard. A day is a UTC calendar day written
 * `YYYY-MM-DD` (string order is day order). Validation goes through date-fns (`isMatch`); arithmetic
 * is on day numbers (days since 1970-01-01, Howard Hinnant's civil-date algorithms), because the
 * anomaly detector needs weekdays and "same day last month" for millions of days, where integer
 * maths is an order of magnitude cheaper than Date objects.
 */
export type Day = string;

/** An inclusive range of days. */
export interface DayRange {
  from: Day;
  to: Day;
}

export const MS_PER_DAY = 86_400_000;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isDay(value: string): boolean {
  return DAY_RE.test(value) && isMatch(value, 'yyyy-MM-dd');
}

/** The UTC day of an instant. */
export function utcDay(at: Date): Day {
  return at.toISOString().slice(0, 10);
}

/** `n` days after `day` (before, for negative n). */
export function addDays(day: Day, n: number): Day {
  return dayString(dayNumber(day) + n);
}

/** Every day of the range, in order. */
export function daysIn(range: DayRange): Day[] {
  const out: Day[] = [];
  for (let n = dayNumber(range.from), end = dayNumber(range.to); n <= end; n++) out.push(dayString(n));
  return out;
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: Day, to: Day): number => dayNumber(to) - dayNumber(from);

/** The 1st of the day's month. */
export const firstOfMonth = (day: Day): Day => `${day.slice(0, 8)}01`;

/** The last day of `day`'s month. */
export const lastOfMonth = (day: Day): Day =>
  `${day.slice(0, 8)}${String(daysInMonth(Number(day.slice(0, 4)), Number(day.slice(5, 7)))).padStart(2, '0')}`;

/** The last complete UTC day before `now`: a day's spend is still accruing until it is over. */
export const yesterday = (now: Date): Day => addDays(utcDay(now), -1);

/** The instant `days` days before `now`. */
export const daysBefore = (now: Date, days: number): Date => new Date(now.getTime() - days * MS_PER_DAY);

export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(n: number): { y: number; m: number; d: number } {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** 'YYYY-MM-DD' to a day number; undefined when it is not a real calendar day. */
export function parseDayNumber(day: string): number | undefined {
  const m = DAY_RE.exec(day);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return daysFromCivil(y, mo, d);
}

export function dayNumber(day: string): number {
  const n = parseDayNumber(day);
  if (n === undefined) throw new RangeError(`not a day as YYYY-MM-DD: "${day}"`);
  return n;
}

export function dayString(n: number): string {
  const { y, m, d } = civilFromDays(n);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The same day of the month `back` months earlier, clamped to that month's length (Mar 31 -> Feb 28). */
export function sameDayMonthsBack(n: number, back: number): number {
  const { y, m, d } = civilFromDays(n);
  const total = y * 12 + (m - 1) - back;
  const py = Math.floor(total / 12);
  const pm = (total % 12) + 1;
  return daysFromCivil(py, pm, Math.min(d, daysInMonth(py, pm)));
}

export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}
