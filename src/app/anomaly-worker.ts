import { alertsOf } from '../core/anomaly/alerts.js';
import { judgeSeries } from '../core/anomaly/detector.js';
import { DetectorScratch } from '../core/anomaly/detector-scratch.js';
import type { PooledAlert, WorkerAnswer, WorkerTask } from './anomaly-pool.js';

// One thread of AnomalyPool (piscina calls the default export once per task): judges one chunk of the
// shared batch's series, writes their flags in place and answers with the onsets it found.
// One scratch per thread: windows and result arrays are allocated once, not per series.
let scratch: DetectorScratch | undefined;

export default function judgeChunk(t: WorkerTask): WorkerAnswer {
  if (!scratch?.fits(t.opts)) scratch = new DetectorScratch(t.opts);
  const found: PooledAlert[] = [];
  for (let k = t.from; k < t.to; k++) {
    const a = t.packed.offsets[k] as number;
    const b = t.packed.offsets[k + 1] as number;
    const values = t.packed.values.subarray(a, b);
    const j = judgeSeries(t.packed.days.subarray(a, b), values, t.opts, scratch);
    t.flags.set(j.flag, a);
    for (const alert of alertsOf(values, j)) found.push({ series: k, alert });
  }
  return { found };
}
