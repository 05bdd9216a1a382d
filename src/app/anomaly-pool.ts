import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Alert } from '../core/anomaly/alerts.js';
import type { DetectorOptions } from '../core/anomaly/detector.js';

/**
 * Many series packed end to end in shared memory, so worker threads read them without a copy:
 * series k holds days/values [offsets[k], offsets[k + 1]).
 */
export interface PackedSeries {
  offsets: Int32Array;
  days: Int32Array;
  values: Float64Array;
}

export function packSeries(series: readonly { days: Int32Array; values: Float64Array }[]): PackedSeries {
  let total = 0;
  for (const s of series) total += s.values.length;
  const offsets = new Int32Array(new SharedArrayBuffer(4 * (series.length + 1)));
  const days = new Int32Array(new SharedArrayBuffer(4 * total));
  const values = new Float64Array(new SharedArrayBuffer(8 * total));
  let at = 0;
  series.forEach((s, k) => {
    offsets[k] = at;
    days.set(s.days, at);
    values.set(s.values, at);
    at += s.values.length;
  });
  offsets[series.length] = at;
  return { offsets, days, values };
}

/** One onset a thread found: the series' place in the batch and the alert. */
export interface PooledAlert {
  series: number;
  alert: Alert;
}

/** The detector's flags for every packed day (FLAG values), and the onsets, by series then day. */
export interface PoolResult {
  flags: Uint8Array;
  found: PooledAlert[];
}

/** A thread's answer to one batch. */
export interface WorkerAnswer {
  found: PooledAlert[];
}

export interface WorkerTask {
  packed: PackedSeries;
  /** The next series to take, shared by all threads (Atomics.add): whoever is free takes the next chunk. */
  next: Int32Array;
  chunk: number;
  opts: DetectorOptions;
  flags: Uint8Array;
}

/** Series a thread takes at a time: small enough to balance the threads, large enough to be cheap. */
const CHUNK = 256;

/**
 * Judges many series on worker threads (one per core by default). The detector in src/core stays pure
 * and single-threaded; this module only splits series between threads, which start once and serve
 * many batches. Runs from sources (tsx): the worker is the .ts file next to this one.
 */
export class AnomalyPool {
  private constructor(private readonly workers: Worker[]) {}

  static start(threads = availableParallelism()): AnomalyPool {
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(`./anomaly-worker${fromSource ? '.ts' : '.js'}`, import.meta.url);
    // Module hooks are per thread on Node 20: a worker run from sources registers tsx itself first.
    const boot = fromSource
      ? `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(url.href)}); });`
      : undefined;
    const make = () => (boot ? new Worker(boot, { eval: true }) : new Worker(url));
    return new AnomalyPool(Array.from({ length: Math.max(1, threads) }, make));
  }

  get size(): number {
    return this.workers.length;
  }

  async judge(packed: PackedSeries, opts: DetectorOptions): Promise<PoolResult> {
    const flags = new Uint8Array(new SharedArrayBuffer(packed.values.length));
    const next = new Int32Array(new SharedArrayBuffer(4));
    const task: WorkerTask = { packed, next, chunk: CHUNK, opts, flags };
    const runs = this.workers.map(
      (w) =>
        new Promise<WorkerAnswer>((resolve, reject) => {
          const onMessage = (n: WorkerAnswer) => {
            w.off('error', onError);
            resolve(n);
          };
          const onError = (e: Error) => {
            w.off('message', onMessage);
            reject(e);
          };
          w.once('message', onMessage);
          w.once('error', onError);
          w.postMessage(task);
        }),
    );
    const found = (await Promise.all(runs)).flatMap((r) => r.found);
    found.sort((a, b) => a.series - b.series || a.alert.index - b.alert.index);
    return { flags, found };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
