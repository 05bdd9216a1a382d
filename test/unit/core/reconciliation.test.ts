import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../../src/core/money.js';
import { type DayAmounts, reconcile } from '../../../src/core/reconciliation.js';

const amt = (
  provider: string,
  day: string,
  currency: string,
  billed: string,
  effective = billed,
): DayAmounts => ({
  provider,
  day,
  currency,
  billedCost: parseMoney(billed),
  effectiveCost: parseMoney(effective),
});

describe('reconcile', () => {
  it('matches when the sums per provider, day and currency agree exactly, however split', () => {
    const r = reconcile(
      [amt('AWS', '2026-11-01', 'USD', '0.0000000001'), amt('AWS', '2026-11-01', 'USD', '2.5')],
      [amt('AWS', '2026-11-01', 'USD', '2.5000000001')],
    );
    expect(r.ok).toBe(true);
    expect(r.entries).toHaveLength(1);
  });

  it('flags a difference of one unit of the last decimal, in billed or effective', () => {
    const r = reconcile(
      [amt('AWS', '2026-11-01', 'USD', '1', '1'), amt('AWS', '2026-11-02', 'USD', '1', '1')],
      [amt('AWS', '2026-11-01', 'USD', '1.000000000001', '1'), amt('AWS', '2026-11-02', 'USD', '1', '0.9')],
    );
    expect(r.ok).toBe(false);
    expect(r.mismatches.map((e) => e.day)).toEqual(['2026-11-01', '2026-11-02']);
  });

  it('compares a key present on one side only with zero (a lost fact, a stale leftover)', () => {
    const r = reconcile(
      [amt('Microsoft', '2026-11-01', 'EUR', '3')],
      [amt('Microsoft', '2026-11-02', 'EUR', '4')],
    );
    expect(r.mismatches).toHaveLength(2);
    expect(r.mismatches[0]?.stored.billedCost).toBe(0n);
    expect(r.mismatches[1]?.source.billedCost).toBe(0n);
  });

  it('keeps currencies apart', () => {
    const r = reconcile([amt('AWS', '2026-11-01', 'USD', '1')], [amt('AWS', '2026-11-01', 'EUR', '1')]);
    expect(r.ok).toBe(false);
  });
});
