import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeIngest } from '../../functions/ingest.js';
import { parseConfig } from '../../src/config/load.js';
import { formatMoney } from '../../src/core/money.js';
import { clusterAllocations, SIM_CLUSTERS, simClusterSpecs } from '../../src/sim/clusters.js';
import { type FakeCostExplorer, startFakeCostExplorer } from '../../src/sim/fakes/aws-cost-explorer.js';
import { type FakeOpenCost, startFakeOpenCost } from '../../src/sim/fakes/opencost.js';
import { ACCOUNTS } from '../../src/sim/org.js';
import { buildWorld, SIM_ATTRIBUTION, SIM_BILLING, truthByModelStage } from '../../src/sim/world.js';
import { openCostPull } from '../../src/sources/opencost/pull.js';
import { SOURCE_REGISTRY } from '../../src/sources/registry.js';
import { DynamoDbAllocationStore } from '../../src/store/dynamodb/dynamodb-allocation-store.js';
import { DynamoDbCostStore } from '../../src/store/dynamodb/dynamodb-cost-store.js';
import { DynamoDbSourceStatusStore } from '../../src/store/dynamodb/dynamodb-source-status.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { memoryLogger } from './events.js';

// The deployed ingest function with the simulated EKS cluster: Cost Explorer's fake serves the AWS
// bill (the cluster's nodes tagged aws:eks:cluster-name), OpenCost's fake its allocations, DynamoDB is
// dynalite. The function pulls the allocations first, then the bill, and stores the split.
const END = '2026-11-21';
const FROM = '2026-11-15';
const ENV = ['AWS_ENDPOINT_URL_COST_EXPLORER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE'];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
const world = buildWorld({ seed: 42, end: END, days: 30 });
const eks = SIM_CLUSTERS.find((c) => c.name === 'eks-gpu');
let dynamo: LocalDynamo;
let aws: FakeCostExplorer;
let opencost: FakeOpenCost;

beforeAll(async () => {
  dynamo = await startDynalite();
  aws = await startFakeCostExplorer(world.aws);
  opencost = await startFakeOpenCost({
    clusterId: 'eks-gpu',
    allocations: (day) => (eks && world.days.includes(day) ? clusterAllocations(eks, day) : []),
  });
  process.env.AWS_ENDPOINT_URL_COST_EXPLORER = aws.url;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  delete process.env.AWS_PROFILE;
});
afterAll(async () => {
  await Promise.all([aws.close(), opencost.close(), dynamo.close()]);
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('ingest handler with a shared cluster', () => {
  it('pulls OpenCost first, then the bill, and stores the split equal to the truth; a re-run changes nothing', async () => {
    // Prepare
    const t = await dynamo.createTable();
    const clusters = simClusterSpecs({ 'eks-gpu': opencost.url }).filter((c) => c.name === 'eks-gpu');
    const config = parseConfig({
      attribution: { ...SIM_ATTRIBUTION, clusters },
      sources: {
        aws: {
          billingAccountId: SIM_BILLING.aws,
          accounts: ACCOUNTS.filter((a) => a.cloud === 'aws').map((a) => a.id),
        },
      },
    });
    const store = new DynamoDbCostStore(t, { graceMs: 0 });
    const handler = makeIngest(async () => ({
      sources: [SOURCE_REGISTRY.aws?.make(config.sources)].flatMap((s) => s ?? []),
      attribution: config.attribution,
      window: config.sources,
      store,
      status: new DynamoDbSourceStatusStore(t),
      clock: { now: () => new Date(`${END}T23:00:00Z`) },
      log: memoryLogger(),
      clusters: config.attribution.clusters,
      pullCluster: openCostPull(config.sources),
      allocations: new DynamoDbAllocationStore(t),
    }));
    // Act
    const first = await handler({ from: FROM, to: END });
    const facts = await store.queryFacts({ from: FROM, to: END });
    await handler({ from: FROM, to: END });
    // Assess
    expect(first.clusters).toEqual([{ cluster: 'eks-gpu', ok: true, allocations: 4 * 7 }]);
    expect(first.sources[0]).toMatchObject({ source: 'aws', ok: true, reconciliation: { mismatched: 0 } });
    const got = new Map<string, bigint>();
    for (const f of facts) {
      const k = `${f.model}/${f.stage}`;
      got.set(k, (got.get(k) ?? 0n) + f.effectiveCost);
    }
    const awsRows = world.rows.filter((r) => r.cloud === 'aws');
    const want = truthByModelStage({ ...world, rows: awsRows }, FROM, END);
    expect(Object.fromEntries([...got].map(([k, v]) => [k, formatMoney(v, 6)]))).toEqual(
      Object.fromEntries(want.map((x) => [`${x.model}/${x.stage}`, formatMoney(x.effective, 6)])),
    );
    expect(got.get('eks-gpu idle/unattributed')).toBeGreaterThan(0n);
    expect(await store.queryFacts({ from: FROM, to: END })).toEqual(facts);
  }, 60_000);
});
