import { parentPort } from 'node:worker_threads';
import { alertsOf } from '../core/anomaly/alerts.js';
import { judgeSeries } from '../core/anomaly/detector.js';
import { DetectorScratch } from '../core/anomaly/detector-scratch.js';
import type { PooledAlert, WorkerAnswer, WorkerTask } from './anomaly-pool.js';

// One thread of AnomalyPool: takes chunks of the shared batch's series until none are left (a shared
// counter), writes their flags in place and answers with the onsets it found.
// One scratch per thread: windows and result arrays are allocated once, not per series.
let scratch: DetectorScratch | undefined;
parentPort?.on('message', (t: WorkerTask) => {
  if (!scratch?.fits(t.opts)) scratch = new DetectorScratch(t.opts);
  const found: PooledAlert[] = [];
  const count = t.packed.offsets.length - 1;
  for (let from = Atomics.add(t.next, 0, t.chunk); from < count; from = Atomics.add(t.next, 0, t.chunk)) {
    const to = Math.min(count, from + t.chunk);
    for (let k = from; k < to; k++) {
      const a = t.packed.offsets[k] as number;
      const b = t.packed.offsets[k + 1] as number;
      const values = t.packed.values.subarray(a, b);
      const j = judgeSeries(t.packed.days.subarray(a, b), values, t.opts, scratch);
      t.flags.set(j.flag, a);
      for (const alert of alertsOf(values, j)) found.push({ series: k, alert });
    }
  }
  const answer: WorkerAnswer = { found };
  parentPort?.postMessage(answer);
});
