import type { MonitorClient } from '@azure/arm-monitor';
import type { InstanceMetrics } from '../../core/idle/types.js';
import { samplesOf } from './monitor-mappers.js';

const PERIOD_SECONDS = 300;
const CPU = 'Percentage CPU';
const NETWORK = 'Network In Total';

export interface GpuMetricSpec {
  namespace: string;
  name: string;
}

const isMissingMetric = (e: unknown) =>
  (e as { statusCode?: number }).statusCode === 400 && /metric/i.test((e as Error).message ?? '');

/**
 * Platform CPU and network of one VM, and the GPU metric when the VM publishes one in the custom
 * namespace (Azure answers 400 for a custom metric that does not exist; that means "no GPU metric").
 */
export async function readVmUtilization(
  client: MonitorClient,
  resourceId: string,
  from: Date,
  to: Date,
  gpu: GpuMetricSpec,
): Promise<InstanceMetrics> {
  // The resource URI is a path parameter the client does not encode; without the leading slash
  // it joins the endpoint cleanly.
  const uri = resourceId.replace(/^\//, '');
  const timespan = `${from.toISOString()}/${to.toISOString()}`;
  const interval = `PT${PERIOD_SECONDS / 60}M`;
  const platform = await client.metrics.list(uri, {
    timespan,
    interval,
    metricnames: `${CPU},${NETWORK}`,
    aggregation: 'Maximum,Total',
  });
  const out: InstanceMetrics = {};
  const cpu = samplesOf(platform.value, CPU, (p) => p.maximum);
  // Network In Total is bytes per interval; the policy wants bytes per second.
  const net = samplesOf(platform.value, NETWORK, (p) =>
    p.total === undefined ? undefined : p.total / PERIOD_SECONDS,
  );
  if (cpu) out.cpu = cpu;
  if (net) out.networkIn = net;
  try {
    const custom = await client.metrics.list(uri, {
      timespan,
      interval,
      metricnamespace: gpu.namespace,
      metricnames: gpu.name,
      aggregation: 'Maximum',
    });
    const g = samplesOf(custom.value, gpu.name, (p) => p.maximum);
    if (g) out.gpu = g;
  } catch (e) {
    if (!isMissingMetric(e)) throw e;
  }
  return out;
}
