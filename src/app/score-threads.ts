import { availableParallelism } from 'node:os';
import type { DetectorOptions } from '../core/anomaly/detector.js';
import { type NamedSeries, type ScoredAlert, scoredAlert, scoreSeries } from '../core/anomaly/series-csv.js';

/** Below this many series one thread is as fast as starting more (a worker starts in tens of ms). */
export const THREADS_FROM = 2000;

/** Threads for `count` series when the user did not say: every core from THREADS_FROM series, else one. */
export function defaultThreads(count: number): number {
  return count >= THREADS_FROM ? availableParallelism() : 1;
}

/**
 * scoreSeries() on `threads` worker threads (AnomalyPool): the same alerts in the same order (series in
 * input order, days ascending). One thread, or a single series, runs in process without loading the
 * pool (piscina).
 */
export async function scoreSeriesOnThreads(
  series: readonly NamedSeries[],
  opts: DetectorOptions,
  threads: number,
): Promise<ScoredAlert[]> {
  if (threads <= 1 || series.length < 2) return scoreSeries(series, opts);
  const { AnomalyPool, packSeries } = await import('./anomaly-pool.js');
  const pool = AnomalyPool.start(Math.min(threads, series.length));
  try {
    const r = await pool.judge(packSeries(series), opts);
    return r.found.map(({ series: k, alert }) => {
      const s = series[k] as NamedSeries;
      return scoredAlert(s.name, s.days, alert);
    });
  } finally {
    await pool.close();
  }
}
