import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SubAccountStore } from '../../src/core/sub-accounts.js';

export interface SubAccountHarness {
  open(): Promise<SubAccountStore>;
  /** Closes the store opened last and opens the same data again. */
  reopen(): Promise<SubAccountStore>;
  cleanup(): Promise<void>;
}

const at = '2026-10-04T06:00:00.000Z';

/** The SubAccountStore contract: every implementation runs this suite. */
export function subAccountContract(name: string, makeHarness: () => Promise<SubAccountHarness>): void {
  describe(`SubAccountStore contract: ${name}`, () => {
    let h: SubAccountHarness;
    let store: SubAccountStore;
    beforeEach(async () => {
      h = await makeHarness();
      store = await h.open();
    });
    afterEach(async () => h.cleanup());

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
