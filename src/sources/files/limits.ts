import { utcDay } from '../../core/day.js';
// What an import accepts as plausible billing data. Beyond these a value is a corrupt or wrong file,
// refused with its file, line and column before anything is written.

/** The earliest charge or billing period day accepted: no cloud bill predates it. */
export const EARLIEST_DAY = '2000-01-01';

/** The latest day accepted, given today: one year ahead (commitments are billed ahead, not further). */
export function latestDay(now: Date): string {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return utcDay(d);
}

/**
 * The largest amount one row may hold, in absolute value: 10^15 (a quadrillion, in any currency). The
 * store sums amounts as DECIMAL(38,12), which holds 10^26: at 10^15 a row, 10^11 rows still add up.
 */
export const MAX_AMOUNT = 1e15;
export const MAX_AMOUNT_TEXT = '1,000,000,000,000,000 (10^15) in absolute value';

/** True when `text` is a number at or beyond MAX_AMOUNT. */
export function tooLarge(text: string): boolean {
  const t = text.trim();
  const n = t === '' ? Number.NaN : Number(t);
  return !Number.isNaN(n) && Math.abs(n) >= MAX_AMOUNT;
}
