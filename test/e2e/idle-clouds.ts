import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsCloudWatchFake } from '../../src/sim/fakes/aws-cloudwatch.js';
import { awsEc2Fake } from '../../src/sim/fakes/aws-ec2.js';
import { azureComputeFake } from '../../src/sim/fakes/azure-compute.js';
import { azureMonitorFake } from '../../src/sim/fakes/azure-monitor.js';
import type { FleetWorld } from '../../src/sim/fakes/fleet-world.js';
import { gcpComputeFake } from '../../src/sim/fakes/gcp-compute.js';
import { gcpMonitoringFake } from '../../src/sim/fakes/gcp-monitoring.js';
import { type LocalServer, startLocalServer } from '../../src/sim/local-server.js';
import { AZURE_SUBSCRIPTION } from './idle-world.js';

const GPU_METRIC = { namespace: 'Telegraf/nvidia_smi', name: 'utilization_gpu' };

export interface Clouds {
  /** The `idle` config section that points the SDK clients at the fakes. */
  config: Record<string, unknown>;
  close(): Promise<void>;
}

/** Starts every cloud fake on `world()` (read per request, so tests can swap worlds). */
export async function startClouds(world: () => FleetWorld, dir: string): Promise<Clouds> {
  const servers: LocalServer[] = [];
  const start = async (h: Parameters<typeof startLocalServer>[0], https = false) => {
    const s = await startLocalServer(h, { https });
    servers.push(s);
    return s;
  };
  const ec2 = await start((q, b, r) => awsEc2Fake(world())(q, b, r));
  const cw = await start((q, b, r) => awsCloudWatchFake(world())(q, b, r));
  const compute = await start((q, b, r) => gcpComputeFake(world())(q, b, r));
  const monitoring = await start((q, b, r) => gcpMonitoringFake(world())(q, b, r));
  const arm = await start((q, b, r) => {
    const metrics = /\/providers\/Microsoft\.Insights\/metrics$/i.test(
      new URL(q.url ?? '/', 'https://x').pathname,
    );
    const h = metrics
      ? azureMonitorFake(world(), { gpuNamespace: GPU_METRIC.namespace, gpuMetric: GPU_METRIC.name })
      : azureComputeFake(world());
    return h(q, b, r);
  }, true);
  const caFile = join(dir, 'arm-ca.pem');
  writeFileSync(caFile, arm.cert ?? '');
  return {
    config: {
      aws: {
        regions: ['us-east-1'],
        endpoints: { ec2: ec2.url, cloudwatch: cw.url },
        credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
      },
      gcp: {
        projects: ['ml-prod'],
        endpoints: { compute: compute.url, monitoring: monitoring.url },
        accessToken: 'local-token',
      },
      azure: {
        subscriptions: [AZURE_SUBSCRIPTION],
        endpoint: arm.url,
        caFile,
        accessToken: 'local-token',
        gpuMetric: GPU_METRIC,
      },
    },
    close: async () => {
      for (const s of servers) await s.close();
    },
  };
}
