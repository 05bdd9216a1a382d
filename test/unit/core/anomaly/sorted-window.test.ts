import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedWindow } from '../../../../src/core/anomaly/sorted-window.js';

const exactMad = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const med = (v: number[]) => ((v[(v.length - 1) >> 1] ?? 0) + (v[v.length >> 1] ?? 0)) / 2;
  const m = med(s);
  return { m, mad: med(s.map((x) => Math.abs(x - m)).sort((a, b) => a - b)) };
};

/** Few distinct values (many ties), or any doubles. */
const tiesOrAnyDoubles = fc.oneof(
  fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 80 }),
  fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 80 }),
);

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

  it('madAboutMedian() is mad(median()) to the last bit, ties and repeated values included', () => {
    fc.assert(
      fc.property(tiesOrAnyDoubles, fc.integer({ min: 1, max: 40 }), (xs, cap) => {
        const w = new SortedWindow(cap);
        for (const x of xs) {
          w.push(x);
          expect(Object.is(w.madAboutMedian(), w.mad(w.median()))).toBe(true);
        }
      }),
    );
  });

  it('madLowerBound/madUpperBound bracket the exact MAD about any centre, for every window of 2 or more', () => {
    fc.assert(
      fc.property(
        tiesOrAnyDoubles,
        fc.integer({ min: 2, max: 40 }),
        fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true })),
        (xs, cap, centre) => {
          const w = new SortedWindow(cap);
          for (const x of xs) {
            w.push(x);
            if (w.size < 2) continue;
            // The detector asks about the median; the bounds hold about any centre.
            const c = centre ?? w.median();
            const mad = w.mad(c);
            expect(w.madLowerBound(c)).toBeLessThanOrEqual(mad);
            expect(w.madUpperBound(c)).toBeGreaterThanOrEqual(mad);
          }
        },
      ),
    );
  });

  it('MAD about any centre and the IQR match a from-scratch computation, for any capacity', () => {
    const quantile = (s: number[], q: number) => {
      const pos = q * (s.length - 1);
      const lo = Math.floor(pos);
      return lo + 1 >= s.length
        ? (s[lo] as number)
        : (s[lo] as number) + (pos - lo) * ((s[lo + 1] as number) - (s[lo] as number));
    };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: -80, max: 80 }),
        (xs, cap, c) => {
          const w = new SortedWindow(cap);
          xs.forEach((x, i) => {
            w.push(x);
            const win = xs.slice(Math.max(0, i - cap + 1), i + 1);
            const s = [...win].sort((a, b) => a - b);
            const d = win.map((v) => Math.abs(v - c)).sort((a, b) => a - b);
            const mad = ((d[(d.length - 1) >> 1] as number) + (d[d.length >> 1] as number)) / 2;
            expect(w.mad(c)).toBeCloseTo(mad, 9);
            expect(w.iqr()).toBeCloseTo(quantile(s, 0.75) - quantile(s, 0.25), 9);
          });
        },
      ),
    );
  });
});
