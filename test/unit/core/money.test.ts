import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney, splitExact } from '../../../src/core/money.js';

describe('money', () => {
  it('parses decimals exactly and rounds past 12 digits half away from zero', () => {
    expect(parseMoney('0.00001605990')).toBe(16059900n);
    expect(parseMoney('-3')).toBe(-3_000_000_000_000n);
    expect(parseMoney('1.2E-7')).toBe(120_000n);
    expect(parseMoney('0.0000000000005')).toBe(1n);
    expect(parseMoney('-0.0000000000005')).toBe(-1n);
    expect(() => parseMoney('12.3.4')).toThrow(RangeError);
    expect(() => parseMoney('')).toThrow(RangeError);
  });

  it('formats with rounding', () => {
    expect(formatMoney(parseMoney('1234.565'))).toBe('1234.57');
    expect(formatMoney(parseMoney('-0.004'))).toBe('0.00');
    expect(formatMoney(parseMoney('-1.005'), 2)).toBe('-1.01');
  });

  it('splits exactly, each part within one unit of its share (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc
          .array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { minLength: 1, maxLength: 8 })
          .filter((w) => w.some((x) => x > 0n)),
        (amount, weights) => {
          const parts = splitExact(amount, weights);
          const total = weights.reduce((a, b) => a + b, 0n);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(amount);
          parts.forEach((p, i) => {
            const exact = (amount * (weights[i] ?? 0n)) / total;
            expect(p - exact <= 1n && exact - p <= 1n).toBe(true);
          });
        },
      ),
    );
  });
});
