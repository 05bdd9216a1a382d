import { expect, it } from 'vitest';
import { type AllocationStore, allocationOf, type ClusterAllocation } from '../../src/core/clusters/types.js';
import { contractSuite, type Harness } from '../helpers/store-harness.js';

/** An allocation with plain defaults. */
export function allocation(p: Partial<ClusterAllocation> & { name: string }): ClusterAllocation {
  return allocationOf({
    cluster: 'gpu-east',
    day: '2026-11-02',
    namespace: 'ml',
    controllerKind: 'deployment',
    controller: 'llama',
    pod: 'llama-0',
    ...p,
  });
}

/** The AllocationStore contract: every implementation runs this suite. */
export function allocationStoreContract(
  name: string,
  makeHarness: () => Promise<Harness<AllocationStore>>,
): void {
  contractSuite(`AllocationStore contract: ${name}`, makeHarness, (t) => {
    const range = { from: '2026-11-01', to: '2026-11-03' };

    it('starts empty, stores a range and reads it back exactly, by range and by cluster', async () => {
      expect(await t.store.queryAllocations(range)).toEqual([]);
      const a = allocation({
        name: 'ml/llama/llama-0',
        labels: { app_kubernetes_io_name: 'llama', 'team.example.com/owner': 'Zoë' },
        namespaceLabels: { stage: 'serve' },
        cpuCost: 0.1 + 0.2,
        gpuCost: 1234.567891,
        ramCost: 1e-9,
        pvCost: 3,
        totalCost: 1237.867891,
        gpuHours: 23.999999,
      });
      const idle = allocation({
        name: '__idle__',
        idle: true,
        namespace: '',
        controller: '',
        pod: '',
        gpuCost: 7,
        day: '2026-11-01',
      });
      const other = allocation({ cluster: 'aks-1', name: 'x/y/z', day: '2026-11-02', cpuCost: 2 });
      await t.store.replaceAllocations('gpu-east', range, [a, idle]);
      await t.store.replaceAllocations('aks-1', range, [other]);
      expect(await t.store.queryAllocations(range)).toEqual([other, idle, a]);
      expect(await t.store.queryAllocations({ ...range, clusters: ['gpu-east'] })).toEqual([idle, a]);
      expect(
        await t.store.queryAllocations({ from: '2026-11-02', to: '2026-11-02', clusters: ['gpu-east'] }),
      ).toEqual([a]);
      expect(await t.store.queryAllocations({ ...range, clusters: [] })).toEqual([]);
    });

    it('replaces the days of a range (an empty list clears them), leaving other days and clusters alone', async () => {
      const day = (d: string, name: string, cluster = 'gpu-east') => allocation({ cluster, day: d, name });
      await t.store.replaceAllocations('gpu-east', range, [
        day('2026-11-01', 'a'),
        day('2026-11-02', 'b'),
        day('2026-11-03', 'c'),
      ]);
      await t.store.replaceAllocations('other', range, [day('2026-11-02', 'o', 'other')]);
      await t.store.replaceAllocations('gpu-east', { from: '2026-11-02', to: '2026-11-02' }, [
        day('2026-11-02', 'b2'),
      ]);
      await t.store.replaceAllocations('gpu-east', { from: '2026-11-02', to: '2026-11-02' }, [
        day('2026-11-02', 'b2'),
      ]);
      await t.store.replaceAllocations('gpu-east', { from: '2026-11-03', to: '2026-11-03' }, []);
      t.store = await t.h.reopen();
      const names = (await t.store.queryAllocations(range)).map((a) => `${a.cluster}/${a.day}/${a.name}`);
      expect(names).toEqual(['gpu-east/2026-11-01/a', 'gpu-east/2026-11-02/b2', 'other/2026-11-02/o']);
    });

    it('refuses an allocation outside the range or of another cluster, and writes nothing', async () => {
      await expect(
        t.store.replaceAllocations('gpu-east', range, [
          allocation({ name: 'a' }),
          allocation({ name: 'late', day: '2026-11-04' }),
        ]),
      ).rejects.toMatchObject({ code: 'ALLOCATION_OUTSIDE_RANGE' });
      await expect(
        t.store.replaceAllocations('gpu-east', range, [allocation({ name: 'a', cluster: 'aks-1' })]),
      ).rejects.toMatchObject({ code: 'ALLOCATION_OUTSIDE_RANGE' });
      expect(await t.store.queryAllocations(range)).toEqual([]);
    });

    it('keeps a day of many allocations (more than one DynamoDB item holds)', async () => {
      const many = Array.from({ length: 3000 }, (_, i) =>
        allocation({
          name: `ns/deploy-${i}/pod-${i}`,
          labels: { model: `m${i % 17}`, note: 'x'.repeat(80) },
          cpuCost: i / 7,
        }),
      );
      await t.store.replaceAllocations('gpu-east', range, many);
      const back = await t.store.queryAllocations(range);
      expect(back).toHaveLength(3000);
      expect(new Set(back.map((a) => a.name))).toEqual(new Set(many.map((a) => a.name)));
      expect(back.find((a) => a.name === 'ns/deploy-5/pod-5')?.cpuCost).toBe(5 / 7);
      await t.store.replaceAllocations('gpu-east', range, many.slice(0, 10));
      expect(await t.store.queryAllocations(range)).toHaveLength(10);
    });
  });
}
