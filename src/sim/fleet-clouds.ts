import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsCloudWatchFake } from './fakes/aws-cloudwatch.js';
import { awsEc2Fake } from './fakes/aws-ec2.js';
import { azureComputeFake } from './fakes/azure-compute.js';
import { azureMonitorFake } from './fakes/azure-monitor.js';
import type { FleetWorld } from './fakes/fleet-world.js';
import { gcpComputeFake } from './fakes/gcp-compute.js';
import { gcpMonitoringFake } from './fakes/gcp-monitoring.js';
import { type LocalServer, startLocalServer } from './local-server.js';

const GPU_METRIC = { namespace: 'Telegraf/nvidia_smi', name: 'utilization_gpu' };

/** Where the fleet lives: the regions, projects and subscriptions the idle config must list. */
export interface FleetScope {
  awsRegions: readonly string[];
  gcpProjects: readonly string[];
  azureSubscriptions: readonly string[];
}

export interface Clouds {
  /** The `idle` config section that points the SDK clients at the fakes. */
  config: Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Starts the fleet fakes (EC2, CloudWatch, Compute Engine, Cloud Monitoring, Azure compute and monitor)
 * on `world()`, read per request so tests can swap worlds; `dir` receives the certificate the Azure
 * client must trust.
 */
export async function startClouds(world: () => FleetWorld, dir: string, scope: FleetScope): Promise<Clouds> {
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
        regions: [...scope.awsRegions],
        endpoints: { ec2: ec2.url, cloudwatch: cw.url },
        credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
      },
      gcp: {
        projects: [...scope.gcpProjects],
        endpoints: { compute: compute.url, monitoring: monitoring.url },
        accessToken: 'local-token',
      },
      azure: {
        subscriptions: [...scope.azureSubscriptions],
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
