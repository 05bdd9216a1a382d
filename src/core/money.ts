/**
 * Money is an integer count of pico-units (10^-12 of the currency unit) held in a bigint.
 *
 * Why 12 digits: billing exports carry up to 11 decimals (the FOCUS sample has values like
 * 0.00001605990), so 12 keeps every source value exact and sums of millions of lines exact too.
 * Sums are bigint additions: never binary floating point.
 */
export type Money = bigint;

export const MONEY_SCALE = 12;
const UNIT = 10n ** BigInt(MONEY_SCALE);

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses a decimal string ("12.5", "-0.00000080000", "1e-7") exactly; rounds half away from zero past 12 digits. */
export function parseMoney(text: string): Money {
  const s = text.trim();
  const m = DECIMAL_RE.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    throw new RangeError(`not a decimal number: "${text}"`);
  }
  const negative = m[1] === '-';
  const digits = `${m[2] ?? ''}${m[3] ?? ''}`.replace(/^0+(?=\d)/, '') || '0';
  // The value is digits * 10^exp, exp counted from the last digit.
  const exp = Number(m[4] ?? '0') - (m[3] ?? '').length;
  let units = BigInt(digits);
  const shift = exp + MONEY_SCALE;
  if (shift >= 0) {
    units *= 10n ** BigInt(shift);
  } else {
    const div = 10n ** BigInt(-shift);
    const q = units / div;
    const r = units % div;
    units = r * 2n >= div ? q + 1n : q;
  }
  return negative ? -units : units;
}

/** Converts a JS number (as some cloud APIs return money) through its shortest decimal representation. */
export function moneyFromNumber(value: number): Money {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  return parseMoney(String(value));
}

/** Rounds to `decimals` places (half away from zero) and returns the decimal string. */
export function formatMoney(amount: Money, decimals = 2): string {
  if (decimals < 0 || decimals > MONEY_SCALE) throw new RangeError(`decimals must be 0..${MONEY_SCALE}`);
  const negative = amount < 0n;
  let abs = negative ? -amount : amount;
  const drop = 10n ** BigInt(MONEY_SCALE - decimals);
  const q = abs / drop;
  abs = (abs % drop) * 2n >= drop ? q + 1n : q;
  let text = abs.toString().padStart(decimals + 1, '0');
  if (decimals > 0) text = `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
  return negative && abs !== 0n ? `-${text}` : text;
}

/** For output only (JSON numbers, charts): the amount rounded to `decimals` places as a number. */
export function moneyToNumber(amount: Money, decimals = 6): number {
  return Number(formatMoney(amount, decimals));
}

export function sumMoney(values: Iterable<Money>): Money {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/** Whole currency units to Money, for config amounts such as budgets (10 -> 10.000000000000). */
export function moneyOf(units: number | string): Money {
  return typeof units === 'number' ? moneyFromNumber(units) : parseMoney(units);
}

/**
 * Splits `amount` into parts proportional to `weights` so that the parts add up to `amount` exactly.
 * Largest-remainder method: every part gets the floor of its share, and the units left over go one each
 * to the parts with the largest remainders, ties to the lower index. Weights must be non-negative with a
 * positive sum. Negative amounts (credits) split as the negation of the positive split.
 */
export function splitExact(amount: Money, weights: readonly bigint[]): Money[] {
  const total = weights.reduce((a, w) => a + w, 0n);
  if (weights.some((w) => w < 0n) || total <= 0n) {
    throw new RangeError('splitExact needs non-negative weights with a positive sum');
  }
  if (amount < 0n) return splitExact(-amount, weights).map((p) => -p);
  const parts = weights.map((w) => (amount * w) / total);
  const remainders = weights.map((w, i) => ({ i, r: (amount * w) % total }));
  let left = amount - parts.reduce((a, p) => a + p, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts;
}

export const MONEY_UNIT: Money = UNIT;
