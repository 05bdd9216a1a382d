import { parentPort } from 'node:worker_threads';
import { FLAG, judgeSeries } from '../core/anomaly/detector.js';
import { DetectorScratch } from '../core/anomaly/detector-scratch.js';
import type { WorkerTask } from './anomaly-pool.js';

// One thread of AnomalyPool: judges series [from, to) of the shared batch, writes their flags in place
// and answers with the number of onsets.
// One scratch per thread: windows and result arrays are allocated once, not per series.
let scratch: DetectorScratch | undefined;
parentPort?.on('message', (t: WorkerTask) => {
  if (!scratch?.fits(t.opts)) scratch = new DetectorScratch(t.opts);
  let alerts = 0;
  for (let k = t.from; k < t.to; k++) {
    const a = t.packed.offsets[k] as number;
    const b = t.packed.offsets[k + 1] as number;
    const j = judgeSeries(t.packed.days.subarray(a, b), t.packed.values.subarray(a, b), t.opts, scratch);
    t.flags.set(j.flag, a);
    for (let i = 0; i < j.flag.length; i++) if (j.flag[i] === FLAG.alert) alerts += 1;
  }
  parentPort?.postMessage(alerts);
});
