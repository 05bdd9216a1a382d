import { expect, it } from 'vitest';
import { storeAllocations } from '../../src/app/cluster-ingest.js';
import { attribute } from '../../src/core/attribution/attribute.js';
import { type AttributionConfig, DEFAULT_ATTRIBUTION } from '../../src/core/attribution/types.js';
import type { AllocationStore, ClusterSpec } from '../../src/core/clusters/types.js';
import type { CostFact } from '../../src/core/cost-fact.js';
import type { CostLine } from '../../src/core/cost-line.js';
import { scopesOf } from '../../src/core/import-scopes.js';
import { formatMoney, parseMoney } from '../../src/core/money.js';
import type { CostStore, ImportRecord } from '../../src/core/ports.js';
import { contractSuite, type Harness } from '../helpers/store-harness.js';
import { allocation } from './allocation-store.contract.js';

export interface SplitStores {
  cost: CostStore;
  allocations: AllocationStore;
}

const gpu: ClusterSpec = { name: 'gpu-east', cloud: 'aws', idle: 'separate', lines: [] };
const config: AttributionConfig = { ...DEFAULT_ATTRIBUTION, clusters: [gpu] };
const clock = { now: () => new Date('2026-11-10T06:00:00Z') };

function line(day: string, cost: string, tags: Record<string, string>, sub = '222222222222'): CostLine {
  const m = parseMoney(cost);
  return {
    day,
    provider: 'AWS',
    billingAccountId: '111111111111',
    subAccountId: sub,
    serviceName: 'Amazon Elastic Compute Cloud',
    serviceCategory: 'Compute',
    regionId: 'us-east-1',
    resourceId: 'i-0node',
    resourceName: '',
    chargeCategory: 'Usage',
    currency: 'USD',
    tags,
    billedCost: m,
    effectiveCost: m,
    listCost: m,
  };
}

const node = { 'eks:cluster-name': 'gpu-east' };

/** A file import of November (billing period 2026-11-01) holding the cluster's lump and a tagged model. */
async function importNovember(cost: CostStore, id: string): Promise<CostFact[]> {
  const facts = attribute(
    [
      line('2026-11-02', '90', node),
      line('2026-11-02', '10', { model: 'x' }),
      line('2026-11-03', '30', node),
    ],
    config,
  ).map((f) => ({ ...f, billingPeriod: '2026-11-01' }));
  const record: ImportRecord = {
    id,
    source: 'focus',
    origin: 'nov.csv',
    scopes: scopesOf(facts, new Map([['2026-11-01', '2026-11-30']])),
    importedAt: clock.now().toISOString(),
    rowCount: 3,
    factCount: facts.length,
  };
  await cost.replaceFacts(record, facts);
  return facts;
}

const byModel = (facts: readonly CostFact[]) =>
  Object.fromEntries(
    facts
      .map((f) => [`${f.day} ${f.model}`, formatMoney(f.effectiveCost)] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );

const range = { from: '2026-11-01', to: '2026-11-30' };

/** Re-splitting stored cluster spend (src/app/cluster-split.ts) on each store. */
export function clusterSplitContract(name: string, make: () => Promise<Harness<SplitStores>>): void {
  contractSuite(`cluster re-split: ${name}`, make, (t) => {
    it('splits a stored lump of a file import, keeps its billing period and the other facts, and is idempotent', async () => {
      const { cost, allocations } = t.store;
      await importNovember(cost, 'nov-1');
      const write = { store: cost, allocations, attribution: config, clock };
      const alloc = [
        allocation({ name: 'a', day: '2026-11-02', labels: { model: 'llama' }, gpuCost: 2 }),
        allocation({ name: 'b', day: '2026-11-02', labels: { model: 'whisper' }, gpuCost: 1 }),
      ];
      const first = await storeAllocations(write, 'gpu-east', alloc, {
        from: '2026-11-02',
        to: '2026-11-02',
      });
      expect(first.resplit).toMatchObject({ read: 1 });
      expect(first.resplit?.written).toBeGreaterThan(0);
      const facts = await cost.queryFacts(range);
      expect(byModel(facts)).toEqual({
        '2026-11-02 llama': '60.00',
        '2026-11-02 whisper': '30.00',
        '2026-11-02 x': '10.00',
        '2026-11-03 gpu-east (unsplit)': '30.00',
      });
      // Written back with the billing period they came from, so a re-import of November replaces them.
      const periods = await cost.queryFacts({ ...range, withBillingPeriod: true });
      expect(new Set(periods.map((f) => f.billingPeriod))).toEqual(new Set(['2026-11-01']));
      expect(periods).toHaveLength(facts.length);
      const again = await storeAllocations(write, 'gpu-east', alloc, {
        from: '2026-11-02',
        to: '2026-11-02',
      });
      expect(again.resplit).toMatchObject({ written: 0 });
      expect(byModel(await cost.queryFacts(range))).toEqual(byModel(facts));
    });

    it('new allocations replace the split; re-importing the bill splits it again, nothing doubled', async () => {
      const { cost, allocations } = t.store;
      await importNovember(cost, 'nov-1');
      const write = { store: cost, allocations, attribution: config, clock };
      await storeAllocations(
        write,
        'gpu-east',
        [allocation({ name: 'a', day: '2026-11-02', labels: { model: 'llama' }, gpuCost: 1 })],
        range,
      );
      expect(byModel(await cost.queryFacts(range))['2026-11-02 llama']).toBe('90.00');
      await storeAllocations(
        write,
        'gpu-east',
        [
          allocation({ name: 'a', day: '2026-11-02', labels: { model: 'llama' }, gpuCost: 1 }),
          allocation({ name: '__idle__', day: '2026-11-02', idle: true, gpuCost: 2 }),
        ],
        range,
      );
      expect(byModel(await cost.queryFacts(range))).toMatchObject({
        '2026-11-02 llama': '30.00',
        '2026-11-02 gpu-east idle': '60.00',
      });
      // The same file imported again (lumps) replaces the split facts of its period, then the stored
      // allocations split it at once when the import is given them (src/app/import-files.ts does).
      await importNovember(cost, 'nov-2');
      const total = (await cost.queryFacts(range)).reduce((a, f) => a + f.effectiveCost, 0n);
      expect(formatMoney(total)).toBe('130.00');
    });
  });
}
