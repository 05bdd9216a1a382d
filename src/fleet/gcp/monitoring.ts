import type { MetricServiceClient } from '@google-cloud/monitoring';
import type { InstanceMetrics, Sample } from '../../core/idle/types.js';
import { retrying } from './gax-options.js';
import { CPU_METRIC, GPU_METRICS, mapTimeSeries, NETWORK_METRIC } from './monitoring-mappers.js';

const PERIOD_SECONDS = 300;
// Filters stay well under the API's length limit with this many ids per call.
const IDS_PER_CALL = 100;
// Aligner numbers (the REST transport sends enums as numbers): ALIGN_RATE = 2, ALIGN_MAX = 11.
const ALIGN_RATE = 2;
const ALIGN_MAX = 11;

async function list(
  client: MetricServiceClient,
  project: string,
  metricType: string,
  ids: readonly string[],
  from: Date,
  to: Date,
  aligner: number,
): Promise<Map<string, Sample[]>> {
  const filter =
    `metric.type = "${metricType}" AND resource.type = "gce_instance" AND ` +
    `resource.labels.instance_id = one_of(${ids.map((i) => `"${i}"`).join(', ')})`;
  const series = [];
  const iterable = client.listTimeSeriesAsync(
    {
      name: `projects/${project}`,
      filter,
      interval: {
        startTime: { seconds: Math.floor(from.getTime() / 1000) },
        endTime: { seconds: Math.floor(to.getTime() / 1000) },
      },
      aggregation: { alignmentPeriod: { seconds: PERIOD_SECONDS }, perSeriesAligner: aligner },
      view: 'FULL',
    },
    retrying(),
  );
  for await (const s of iterable) series.push(s);
  return mapTimeSeries(series);
}

/** GPU (agent or DCGM), CPU and received bytes per numeric instance id, over [from, to]. */
export async function readUtilization(
  client: MetricServiceClient,
  project: string,
  numericIds: readonly string[],
  from: Date,
  to: Date,
): Promise<Map<string, InstanceMetrics>> {
  const out = new Map<string, InstanceMetrics>();
  const put = (id: string, kind: keyof InstanceMetrics, samples: Sample[]) => {
    const m = out.get(id) ?? {};
    m[kind] = samples;
    out.set(id, m);
  };
  for (let i = 0; i < numericIds.length; i += IDS_PER_CALL) {
    const ids = numericIds.slice(i, i + IDS_PER_CALL);
    for (const gpuMetric of Object.keys(GPU_METRICS)) {
      for (const [id, s] of await list(client, project, gpuMetric, ids, from, to, ALIGN_MAX)) {
        if (!out.get(id)?.gpu) put(id, 'gpu', s);
      }
    }
    for (const [id, s] of await list(client, project, CPU_METRIC, ids, from, to, ALIGN_MAX))
      put(id, 'cpu', s);
    for (const [id, s] of await list(client, project, NETWORK_METRIC, ids, from, to, ALIGN_RATE))
      put(id, 'networkIn', s);
  }
  return out;
}
