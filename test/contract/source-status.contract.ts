import { expect, it } from 'vitest';
import type { SourceStatusStore } from '../../src/core/billing-source.js';
import { contractSuite, type Harness } from '../helpers/store-harness.js';

/** A source status as `record` takes it. */
const status = (source: string, completeUpTo: string, updatedAt: string) => ({
  source,
  completeUpTo,
  updatedAt,
});

/** The SourceStatusStore contract: every implementation runs this suite. */
export function sourceStatusContract(
  name: string,
  makeHarness: () => Promise<Harness<SourceStatusStore>>,
): void {
  contractSuite(`SourceStatusStore contract: ${name}`, makeHarness, (t) => {
    it('starts empty and records one status per source', async () => {
      expect(await t.store.list()).toEqual([]);
      await t.store.record(status('aws', '2026-10-02', '2026-10-03T06:00:00.000Z'));
      await t.store.record(status('gcp', '2026-10-01', '2026-10-03T06:00:01.000Z'));
      await t.store.record(status('aws', '2026-10-03', '2026-10-04T06:00:00.000Z'));
      expect(await t.store.list()).toEqual([
        { source: 'aws', completeUpTo: '2026-10-03', updatedAt: '2026-10-04T06:00:00.000Z' },
        { source: 'gcp', completeUpTo: '2026-10-01', updatedAt: '2026-10-03T06:00:01.000Z' },
      ]);
    });

    it('never moves a source back when older days are re-pulled, and survives a reopen', async () => {
      await t.store.record(status('azure', '2026-10-05', '2026-10-06T06:00:00.000Z'));
      await t.store.record(status('azure', '2026-09-30', '2026-10-06T07:00:00.000Z'));
      t.store = await t.h.reopen();
      expect(await t.store.list()).toEqual([
        { source: 'azure', completeUpTo: '2026-10-05', updatedAt: '2026-10-06T07:00:00.000Z' },
      ]);
    });
  });
}
