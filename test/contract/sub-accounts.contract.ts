import { expect, it } from 'vitest';
import type { SubAccountStore } from '../../src/core/sub-accounts.js';
import { contractSuite, type Harness } from '../helpers/store-harness.js';

const at = '2026-10-04T06:00:00.000Z';

/** The SubAccountStore contract: every implementation runs this suite. */
export function subAccountContract(name: string, makeHarness: () => Promise<Harness<SubAccountStore>>): void {
  contractSuite(`SubAccountStore contract: ${name}`, makeHarness, (t) => {
    it('inserts, renames, keeps billing accounts apart, and survives a reopen', async () => {
      expect(await t.store.list()).toEqual([]);
      const base = { provider: 'Google Cloud', billingAccountId: 'A', updatedAt: at };
      await t.store.upsert([
        { ...base, subAccountId: 'ml-train', name: 'ML training' },
        { ...base, subAccountId: 'ml-serve', name: "Serving's project" },
      ]);
      await t.store.upsert([
        {
          ...base,
          subAccountId: 'ml-train',
          name: 'ML training (GPU)',
          updatedAt: '2026-10-05T06:00:00.000Z',
        },
        { ...base, billingAccountId: 'B', subAccountId: 'ml-train', name: 'Other' },
      ]);
      t.store = await t.h.reopen();
      expect(await t.store.list()).toEqual([
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
