import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterAllocations, SIM_CLUSTERS, simClusterSpecs } from './clusters.js';
import { type FakeCostExplorer, startFakeCostExplorer } from './fakes/aws-cost-explorer.js';
import { type FakeTagging, startFakeTagging } from './fakes/aws-tagging.js';
import { type FakeCostManagement, startFakeCostManagement } from './fakes/azure-cost-management.js';
import type { Faults } from './fakes/faults.js';
import { type FakeBigQuery, startFakeBigQuery } from './fakes/gcp-bigquery.js';
import { type FakeGcpBilling, startFakeGcpBilling } from './fakes/gcp-billing.js';
import { type FakeOpenCost, startFakeOpenCost } from './fakes/opencost.js';
import { ACCOUNTS } from './org.js';
import { SIM_BILLING, SIM_BQ_TABLE, type SimWorld } from './world.js';

/** The three clouds' billing endpoints serving one simulated world, and the config that points at them. */
export interface SimulatedClouds {
  aws: FakeCostExplorer;
  gcp: FakeBigQuery;
  azure: FakeCostManagement;
  tagging: FakeTagging;
  gcpBilling: FakeGcpBilling;
  /** Each shared cluster's OpenCost, by cluster name. */
  opencost: Record<string, FakeOpenCost>;
  /** `attribution.clusters` for these endpoints (the sim's clusters with their OpenCost URLs). */
  clusters: ReturnType<typeof simClusterSpecs>;
  /** The `sources` section of costguard.config.yaml for these endpoints. */
  sources: Record<string, unknown>;
  /** Environment the AWS SDK needs (endpoint, dummy keys): set it before ingest runs. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the billing fakes for `world` on local ports. `dir` receives the localhost certificate the
 * Azure client must trust (Azure Resource Manager clients insist on https).
 */
export async function startSimulatedClouds(
  world: SimWorld,
  dir: string,
  faults: { aws?: Faults; gcp?: Faults; azure?: Faults; opencost?: Faults } = {},
): Promise<SimulatedClouds> {
  const [aws, gcp, azure, tagging, gcpBilling] = await Promise.all([
    startFakeCostExplorer(world.aws, faults.aws),
    startFakeBigQuery(world.gcp, faults.gcp),
    startFakeCostManagement(world.azure, faults.azure),
    startFakeTagging(world.taggedResources),
    startFakeGcpBilling({
      accounts: [{ id: SIM_BILLING.gcp, displayName: 'Helix ML billing', open: true }],
      projects: ACCOUNTS.filter((a) => a.cloud === 'gcp').map((a) => ({
        projectId: a.id,
        billingAccount: SIM_BILLING.gcp,
        billingEnabled: true,
      })),
    }),
  ]);
  const opencost: Record<string, FakeOpenCost> = {};
  for (const c of SIM_CLUSTERS) {
    opencost[c.name] = await startFakeOpenCost(
      {
        clusterId: c.name,
        allocations: (day) => (world.days.includes(day) ? clusterAllocations(c, day) : []),
      },
      faults.opencost,
    );
  }
  const caFile = join(dir, 'sim-localhost.pem');
  writeFileSync(caFile, azure.cert ?? '');
  const ids = (cloud: string) => ACCOUNTS.filter((a) => a.cloud === cloud).map((a) => a.id);
  return {
    aws,
    gcp,
    azure,
    tagging,
    gcpBilling,
    opencost,
    clusters: simClusterSpecs(Object.fromEntries(Object.entries(opencost).map(([n, f]) => [n, f.url]))),
    sources: {
      aws: { billingAccountId: SIM_BILLING.aws, accounts: ids('aws') },
      gcp: {
        billingAccountId: SIM_BILLING.gcp,
        table: SIM_BQ_TABLE,
        endpoint: gcp.url,
        billingEndpoint: gcpBilling.url,
        credential: 'anonymous',
      },
      azure: {
        billingAccountId: SIM_BILLING.azure,
        subscriptions: ids('azure'),
        endpoint: azure.url,
        credential: 'anonymous',
        caFile,
      },
    },
    env: {
      AWS_ENDPOINT_URL_COST_EXPLORER: aws.url,
      AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API: tagging.url,
      AWS_ACCESS_KEY_ID: 'AKIDSIMULATED',
      AWS_SECRET_ACCESS_KEY: 'simulated',
      AWS_REGION: 'us-east-1',
    },
    close: async () => {
      await Promise.all([
        aws.close(),
        gcp.close(),
        azure.close(),
        tagging.close(),
        gcpBilling.close(),
        ...Object.values(opencost).map((f) => f.close()),
      ]);
    },
  };
}
