/**
 * mulberry32: a small, fast, seeded PRNG. Simulated worlds, benchmark data and test shapes all use it,
 * so the same seed gives the same data everywhere; statistical quality is beside the point here.
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
