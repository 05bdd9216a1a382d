import type { ServerResponse } from 'node:http';
import type { Handler } from '../local-server.js';
import { iamDenial } from './aws-wire.js';
import { denies, type FleetWorld, periods, type SimVm, serve } from './fleet-world.js';

interface MetricDataQuery {
  Id: string;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...headers });
  res.end(JSON.stringify(body));
}

/** The value a world VM shows for one CloudWatch metric, per period; undefined when it does not exist. */
function metricValue(
  vm: SimVm,
  q: NonNullable<MetricDataQuery['MetricStat']>,
  gpuNamespace: string,
): number | undefined {
  const { Namespace, MetricName } = q.Metric;
  if (Namespace === gpuNamespace && MetricName === 'nvidia_smi_utilization_gpu') return vm.metrics.gpu;
  if (Namespace !== 'AWS/EC2') return undefined;
  if (MetricName === 'CPUUtilization') return vm.metrics.cpu;
  // NetworkIn is bytes per period: Sum over the period of the world's bytes per second.
  if (MetricName === 'NetworkIn' && vm.metrics.networkIn !== undefined)
    return vm.metrics.networkIn * q.Period;
  return undefined;
}

/**
 * CloudWatch as @aws-sdk/client-cloudwatch 3.1164 speaks it: AWS JSON 1.0 (`X-Amz-Target:
 * GraniteServiceVersion20100801.<Op>`), timestamps as epoch seconds, query-compatible errors (the
 * `x-amzn-query-error` header carries the old query error code). GetMetricData pages by query.
 */
export function awsCloudWatchFake(world: FleetWorld, opts: { gpuNamespace?: string } = {}): Handler {
  const gpuNamespace = opts.gpuNamespace ?? 'CWAgent';
  return (req, body, res) => {
    const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    if (serve(world, 'cloudwatch', op)) {
      sendJson(
        res,
        400,
        { __type: 'Throttling', message: 'Rate exceeded' },
        { 'x-amzn-query-error': 'Throttling;Sender' },
      );
      return;
    }
    if (denies(world, op)) {
      // Query-compatible: the JSON 1.0 error carries the old query code in x-amzn-query-error.
      sendJson(
        res,
        403,
        {
          __type: 'com.amazon.coral.service#AccessDeniedException',
          message: iamDenial(`cloudwatch:${op}`, '*'),
        },
        { 'x-amzn-query-error': 'AccessDenied;Sender' },
      );
      return;
    }
    if (op === 'ListMetrics') {
      const input = JSON.parse(body.toString() || '{}') as { Namespace?: string; MetricName?: string };
      const metrics = world.vms
        .filter((v) => v.provider === 'aws' && v.state === 'running' && v.metrics.gpu !== undefined)
        .map((v) => ({
          Namespace: gpuNamespace,
          MetricName: 'nvidia_smi_utilization_gpu',
          Dimensions: [{ Name: 'InstanceId', Value: v.id }],
        }))
        .filter(
          (m) =>
            (!input.Namespace || m.Namespace === input.Namespace) &&
            (!input.MetricName || m.MetricName === input.MetricName),
        );
      sendJson(res, 200, { Metrics: metrics });
      return;
    }
    if (op !== 'GetMetricData') {
      sendJson(res, 400, { __type: 'InvalidAction', message: `${op} is not served by this fake` });
      return;
    }
    const input = JSON.parse(body.toString()) as {
      MetricDataQueries: MetricDataQuery[];
      StartTime: number;
      EndTime: number;
      NextToken?: string;
    };
    const start = Number(input.NextToken ?? '0');
    const page = input.MetricDataQueries.slice(start, start + world.pageSize);
    const results = page.map((q) => {
      const stat = q.MetricStat;
      const id = stat?.Metric.Dimensions?.find((d) => d.Name === 'InstanceId')?.Value;
      const vm = world.vms.find((v) => v.provider === 'aws' && v.id === id);
      const value = stat && vm ? metricValue(vm, stat, gpuNamespace) : undefined;
      const times =
        value === undefined || !stat
          ? []
          : periods(input.StartTime * 1000, input.EndTime * 1000 - 1, stat.Period);
      // CloudWatch returns newest first by default (ScanBy TimestampDescending).
      times.reverse();
      return {
        Id: q.Id,
        Label: stat?.Metric.MetricName ?? q.Id,
        Timestamps: times.map((t) => t / 1000),
        Values: times.map(() => value as number),
        StatusCode: 'Complete',
      };
    });
    const next =
      start + world.pageSize < input.MetricDataQueries.length ? String(start + world.pageSize) : undefined;
    sendJson(res, 200, { MetricDataResults: results, Messages: [], ...(next ? { NextToken: next } : {}) });
  };
}
