import { formatMoney, type Money } from '../../core/money.js';

/** Up to 10 decimals, trailing zeros trimmed, as Cost Explorer prints amounts ("12.3400000001"). */
export function decimalText(m: Money): string {
  const s = formatMoney(m, 10);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
