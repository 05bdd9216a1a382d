import { escXml } from '../charts/svg-text.js';
import { formatMoney, type Money } from '../core/money.js';

/** Text for HTML content and attribute values (both quote kinds escaped). */
export const esc = (s: string): string => escXml(s).replaceAll("'", '&#39;');

/** Two decimals, thousands separated, rounded half away from zero (as the CLI and the script round). */
export function amount(m: Money): string {
  const [int = '', frac = ''] = formatMoney(m, 2).split('.');
  const sign = int.startsWith('-') ? '-' : '';
  return `${sign}${(sign ? int.slice(1) : int).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** An amount with its currency: "1,234.56 USD". */
export const withCurrency = (m: Money, currency: string): string => `${amount(m)} ${esc(currency)}`;

/** The exact amount for data attributes (12 decimals): the script sums these as BigInt. */
export const exact = (m: Money): string => formatMoney(m, 12);

/** part / whole as a percentage with one decimal, or '' when the whole is 0. */
export function share(part: Money, whole: Money): string {
  if (whole === 0n) return '';
  return `${(Number((part * 100000n) / whole) / 1000).toFixed(1)}%`;
}

/** The change from `before` to `now` in percent, signed; '' when there was nothing before. */
export function change(now: Money, before: Money): string {
  if (before === 0n) return '';
  const pct = Number(((now - before) * 10000n) / (before < 0n ? -before : before)) / 100;
  return `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

/** For charts only: pico-units to a float (never summed). */
export const toNumber = (m: Money): number => Number(m) / 1e12;
