import { civilFromDays, dayNumber, ordinal, WEEKDAY_NAMES, weekdayOf } from '../day.js';
import { formatMoney, type Money } from '../money.js';
import type { ExpectationReason } from './types.js';

const SYMBOL: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥', INR: '₹' };

/** "$1,234.50" for known symbols, "1,234.50 CHF" otherwise. */
export function money(amount: Money, currency: string): string {
  const sign = amount < 0n ? '-' : '';
  const text = formatMoney(amount < 0n ? -amount : amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sym = SYMBOL[currency];
  return sym ? `${sign}${sym}${text}` : `${sign}${text} ${currency}`;
}

export function reasonText(reason: ExpectationReason, day: string): string {
  const n = dayNumber(day);
  switch (reason) {
    case 'weekday':
      return `usual for a ${WEEKDAY_NAMES[weekdayOf(n)]}`;
    case 'monthly':
      return `usual for the ${ordinal(civilFromDays(n).d)} of the month`;
    case 'new':
      return 'no spend before';
    case 'level':
      return 'recent daily level';
    case 'burst':
      return 'level plus the largest recent training run';
  }
}

/** The one Slack line: "expected $X (usual for a Tuesday), got $Y, +Z%, impact $W". */
export function explain(a: {
  label: string;
  day: string;
  currency: string;
  actual: Money;
  expected: Money;
  impact: Money;
  reason: ExpectationReason;
}): string {
  const pct =
    a.expected > 0n
      ? `${a.impact >= 0n ? '+' : ''}${(Number((a.impact * 1000n) / a.expected) / 10).toFixed(1)}%`
      : 'new spend';
  const impact = `${a.impact >= 0n ? '+' : ''}${money(a.impact, a.currency)}`;
  return (
    `${a.label} on ${a.day}: expected ${money(a.expected, a.currency)} (${reasonText(a.reason, a.day)}), ` +
    `got ${money(a.actual, a.currency)}, ${pct}, impact ${impact}`
  );
}
