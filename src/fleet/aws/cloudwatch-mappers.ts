import type { MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { InstanceMetrics, Sample } from '../../core/idle/types.js';

export type SeriesKind = 'gpu' | 'cpu' | 'networkIn';

export interface QueryPlan {
  queries: MetricDataQuery[];
  /** Query id -> which instance and series it answers. */
  owners: Map<string, { instanceId: string; kind: SeriesKind }>;
}

/**
 * Three queries per instance: the CloudWatch agent's GPU metric (the agent config must aggregate it by
 * InstanceId alone: `aggregation_dimensions: [["InstanceId"]]`), EC2's CPUUtilization and NetworkIn.
 */
export function metricQueries(instanceIds: readonly string[], namespace: string, period: number): QueryPlan {
  const queries: MetricDataQuery[] = [];
  const owners = new Map<string, { instanceId: string; kind: SeriesKind }>();
  const add = (id: string, instanceId: string, kind: SeriesKind, ns: string, name: string, stat: string) => {
    queries.push({
      Id: id,
      MetricStat: {
        Metric: { Namespace: ns, MetricName: name, Dimensions: [{ Name: 'InstanceId', Value: instanceId }] },
        Period: period,
        Stat: stat,
      },
      ReturnData: true,
    });
    owners.set(id, { instanceId, kind });
  };
  instanceIds.forEach((instanceId, n) => {
    add(`g${n}`, instanceId, 'gpu', namespace, 'nvidia_smi_utilization_gpu', 'Maximum');
    add(`c${n}`, instanceId, 'cpu', 'AWS/EC2', 'CPUUtilization', 'Maximum');
    add(`n${n}`, instanceId, 'networkIn', 'AWS/EC2', 'NetworkIn', 'Sum');
  });
  return { queries, owners };
}

/** Results (possibly split over pages) to series per instance id; NetworkIn becomes bytes per second. */
export function mapMetricResults(
  results: readonly MetricDataResult[],
  owners: QueryPlan['owners'],
  period: number,
): Map<string, InstanceMetrics> {
  const out = new Map<string, Record<SeriesKind, Sample[] | undefined>>();
  for (const r of results) {
    const owner = r.Id ? owners.get(r.Id) : undefined;
    if (!owner) continue;
    const samples = (r.Timestamps ?? []).map((t, i) => {
      const v = r.Values?.[i] ?? 0;
      return { at: t.toISOString(), value: owner.kind === 'networkIn' ? v / period : v };
    });
    if (samples.length === 0) continue;
    const entry = out.get(owner.instanceId) ?? { gpu: undefined, cpu: undefined, networkIn: undefined };
    entry[owner.kind] = [...(entry[owner.kind] ?? []), ...samples];
    out.set(owner.instanceId, entry);
  }
  const metrics = new Map<string, InstanceMetrics>();
  for (const [id, e] of out) {
    const m: InstanceMetrics = {};
    if (e.gpu) m.gpu = e.gpu;
    if (e.cpu) m.cpu = e.cpu;
    if (e.networkIn) m.networkIn = e.networkIn;
    metrics.set(id, m);
  }
  return metrics;
}
