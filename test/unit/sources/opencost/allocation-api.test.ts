import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyStats } from '../../../../src/core/billing-source.js';
import type { ClusterAllocation } from '../../../../src/core/clusters/types.js';
import { type FakeOpenCost, startFakeOpenCost } from '../../../../src/sim/fakes/opencost.js';
import {
  DAYS_PER_REQUEST,
  mapAllocationResponse,
  pullAllocations,
} from '../../../../src/sources/opencost/allocation-api.js';
import { readOpenCostCsv } from '../../../../src/sources/opencost/csv-export.js';

const FIXTURE = new URL('../../../fixtures/opencost/swagger-example-namespace-2d.json', import.meta.url);

function workload(day: string, name: string, p: Partial<ClusterAllocation> = {}): ClusterAllocation {
  return {
    cluster: 'gpu',
    day,
    name,
    namespace: name.split('/')[0] ?? '',
    controllerKind: 'deployment',
    controller: name.split('/')[1] ?? '',
    pod: name.split('/')[2] ?? '',
    labels: { app_kubernetes_io_name: 'llama' },
    namespaceLabels: { team: 'nlp' },
    idle: false,
    cpuCost: 1.5,
    gpuCost: 20,
    ramCost: 0.25,
    pvCost: 2,
    networkCost: 0,
    loadBalancerCost: 0,
    totalCost: 23.75,
    gpuHours: 8,
    ...p,
  };
}

const idle = (day: string) =>
  workload(day, '__idle__', {
    idle: true,
    namespace: '',
    controller: '',
    pod: '',
    labels: {},
    namespaceLabels: {},
  });

let fake: FakeOpenCost | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const noWait = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };

describe('OpenCost allocation API', () => {
  it('reads the documented example response (window 2d, by namespace)', () => {
    const body = JSON.parse(readFileSync(FIXTURE, 'utf8')) as unknown;
    const got = mapAllocationResponse(body, 'cluster-one');
    expect(got.map((a) => [a.day, a.name, a.namespace, a.idle])).toEqual([
      ['2023-01-18', 'kube-system', 'kube-system', false],
      ['2023-01-18', 'opencost', 'opencost', false],
      ['2023-01-18', 'prometheus', 'prometheus', false],
    ]);
    const oc = got.find((a) => a.name === 'opencost');
    expect(oc).toMatchObject({
      controller: 'opencost',
      controllerKind: 'deployment',
      pod: 'opencost-75dc7dcc49-xdx5t',
    });
    expect(oc?.cpuCost).toBeCloseTo(0.01817, 9);
    expect(oc?.ramCost).toBeCloseTo(0.012474, 9);
    expect(oc?.totalCost).toBeCloseTo(0.030644, 9);
  });

  it('pulls day by day in requests of a week at most, with idle, labels and adjustments', async () => {
    const days = Array.from({ length: 10 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    fake = await startFakeOpenCost({
      clusterId: 'prod-gpu',
      allocations: (day) => (days.includes(day) ? [workload(day, 'ml/llama/llama-0'), idle(day)] : []),
    });
    const stats = emptyStats();
    const got = await pullAllocations(
      { cluster: 'gpu', url: fake.url },
      { from: days[0] as string, to: days[9] as string },
      stats,
    );
    expect(stats.requests).toBe(Math.ceil(10 / DAYS_PER_REQUEST));
    expect(fake.queries.map((q) => q.get('window'))).toEqual([
      '2026-11-01T00:00:00Z,2026-11-08T00:00:00Z',
      '2026-11-08T00:00:00Z,2026-11-11T00:00:00Z',
    ]);
    expect(fake.queries[0]?.get('includeIdle')).toBe('true');
    expect(fake.queries[0]?.get('aggregate')).toBe('namespace,controller,pod');
    expect(got).toHaveLength(20);
    // Sorted by day and name: `__idle__` sorts first.
    expect(got[0]).toMatchObject({ name: '__idle__', idle: true, day: '2026-11-01', labels: {} });
    expect(got[1]).toEqual(workload('2026-11-01', 'ml/llama/llama-0'));
  });

  it('adds each cost adjustment to its cost', () => {
    const a = {
      name: 'x',
      window: { start: '2026-11-01T00:00:00Z' },
      cpuCost: 1,
      cpuCostAdjustment: -0.25,
      gpuCost: 2,
      gpuCostAdjustment: 0.5,
      pvCost: null,
    };
    const [got] = mapAllocationResponse({ code: 200, data: [{ x: a }] }, 'c');
    expect(got).toMatchObject({ cpuCost: 0.75, gpuCost: 2.5, pvCost: 0 });
  });

  it('waits as a 429 asks and retries; a 401 fails at once, naming the cluster and the URL', async () => {
    fake = await startFakeOpenCost(
      { clusterId: 'c', allocations: (d) => [workload(d, 'a/b/c')] },
      { throttle: 2 },
    );
    const stats = emptyStats();
    const got = await pullAllocations(
      { cluster: 'gpu', url: fake.url, retry: noWait },
      { from: '2026-11-01', to: '2026-11-01' },
      stats,
    );
    expect(got).toHaveLength(1);
    expect(stats.requests).toBe(3);
    expect(fake.faults.injected.throttle).toBe(2);

    fake.faults.faults = { fail: true };
    const denied = pullAllocations(
      { cluster: 'gpu', url: fake.url, retry: noWait },
      { from: '2026-11-01', to: '2026-11-01' },
      emptyStats(),
    );
    await expect(denied).rejects.toMatchObject({ code: 'OPENCOST_CONFIG' });
    await expect(denied).rejects.toThrow(/cluster gpu at http:\/\/127\.0\.0\.1:\d+.*401.*proxy/);
    expect(fake.faults.requests).toBe(4);
  });

  it('says clearly when OpenCost is unreachable or the URL is not its API root', async () => {
    fake = await startFakeOpenCost({ clusterId: 'c', allocations: () => [] });
    const url = fake.url;
    await expect(
      pullAllocations(
        { cluster: 'gpu', url: `${url}/model/ui` },
        { from: '2026-11-01', to: '2026-11-01' },
        emptyStats(),
      ),
    ).rejects.toThrow(/404.*API root, port 9003/);
    await fake.close();
    fake = undefined;
    const gone = pullAllocations(
      { cluster: 'gpu', url, retry: noWait },
      { from: '2026-11-01', to: '2026-11-01' },
      emptyStats(),
    );
    await expect(gone).rejects.toMatchObject({ code: 'OPENCOST_UNAVAILABLE', retryable: true });
    await expect(gone).rejects.toThrow(/ECONNREFUSED.*reachable/);
  });

  it('refuses a malformed answer naming the field', () => {
    expect(() => mapAllocationResponse({ code: 200, data: [{ x: { name: 3 } }] }, 'c')).toThrow(
      /data\.0\.x\.name/,
    );
  });
});

describe('OpenCost CSV export', () => {
  it('sums container rows per pod and day, reads Labels JSON and Label_ columns, any column order', () => {
    const csv = [
      'Date,Namespace,ControllerKind,ControllerName,Pod,Container,CPUCost,RAMCost,NetworkCost,PVCost,GPUCost,TotalCost,Labels,Label_team',
      '2026-11-01,ml,deployment,llama,llama-0,server,1,0.5,0,2,10,13.5,"{""model"":""llama"",""stage"":""serve""}",nlp',
      '2026-11-01,ml,deployment,llama,llama-0,sidecar,0.25,0.25,0,0,0,0.5,"{""model"":""llama"",""stage"":""serve""}",nlp',
      '2026-11-02,ml,deployment,llama,llama-0,server,1,0.5,0,2,10,13.5,"{""model"":""llama""}",',
    ].join('\r\n');
    const { allocations, range } = readOpenCostCsv(csv, 'gpu');
    expect(range).toEqual({ from: '2026-11-01', to: '2026-11-02' });
    expect(allocations).toHaveLength(2);
    expect(allocations[0]).toMatchObject({
      cluster: 'gpu',
      day: '2026-11-01',
      name: 'ml/llama/llama-0',
      labels: { model: 'llama', stage: 'serve', team: 'nlp' },
      cpuCost: 1.25,
      ramCost: 0.75,
      gpuCost: 10,
      pvCost: 2,
      totalCost: 14,
      idle: false,
    });
    const reordered = 'TotalCost,Namespace,Date\n3,ml,2026-11-03\n';
    expect(readOpenCostCsv(reordered, 'gpu').allocations[0]).toMatchObject({
      day: '2026-11-03',
      totalCost: 3,
      cpuCost: 0,
    });
  });

  it('refuses what is not an OpenCost export, and a bad row with its line', () => {
    expect(() => readOpenCostCsv('a,b\n1,2\n', 'gpu')).toThrow(
      /not an OpenCost CSV export: no Date, Namespace, TotalCost/,
    );
    expect(() =>
      readOpenCostCsv('Date,Namespace,TotalCost\n2026-11-01,ml,1\n11/02/2026,ml,1\n', 'gpu'),
    ).toThrow(/line 3: Date/);
    expect(() => readOpenCostCsv('Date,Namespace,TotalCost\n2026-11-01,ml,abc\n', 'gpu')).toThrow(
      /line 2: TotalCost "abc"/,
    );
  });
});
