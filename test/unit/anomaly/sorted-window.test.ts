import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedWindow } from '../../../src/core/anomaly/sorted-window.js';

const exactMad = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const med = (v: number[]) => ((v[(v.length - 1) >> 1] ?? 0) + (v[v.length >> 1] ?? 0)) / 2;
  const m = med(s);
  return { m, mad: med(s.map((x) => Math.abs(x - m)).sort((a, b) => a - b)) };
};

describe('SortedWindow', () => {
  it('median and MAD match a from-scratch computation over a sliding window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 80 }), (xs) => {
        const w = new SortedWindow(28);
        xs.forEach((x, i) => {
          w.push(x);
          const { m, mad } = exactMad(xs.slice(Math.max(0, i - 27), i + 1));
          expect(w.median()).toBeCloseTo(m, 9);
          expect(w.mad(w.median())).toBeCloseTo(mad, 9);
        });
      }),
    );
  });

  it('madBounds bracket the exact MAD for every window of 3 or more', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 80 }),
        fc.integer({ min: 3, max: 40 }),
        (xs, cap) => {
          const w = new SortedWindow(cap);
          for (const x of xs) {
            w.push(x);
            if (w.size < 3) continue;
            const m = w.median();
            const mad = w.mad(m);
            const b = w.madBounds(m);
            expect(b.lo).toBeLessThanOrEqual(mad + 1e-9 * Math.abs(mad));
            expect(b.hi).toBeGreaterThanOrEqual(mad - 1e-9 * Math.abs(mad));
          }
        },
      ),
    );
  });
});
