import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute } from '../../../../src/core/attribution/attribute.js';
import { compileClusterMatcher } from '../../../../src/core/clusters/match.js';
import { splitClusterFacts } from '../../../../src/core/clusters/split.js';
import {
  allocationOf,
  type ClusterAllocation,
  type ClusterSpec,
} from '../../../../src/core/clusters/types.js';
import { formatMoney } from '../../../../src/core/money.js';
import { config, line, sums } from '../attribution/lines.js';

const gpu: ClusterSpec = { name: 'gpu-east', cloud: 'aws', idle: 'separate', lines: [] };

function alloc(p: Partial<ClusterAllocation> & { name: string }): ClusterAllocation {
  return allocationOf({
    cluster: 'gpu-east',
    day: '2026-11-02',
    ...p,
  });
}

const node = (cost: string, tags: Record<string, string> = { 'eks:cluster-name': 'gpu-east' }) =>
  line({ day: '2026-11-02', cost, tags, resourceId: 'i-0node' });

/** Per model and stage, the effective cost as a 2-decimal string. */
const byModel = (facts: { model: string; stage: string; effectiveCost: bigint }[]) =>
  Object.fromEntries(facts.map((f) => [`${f.model}/${f.stage}`, formatMoney(f.effectiveCost, 6)]));

describe('cluster lines', () => {
  it('are found by the cloud tags, the node tag or the AKS node resource group, and kinds by rules', () => {
    const m = compileClusterMatcher([gpu, { ...gpu, name: 'aks-1', cloud: 'azure' }]);
    expect(m(node('1'))?.cluster.name).toBe('gpu-east');
    expect(m(node('1', { 'kubernetes.io/cluster/gpu-east': 'owned' }))?.to).toBe('compute');
    expect(m(node('1', { 'eks:cluster-name': 'other' }))).toBeUndefined();
    expect(
      m(line({ tags: { 'eks:cluster-name': 'gpu-east' }, serviceName: 'Amazon Elastic Kubernetes Service' }))
        ?.to,
    ).toBe('models');
    expect(m(line({ tags: { 'eks:cluster-name': 'gpu-east' }, resourceId: 'vol-0abc' }))?.to).toBe('storage');
    const aks = line({
      provider: 'Microsoft',
      resourceId:
        '/subscriptions/s/resourceGroups/MC_ml_aks-1_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-gpu',
    });
    expect(m(aks)?.cluster.name).toBe('aks-1');
  });

  it('become one lump per cluster, split exactly by the allocations, idle kept apart', () => {
    const cfg = config({ clusters: [gpu] });
    const lumps = attribute(
      [node('100'), node('0.000000000001'), line({ cost: '5', tags: { model: 'x' } })],
      cfg,
    );
    expect(byModel(lumps)).toEqual({
      'gpu-east (unsplit)/unattributed': '100.000000',
      'x/unattributed': '5.000000',
    });
    const allocations = [
      alloc({ name: 'ml/llama/p1', namespace: 'ml', labels: { model: 'llama', stage: 'serve' }, gpuCost: 2 }),
      alloc({
        name: 'ml/whisper/p2',
        namespace: 'ml',
        labels: { model: 'whisper', stage: 'train' },
        gpuCost: 1,
      }),
      alloc({ name: '__idle__', idle: true, gpuCost: 1 }),
    ];
    const split = splitClusterFacts(lumps, allocations, cfg);
    expect(byModel(split)).toEqual({
      'llama/serve': '50.000000',
      'whisper/train': '25.000000',
      'gpu-east idle/unattributed': '25.000000',
      'x/unattributed': '5.000000',
    });
    expect(sums(split)).toEqual(sums(lumps));
    // Spread: idle shared over the workloads.
    const spread = splitClusterFacts(lumps, allocations, config({ clusters: [{ ...gpu, idle: 'spread' }] }));
    expect(byModel(spread)['llama/serve']).toBe('66.666667');
  });

  it('re-splits split facts with new allocations, and a day without allocations stays the lump', () => {
    const cfg = config({ clusters: [gpu] });
    const lumps = attribute([node('90')], cfg);
    const first = splitClusterFacts(lumps, [alloc({ name: 'a', labels: { model: 'a' }, cpuCost: 1 })], cfg);
    const again = splitClusterFacts(first, [alloc({ name: 'a', labels: { model: 'a' }, cpuCost: 1 })], cfg);
    expect(again).toEqual(first);
    const changed = splitClusterFacts(
      first,
      [
        alloc({ name: 'a', labels: { model: 'a' }, cpuCost: 1 }),
        alloc({ name: 'b', labels: { model: 'b' }, cpuCost: 2 }),
      ],
      cfg,
    );
    expect(byModel(changed)).toEqual({ 'a/unattributed': '30.000000', 'b/unattributed': '60.000000' });
    expect(byModel(splitClusterFacts(changed, [], cfg))).toEqual({
      'gpu-east (unsplit)/unattributed': '90.000000',
    });
  });

  it('resolves workloads with the attribution rules: sanitized label keys, namespace labels, namespace', () => {
    const cfg = config({
      clusters: [gpu],
      dimensions: {
        model: { tagKeys: ['app.kubernetes.io/name', 'namespace'], valueAliases: {} },
        stage: { tagKeys: ['stage'], valueAliases: { prod: 'serve' } },
      },
    });
    const split = splitClusterFacts(
      attribute([node('30')], cfg),
      [
        alloc({
          name: '1',
          labels: { app_kubernetes_io_name: 'Llama' },
          namespaceLabels: { stage: 'prod' },
          cpuCost: 1,
        }),
        alloc({ name: '2', namespace: 'whisper-ns', cpuCost: 1 }),
        alloc({ name: '3', cpuCost: 1 }),
      ],
      cfg,
    );
    expect(byModel(split)).toEqual({
      'llama/serve': '10.000000',
      'whisper-ns/unattributed': '10.000000',
      'unattributed/unattributed': '10.000000',
    });
  });

  it('storage lines follow volumes, control plane the workloads without idle; a named-model rule wins', () => {
    const cfg = config({
      clusters: [
        {
          ...gpu,
          lines: [{ match: { service: 'Elastic Load Balancing' }, to: { model: 'edge', stage: 'serve' } }],
        },
      ],
    });
    const t = { 'eks:cluster-name': 'gpu-east' };
    const lines = [
      line({ day: '2026-11-02', cost: '12', tags: t, resourceId: 'vol-1' }),
      line({ day: '2026-11-02', cost: '3', tags: t, serviceName: 'Amazon Elastic Kubernetes Service' }),
      line({ day: '2026-11-02', cost: '7', tags: t, serviceName: 'Elastic Load Balancing' }),
    ];
    const split = splitClusterFacts(
      attribute(lines, cfg),
      [
        alloc({ name: 'a', labels: { model: 'a' }, cpuCost: 1, pvCost: 1 }),
        alloc({ name: 'b', labels: { model: 'b' }, cpuCost: 2, pvCost: 3 }),
        alloc({ name: '__idle__', idle: true, cpuCost: 100 }),
      ],
      cfg,
    );
    const cost = (model: string, by: string) =>
      split
        .filter((f) => f.model === model && f.modelBy.endsWith(by))
        .map((f) => formatMoney(f.effectiveCost));
    expect(cost('a', '/storage')).toEqual(['3.00']);
    expect(cost('b', '/storage')).toEqual(['9.00']);
    expect(cost('a', '/models')).toEqual(['1.00']);
    expect(cost('b', '/models')).toEqual(['2.00']);
    expect(cost('edge', 'cluster-rule:gpu-east')).toEqual(['7.00']);
  });

  it('keeps every amount exact and the split idempotent (property)', () => {
    const cfg = config({ clusters: [gpu] });
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), { minLength: 1, maxLength: 5 }),
        fc.array(
          fc.tuple(
            fc.constantFrom('a', 'b', 'c'),
            fc.double({ min: 0, max: 1e6, noNaN: true }),
            fc.boolean(),
          ),
          {
            maxLength: 6,
          },
        ),
        (amounts, parts) => {
          const lines = amounts.map((a) => ({
            ...node('0'),
            billedCost: a,
            effectiveCost: a * 2n,
            listCost: -a,
          }));
          const lumps = attribute(lines, cfg);
          const allocations = parts.map(([m, w, idle], i) =>
            alloc({ name: `${m}${i}`, labels: { model: m }, idle, gpuCost: w }),
          );
          const split = splitClusterFacts(lumps, allocations, cfg);
          expect(sums(split)).toEqual(sums(lumps));
          expect(splitClusterFacts(split, allocations, cfg)).toEqual(split);
        },
      ),
      { seed: 20, numRuns: 200 },
    );
  });
});
