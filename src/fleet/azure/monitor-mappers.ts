import type { Metric } from '@azure/arm-monitor';
import type { Sample } from '../../core/idle/types.js';

/** Points of one metric: `pick` chooses the aggregation; points without it carry no sample. */
export function samplesOf(
  metrics: readonly Metric[],
  name: string,
  pick: (p: { maximum?: number; total?: number }) => number | undefined,
): Sample[] | undefined {
  const metric = metrics.find((m) => m.name.value === name);
  if (!metric) return undefined;
  const out: Sample[] = [];
  for (const ts of metric.timeseries ?? []) {
    for (const p of ts.data ?? []) {
      const v = pick(p);
      if (v !== undefined && Number.isFinite(v))
        out.push({ at: new Date(p.timeStamp).toISOString(), value: v });
    }
  }
  return out.length ? out : undefined;
}
