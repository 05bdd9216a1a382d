import type { protos } from '@google-cloud/monitoring';
import type { Sample } from '../../core/idle/types.js';

type ITimeSeries = protos.google.monitoring.v3.ITimeSeries;

export const GPU_METRICS = {
  // Ops Agent: percent per GPU.
  'agent.googleapis.com/gpu/utilization': 1,
  // Ops Agent DCGM receiver: a ratio per GPU.
  'agent.googleapis.com/dcgm/gpu/utilization': 100,
} as const;
export const CPU_METRIC = 'compute.googleapis.com/instance/cpu/utilization';
export const NETWORK_METRIC = 'compute.googleapis.com/instance/network/received_bytes_count';

/** Ratios (CPU, DCGM) become percent like the other clouds; GPU series of one VM merge by max. */
const SCALE: Record<string, number> = { ...GPU_METRICS, [CPU_METRIC]: 100, [NETWORK_METRIC]: 1 };

const seconds = (t: protos.google.protobuf.ITimestamp | string | null | undefined): string | undefined => {
  if (!t) return undefined;
  if (typeof t === 'string') return new Date(t).toISOString();
  return new Date(Number(t.seconds ?? 0) * 1000 + Math.round((t.nanos ?? 0) / 1e6)).toISOString();
};

/** Series per numeric instance id; several series of one instance (one per GPU) merge by max per time. */
export function mapTimeSeries(series: readonly ITimeSeries[]): Map<string, Sample[]> {
  const byInstance = new Map<string, Map<string, number>>();
  for (const s of series) {
    const id = s.resource?.labels?.instance_id;
    const type = s.metric?.type ?? '';
    if (!id) continue;
    const scale = SCALE[type] ?? 1;
    const points = byInstance.get(id) ?? new Map<string, number>();
    for (const p of s.points ?? []) {
      const at = seconds(p.interval?.endTime as never);
      const v = p.value?.doubleValue ?? Number(p.value?.int64Value ?? Number.NaN);
      if (!at || !Number.isFinite(v)) continue;
      points.set(at, Math.max(points.get(at) ?? Number.NEGATIVE_INFINITY, v * scale));
    }
    byInstance.set(id, points);
  }
  const out = new Map<string, Sample[]>();
  for (const [id, points] of byInstance) {
    if (points.size === 0) continue;
    out.set(
      id,
      [...points].map(([at, value]) => ({ at, value })).sort((a, b) => a.at.localeCompare(b.at)),
    );
  }
  return out;
}
