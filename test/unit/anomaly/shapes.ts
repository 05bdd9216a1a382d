import { dayNumber } from '../../../src/core/anomaly/days.js';

/** A seeded PRNG (mulberry32) so shapes are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A daily series from `start` of `n` days, value from `f(dayIndex, dayNumber)`. */
export function series(start: string, n: number, f: (i: number, day: number) => number) {
  const first = dayNumber(start);
  const days = Int32Array.from({ length: n }, (_, i) => first + i);
  const values = Float64Array.from({ length: n }, (_, i) => f(i, first + i));
  return { days, values };
}

/** Multiplicative noise of about `cv` (uniform, so bounded). */
export const noisy = (r: () => number, cv: number) => (v: number) =>
  v * (1 + cv * (2 * r() - 1) * Math.sqrt(3));
