import { describe, expect, it } from 'vitest';
import type { SubAccountStore } from '../../src/core/sub-accounts.js';
import { freshPerTest, type Harness } from '../helpers/store-harness.js';

const at = '2026-10-04T06:00:00.000Z';

/** The SubAccountStore contract: every implementation runs this suite. */
export function subAccountContract(name: string, makeHarness: () => Promise<Harness<SubAccountStore>>): void {
  describe(`SubAccountStore contract: ${name}`, () => {
    let h: Harness<SubAccountStore>;
    let store: SubAccountStore;
    freshPerTest(makeHarness, (harness, opened) => {
      h = harness;
      store = opened;
    });

    it('inserts, renames, keeps billing accounts apart, and survives a reopen', async () => {
      expect(await store.list()).toEqual([]);
      const base = { provider: 'Google Cloud', billingAccountId: 'A', updatedAt: at };
      await store.upsert([
        { ...base, subAccountId: 'ml-train', name: 'ML training' },
        { ...base, subAccountId: 'ml-serve', name: "Serving's project" },
      ]);
      await store.upsert([
        {
          ...base,
          subAccountId: 'ml-train',
          name: 'ML training (GPU)',
          updatedAt: '2026-10-05T06:00:00.000Z',
        },
        { ...base, billingAccountId: 'B', subAccountId: 'ml-train', name: 'Other' },
      ]);
      store = await h.reopen();
      expect(await store.list()).toEqual([
        { ...base, subAccountId: 'ml-serve', name: "Serving's project" },
        {
          ...base,
          subAccountId: 'ml-train',
          name: 'ML training (GPU)',
          updatedAt: '2026-10-05T06:00:00.000Z',
        },
        { ...base, billingAccountId: 'B', subAccountId: 'ml-train', name: 'Other' },
      ]);
    });
  });
}
