import { formatMoney, type Money, parseMoney } from '../../core/money.js';

/** Sums decimal strings exactly; the fakes serve sums the way the clouds do, as decimal text. */
export function sumText(values: Iterable<string>): Money {
  let t = 0n;
  for (const v of values) t += parseMoney(v);
  return t;
}

/** Up to 10 decimals, trailing zeros trimmed, as Cost Explorer prints amounts ("12.3400000001"). */
export function decimalText(m: Money): string {
  const s = formatMoney(m, 10);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
