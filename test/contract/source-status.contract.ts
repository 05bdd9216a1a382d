import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceStatusStore } from '../../src/core/billing-source.js';

export interface StatusHarness {
  open(): Promise<SourceStatusStore>;
  /** Closes the store opened last and opens the same data again. */
  reopen(): Promise<SourceStatusStore>;
  cleanup(): Promise<void>;
}

/** The SourceStatusStore contract: every implementation runs this suite. */
export function sourceStatusContract(name: string, makeHarness: () => Promise<StatusHarness>): void {
  describe(`SourceStatusStore contract: ${name}`, () => {
    let h: StatusHarness;
    let store: SourceStatusStore;
    beforeEach(async () => {
      h = await makeHarness();
      store = await h.open();
    });
    afterEach(async () => h.cleanup());

    it('starts empty and records one status per source', async () => {
      expect(await store.list()).toEqual([]);
      await store.record({
        source: 'aws',
        completeUpTo: '2026-10-02',
        updatedAt: '2026-10-03T06:00:00.000Z',
      });
      await store.record({
        source: 'gcp',
        completeUpTo: '2026-10-01',
        updatedAt: '2026-10-03T06:00:01.000Z',
      });
      await store.record({
        source: 'aws',
        completeUpTo: '2026-10-03',
        updatedAt: '2026-10-04T06:00:00.000Z',
      });
      expect(await store.list()).toEqual([
        { source: 'aws', completeUpTo: '2026-10-03', updatedAt: '2026-10-04T06:00:00.000Z' },
        { source: 'gcp', completeUpTo: '2026-10-01', updatedAt: '2026-10-03T06:00:01.000Z' },
      ]);
    });

    it('never moves a source back when older days are re-pulled, and survives a reopen', async () => {
      await store.record({
        source: 'azure',
        completeUpTo: '2026-10-05',
        updatedAt: '2026-10-06T06:00:00.000Z',
      });
      await store.record({
        source: 'azure',
        completeUpTo: '2026-09-30',
        updatedAt: '2026-10-06T07:00:00.000Z',
      });
      store = await h.reopen();
      expect(await store.list()).toEqual([
        { source: 'azure', completeUpTo: '2026-10-05', updatedAt: '2026-10-06T07:00:00.000Z' },
      ]);
    });
  });
}
