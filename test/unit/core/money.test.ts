import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  MONEY_UNIT,
  moneyFromNumber,
  moneyOf,
  parseMoney,
  splitExact,
  sumMoney,
} from '../../../src/core/money.js';

const U = MONEY_UNIT; // 10^12 pico-units

describe('parseMoney', () => {
  it.each([
    ['12.5', 12n * U + U / 2n],
    ['0.00001605990', 16_059_900n],
    ['-0.00000080000', -800_000n],
    ['+3', 3n * U],
    ['.5', U / 2n],
    ['5.', 5n * U],
    ['  42 ', 42n * U],
    ['000123.000', 123n * U],
    ['0', 0n],
    ['-0', 0n],
    ['1e-7', 100_000n],
    ['1.2E-7', 120_000n],
    ['1E3', 1000n * U],
    ['-2.5e+2', -250n * U],
    ['123456789012345678901234567890.000000000001', 123456789012345678901234567890n * U + 1n],
  ])('parses %j exactly', (text, expected) => {
    // Act
    const value = parseMoney(text);

    // Assess
    expect(value).toBe(expected);
  });

  it.each([
    ['0.0000000000015', 2n], // 1.5 pico: half rounds away from zero
    ['-0.0000000000015', -2n],
    ['0.00000000000149999', 1n],
    ['0.0000000000005', 1n],
    ['-0.0000000000005', -1n],
    ['0.0000000000004', 0n],
    ['-0.0000000000004', 0n],
    ['1.23456789012345', 1_234_567_890_123n],
    ['1.2345678901235', 1_234_567_890_124n],
    ['5e-13', 1n],
    ['4.9e-13', 0n],
    ['1e-400', 0n],
  ])('rounds %j past 12 decimals half away from zero', (text, expected) => {
    // Act
    const value = parseMoney(text);

    // Assess
    expect(value).toBe(expected);
  });

  it.each([
    '',
    ' ',
    '.',
    '-',
    '+',
    'e5',
    '1e',
    '1.2.3',
    '--1',
    'abc',
    '1,5',
    '1 000',
    'NaN',
    'Infinity',
    '0x10',
    'NULL',
  ])('rejects %j with a RangeError that quotes the input', (text) => {
    // Act / Assess
    expect(() => parseMoney(text)).toThrow(RangeError);
    expect(() => parseMoney(text)).toThrow(`"${text}"`);
  });

  it('reads back every amount it formats with 12 decimals (fast-check)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (amount) => {
        // Act
        const text = formatMoney(amount, 12);

        // Assess
        expect(parseMoney(text)).toBe(amount);
      }),
    );
  });
});

describe('formatMoney', () => {
  it.each([
    [parseMoney('1234.565'), 2, '1234.57'],
    [parseMoney('1234.564999999999'), 2, '1234.56'],
    [parseMoney('-1.005'), 2, '-1.01'],
    [parseMoney('-0.005'), 2, '-0.01'],
    [parseMoney('-0.004'), 2, '0.00'], // no negative zero
    [0n, 2, '0.00'],
    [parseMoney('2.5'), 0, '3'],
    [parseMoney('-2.5'), 0, '-3'],
    [parseMoney('0.4'), 0, '0'],
    [5n, 12, '0.000000000005'],
    [-5n, 12, '-0.000000000005'],
    [parseMoney('18.0066386184'), 2, '18.01'],
    [10n ** 30n * U, 2, `1${'0'.repeat(30)}.00`],
  ])('formats %s with %i decimals as %s', (amount, decimals, expected) => {
    // Act
    const text = formatMoney(amount, decimals);

    // Assess
    expect(text).toBe(expected);
  });

  it('refuses decimals outside 0..12', () => {
    // Act / Assess
    expect(() => formatMoney(1n, 13)).toThrow(RangeError);
    expect(() => formatMoney(1n, -1)).toThrow(RangeError);
  });

  it('rounds to within half a unit of the last decimal (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
        fc.integer({ min: 0, max: 12 }),
        (a, d) => {
          // Act
          const back = parseMoney(formatMoney(a, d));

          // Assess
          const step = 10n ** BigInt(12 - d);
          const diff = back > a ? back - a : a - back;
          expect(diff * 2n <= step).toBe(true);
          expect(back % step).toBe(0n);
        },
      ),
    );
  });
});

describe('moneyFromNumber, moneyOf, sumMoney', () => {
  it('converts numbers through their shortest decimal form, never binary fractions', () => {
    // Act / Assess
    expect(moneyFromNumber(0.1)).toBe(U / 10n);
    expect(moneyFromNumber(0.1 + 0.2)).toBe(300_000_000_000n); // 0.30000000000000004 rounds at 12 digits
    expect(moneyFromNumber(1e-7)).toBe(100_000n);
    expect(moneyFromNumber(-1234.5)).toBe(-1_234_500_000_000_000n);
    expect(() => moneyFromNumber(Number.NaN)).toThrow(RangeError);
    expect(() => moneyFromNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(moneyOf(10)).toBe(10n * U);
    expect(moneyOf('0.5')).toBe(U / 2n);
    expect(sumMoney([1n, -3n, 5n])).toBe(3n);
    expect(sumMoney([])).toBe(0n);
  });
});

describe('splitExact', () => {
  it.each([
    [10n, [1n, 1n, 1n], [4n, 3n, 3n]], // ties go to the lower index
    [10n, [2n, 1n], [7n, 3n]],
    [-10n, [1n, 1n, 1n], [-4n, -3n, -3n]], // credits split as the negated positive split
    [3n, [4n, 1n], [2n, 1n]], // 2.4 and 0.6: the largest remainder wins over the lower index
    [1n, [1n, 1n], [1n, 0n]],
    [7n, [0n, 5n, 0n], [0n, 7n, 0n]],
    [0n, [3n, 4n], [0n, 0n]],
    [100n, [1n], [100n]],
  ])('splits %s by [%s] as [%s]', (amount, weights, expected) => {
    // Act
    const parts = splitExact(amount, weights);

    // Assess
    expect(parts).toEqual(expected);
  });

  it.each([[[]], [[0n, 0n]], [[-1n, 2n]]])('refuses the weights [%s]', (weights) => {
    // Act / Assess
    expect(() => splitExact(5n, weights)).toThrow(RangeError);
  });

  const amounts = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n });
  const weightLists = fc
    .array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 1, maxLength: 10 })
    .filter((w) => w.some((x) => x > 0n));

  it('keeps the total exactly, each part within one unit of its exact share (fast-check)', () => {
    fc.assert(
      fc.property(amounts, weightLists, (amount, weights) => {
        // Act
        const parts = splitExact(amount, weights);

        // Assess
        const total = weights.reduce((a, b) => a + b, 0n);
        expect(parts).toHaveLength(weights.length);
        expect(sumMoney(parts)).toBe(amount);
        parts.forEach((p, i) => {
          // |p - amount * w / total| < 1, compared without division
          const off = p * total - amount * (weights[i] ?? 0n);
          expect(off < total && -off < total).toBe(true);
          if (weights[i] === 0n) expect(p).toBe(0n);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic, symmetric for credits and blind to the scale of the weights (fast-check)', () => {
    fc.assert(
      fc.property(amounts, weightLists, fc.bigInt({ min: 1n, max: 1000n }), (amount, weights, k) => {
        // Act
        const parts = splitExact(amount, weights);

        // Assess
        expect(splitExact(amount, [...weights])).toEqual(parts);
        expect(splitExact(-amount, weights)).toEqual(parts.map((p) => -p));
        expect(
          splitExact(
            amount,
            weights.map((w) => w * k),
          ),
        ).toEqual(parts);
      }),
    );
  });
});
