import type { Handler } from '../local-server.js';
import { denies, type FleetWorld, periods, type SimVm, serve } from './fleet-world.js';
import { gceNumericId } from './gcp-compute.js';
import { sendGoogleError, sendGoogleJson, throttled } from './gcp-wire.js';

/** World value -> the metric's unit: the agent GPU metric is percent, DCGM and CPU are ratios. */
function valueFor(vm: SimVm, metricType: string, rate: boolean, periodSec: number): number | undefined {
  const m = vm.metrics;
  if (metricType === 'agent.googleapis.com/gpu/utilization') return m.gpu;
  if (metricType === 'compute.googleapis.com/instance/cpu/utilization')
    return m.cpu === undefined ? undefined : m.cpu / 100;
  if (
    metricType === 'compute.googleapis.com/instance/network/received_bytes_count' &&
    m.networkIn !== undefined
  ) {
    return rate ? m.networkIn : m.networkIn * periodSec;
  }
  return undefined;
}

/**
 * Cloud Monitoring v3 REST (`fallback: 'rest'` in @google-cloud/monitoring): projects.timeSeries.list
 * with a filter on metric.type and resource.labels.instance_id, paged by pageToken. Points come newest
 * first, as the API returns them.
 */
export function gcpMonitoringFake(world: FleetWorld): Handler {
  return (req, _body, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const m = /^\/v3\/projects\/([^/]+)\/timeSeries$/.exec(url.pathname);
    if (!m || req.method !== 'GET')
      return sendGoogleError(res, 404, 'NOT_FOUND', `no fake for ${url.pathname}`);
    const project = m[1];
    if (serve(world, 'monitoring', 'timeSeries.list', project)) return throttled(res);
    if (denies(world, 'timeSeries.list'))
      return sendGoogleError(
        res,
        403,
        'PERMISSION_DENIED',
        `Permission monitoring.timeSeries.list denied (or the resource may not exist).`,
      );
    const q = url.searchParams;
    const filter = q.get('filter') ?? '';
    const metricType = /metric\.type\s*=\s*"([^"]+)"/.exec(filter)?.[1] ?? '';
    const ids = new Set([...filter.matchAll(/"(\d+)"/g)].map((x) => x[1]));
    const period = Number((q.get('aggregation.alignmentPeriod') ?? '60s').replace(/s$/, ''));
    const aligner = q.get('aggregation.perSeriesAligner') ?? '';
    const rate = aligner === 'ALIGN_RATE' || aligner === '2';
    const start = Date.parse(q.get('interval.startTime') ?? '');
    const end = Date.parse(q.get('interval.endTime') ?? '');
    if (Number.isNaN(start) || Number.isNaN(end)) {
      return sendGoogleError(
        res,
        400,
        'INVALID_ARGUMENT',
        'interval.startTime and interval.endTime are required',
      );
    }
    const series = world.vms
      .filter((v) => v.provider === 'gcp' && v.account === project && ids.has(gceNumericId(v)))
      .flatMap((v) => {
        const value = valueFor(v, metricType, rate, period);
        if (value === undefined) return [];
        const times = periods(start, end, period).reverse();
        return [
          {
            metric: { type: metricType, labels: metricType.includes('gpu') ? { gpu_number: '0' } : {} },
            resource: {
              type: 'gce_instance',
              labels: { project_id: project, instance_id: gceNumericId(v), zone: v.zone },
            },
            metricKind: 'GAUGE',
            valueType: 'DOUBLE',
            points: times.map((t) => ({
              interval: {
                startTime: new Date(t - period * 1000).toISOString(),
                endTime: new Date(t).toISOString(),
              },
              value: { doubleValue: value },
            })),
          },
        ];
      });
    const from = Number(q.get('pageToken') || '0');
    const page = series.slice(from, from + world.pageSize);
    const next = from + world.pageSize < series.length ? String(from + world.pageSize) : undefined;
    return sendGoogleJson(res, 200, { timeSeries: page, ...(next ? { nextPageToken: next } : {}), unit: '' });
  };
}
