import { describe, expect, it } from 'vitest';
import { completeUpTo, trailingWindow } from '../../../src/core/billing-source.js';
import { daysIn } from '../../../src/core/day.js';

const w = { trailingDays: 5, previousMonthOpenUntilDay: 5 };

describe('ingest window', () => {
  it('re-pulls the trailing days up to today', () => {
    expect(trailingWindow('2026-10-15', w)).toEqual({ from: '2026-10-10', to: '2026-10-15' });
    expect(trailingWindow('2026-03-08', w)).toEqual({ from: '2026-03-03', to: '2026-03-08' });
  });

  it('adds the whole previous month while its invoice is open, across a year end', () => {
    expect(trailingWindow('2026-10-05', w)).toEqual({ from: '2026-09-01', to: '2026-10-05' });
    expect(trailingWindow('2026-10-06', w)).toEqual({ from: '2026-10-01', to: '2026-10-06' });
    expect(trailingWindow('2027-01-02', w)).toEqual({ from: '2026-12-01', to: '2027-01-02' });
    expect(trailingWindow('2027-01-02', { trailingDays: 40, previousMonthOpenUntilDay: 5 }).from).toBe(
      '2026-11-23',
    );
  });

  it('is complete up to the day before the first estimated day, and never today', () => {
    const range = { from: '2026-10-01', to: '2026-10-04' };
    expect(completeUpTo(range, '2026-10-04')).toBe('2026-10-03');
    expect(completeUpTo(range, '2026-10-10')).toBe('2026-10-04');
    expect(completeUpTo(range, '2026-10-10', '2026-10-03')).toBe('2026-10-02');
    expect(completeUpTo(range, '2026-10-10', '2026-10-01')).toBeUndefined();
    expect(daysIn({ from: '2024-02-28', to: '2024-03-01' })).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
  });
});
