import { expect, it } from 'vitest';
import type { CostFact } from '../../src/core/cost-fact.js';
import { scopesOf } from '../../src/core/import-scopes.js';
import { parseMoney } from '../../src/core/money.js';
import type { CostStore, ImportRecord } from '../../src/core/ports.js';
import { fact } from '../helpers/facts.js';
import { contractSuite } from '../helpers/store-harness.js';

/** What a store implementation hands the suite: a fresh store, and the same data opened again. */
export interface StoreHarness {
  open(): Promise<CostStore>;
  /** Closes nothing; opens a second handle on the same data (after the first was closed). */
  reopen(): Promise<CostStore>;
  cleanup(): Promise<void>;
}

let seq = 0;
function record(facts: readonly CostFact[], source = 'focus'): ImportRecord {
  seq += 1;
  return {
    id: `import-${seq}`,
    source,
    origin: 'test',
    scopes: scopesOf(facts),
    importedAt: `2026-11-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`,
    rowCount: facts.length,
    factCount: facts.length,
  };
}

const sortFacts = (fs: CostFact[]) =>
  [...fs].sort((a, b) =>
    JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? v.toString() : v)).localeCompare(
      JSON.stringify(b, (_, v) => (typeof v === 'bigint' ? v.toString() : v)),
    ),
  );

const total = (fs: readonly CostFact[]) => fs.reduce((a, f) => a + f.billedCost, 0n);

/** The CostStore contract: every implementation runs this suite. */
export function costStoreContract(
  name: string,
  makeHarness: () => Promise<StoreHarness>,
  /**
   * How a store handles two replacements at once on one handle: `serialize` (DuckDB queues them on
   * its connection, both succeed) or `lease` (DynamoDB's writer lease may turn one away STORE_BUSY).
   */
  concurrentWrites: 'serialize' | 'lease' = 'serialize',
): void {
  contractSuite(`CostStore contract: ${name}`, { make: makeHarness, close: (s) => s.close() }, (t) => {
    it('starts empty', async () => {
      expect(await t.store.queryFacts({ from: '2000-01-01', to: '2100-01-01' })).toEqual([]);
      expect(await t.store.listImports()).toEqual([]);
    });

    it('returns stored facts exactly, to the last pico-unit, including negatives', async () => {
      // Prepare
      const facts = [
        fact({
          day: '2026-10-01',
          billed: '0.000000000001',
          effective: '-0.00001605990',
          list: '12345678901234.123456789012',
        }),
        fact({ day: '2026-10-02', model: 'unattributed', modelBy: 'unattributed', billed: '-3' }),
        fact({ day: '2026-10-02', currency: 'EUR', billed: '7.1' }),
      ];
      // Act
      await t.store.replaceFacts(record(facts), facts);
      // Assess
      expect(sortFacts(await t.store.queryFacts({ from: '2026-10-01', to: '2026-10-31' }))).toEqual(
        sortFacts(facts),
      );
    });

    it('filters by day range (inclusive), provider, model and stage', async () => {
      const facts = [
        fact({ day: '2026-09-30' }),
        fact({ day: '2026-10-01', model: 'bert' }),
        fact({ day: '2026-10-31', stage: 'train' }),
        fact({ day: '2026-11-01', provider: 'Google Cloud', billingAccountId: 'B-1' }),
      ];
      await t.store.replaceFacts(record(facts), facts);
      expect(
        (await t.store.queryFacts({ from: '2026-10-01', to: '2026-10-31' })).map((f) => f.day).sort(),
      ).toEqual(['2026-10-01', '2026-10-31']);
      expect(
        await t.store.queryFacts({ from: '2026-01-01', to: '2026-12-31', models: ['bert'] }),
      ).toHaveLength(1);
      expect(
        await t.store.queryFacts({ from: '2026-01-01', to: '2026-12-31', stages: ['train'] }),
      ).toHaveLength(1);
      expect(
        await t.store.queryFacts({ from: '2026-01-01', to: '2026-12-31', providers: ['Google Cloud'] }),
      ).toHaveLength(1);
      expect(await t.store.queryFacts({ from: '2026-01-01', to: '2026-12-31', providers: [] })).toEqual([]);
    });

    it('re-importing the same data replaces it instead of doubling it', async () => {
      const facts = [fact({ day: '2026-10-01', billed: '10' }), fact({ day: '2026-10-02', billed: '5' })];
      await t.store.replaceFacts(record(facts), facts);
      await t.store.replaceFacts(record(facts), facts);
      const stored = await t.store.queryFacts({ from: '2026-10-01', to: '2026-10-31' });
      expect(total(stored)).toBe(parseMoney('15'));
      expect(await t.store.listImports()).toHaveLength(2);
    });

    it('replaces only its own provider, billing account and days, whatever source wrote them', async () => {
      const keep = [
        fact({ day: '2026-09-30', billed: '1' }),
        fact({ day: '2026-10-01', billingAccountId: 'other-payer', billed: '2' }),
        fact({ day: '2026-10-01', provider: 'Microsoft', billingAccountId: 'EA-1', billed: '4' }),
      ];
      const old = [fact({ day: '2026-10-01', billed: '8' }), fact({ day: '2026-10-03', billed: '16' })];
      const otherSource = [fact({ day: '2026-10-02', billed: '32' })];
      await t.store.replaceFacts(record(keep), keep);
      await t.store.replaceFacts(record(old), old);
      await t.store.replaceFacts(record(otherSource, 'aws-ce'), otherSource);
      // Act: a corrected export for AWS/111111111111 over 2026-10-01..2026-10-03
      const fresh = [fact({ day: '2026-10-01', billed: '64' }), fact({ day: '2026-10-03', billed: '128' })];
      await t.store.replaceFacts(record(fresh), fresh);
      // Assess: 1 + 2 + 4 kept; 8 + 16 (focus) and 32 (aws-ce, same account and days) replaced by 64 + 128
      const stored = await t.store.queryFacts({ from: '2026-01-01', to: '2026-12-31' });
      expect(total(stored)).toBe(parseMoney(String(1 + 2 + 4 + 64 + 128)));
    });

    it('replaces by billing period: a correction to an earlier month adds to it, a re-import replaces it', async () => {
      // Prepare: August and September imported from their own billing periods' files, and one API-ingest
      // fact (no billing period) on an October day
      const period = (bp: string, last: string, fs: CostFact[]): ImportRecord => ({
        ...record(fs),
        scopes: scopesOf(fs, new Map([[bp, last]])),
      });
      const aug = [fact({ day: '2026-08-10', billed: '1', billingPeriod: '2026-08-01' })];
      const sep = [fact({ day: '2026-09-10', billed: '2', billingPeriod: '2026-09-01' })];
      const api = [fact({ day: '2026-10-05', billed: '4' })];
      await t.store.replaceFacts(period('2026-08-01', '2026-08-31', aug), aug);
      await t.store.replaceFacts(period('2026-09-01', '2026-09-30', sep), sep);
      await t.store.replaceFacts(record(api, 'aws-ce'), api);
      // Act: October's file, with a correction dated in August, imported twice
      const oct = [
        fact({ day: '2026-08-10', billed: '8', billingPeriod: '2026-10-01' }),
        fact({ day: '2026-10-02', billed: '16', billingPeriod: '2026-10-01' }),
      ];
      const octRecord = period('2026-10-01', '2026-10-31', oct);
      await t.store.replaceFacts(octRecord, oct);
      await t.store.replaceFacts({ ...octRecord, id: `${octRecord.id}-again` }, oct);

      // Assess: August keeps its own 1 plus the correction's 8 (once), September its 2; October's 16
      // replaced the untagged API fact on an October day
      const month = async (from: string, to: string) => total(await t.store.queryFacts({ from, to }));
      expect(octRecord.scopes).toEqual([
        expect.objectContaining({
          from: '2026-08-10',
          to: '2026-10-31',
          billingPeriod: { from: '2026-10-01', to: '2026-10-31' },
        }),
      ]);
      expect(await month('2026-08-01', '2026-08-31')).toBe(parseMoney('9'));
      expect(await month('2026-09-01', '2026-09-30')).toBe(parseMoney('2'));
      expect(await month('2026-10-01', '2026-10-31')).toBe(parseMoney('16'));
      // Act: October again, without the correction: the correction goes, August's own data stays
      const oct2 = [fact({ day: '2026-10-02', billed: '32', billingPeriod: '2026-10-01' })];
      await t.store.replaceFacts(
        { ...period('2026-10-01', '2026-10-31', oct2), scopes: octRecord.scopes },
        oct2,
      );
      expect(await month('2026-08-01', '2026-08-31')).toBe(parseMoney('1'));
      expect(await month('2026-10-01', '2026-10-31')).toBe(parseMoney('32'));
    });

    it('narrows a scope to its sub-accounts when it lists them', async () => {
      const a = fact({ day: '2026-10-01', subAccountId: 'acct-a', billed: '1' });
      const b = fact({ day: '2026-10-01', subAccountId: 'acct-b', billed: '2' });
      await t.store.replaceFacts(record([a, b]), [a, b]);
      const a2 = fact({ day: '2026-10-01', subAccountId: 'acct-a', billed: '10' });
      const scoped: ImportRecord = {
        ...record([a2], 'aws-ce'),
        scopes: scopesOf([a2]).map((s) => ({ ...s, subAccountIds: ['acct-a'] })),
      };
      await t.store.replaceFacts(scoped, [a2]);
      const stored = await t.store.queryFacts({ from: '2026-10-01', to: '2026-10-01' });
      expect(total(stored)).toBe(parseMoney('12'));
      const outside = fact({ day: '2026-10-01', subAccountId: 'acct-b', billed: '5' });
      await expect(t.store.replaceFacts(scoped, [outside])).rejects.toThrow(/outside/);
    });

    it('keeps the old data when the new facts fail half-way', async () => {
      const old = [fact({ day: '2026-10-01', billed: '10' }), fact({ day: '2026-10-02', billed: '20' })];
      await t.store.replaceFacts(record(old), old);
      async function* failing() {
        yield fact({ day: '2026-10-01', billed: '999' });
        throw new Error('source died');
      }
      await expect(t.store.replaceFacts(record(old), failing())).rejects.toThrow('source died');
      expect(total(await t.store.queryFacts({ from: '2026-10-01', to: '2026-10-31' }))).toBe(
        parseMoney('30'),
      );
      expect(await t.store.listImports()).toHaveLength(1);
    });

    it('rejects facts outside the import scopes and keeps the old data', async () => {
      const old = [fact({ day: '2026-10-01', billed: '10' })];
      await t.store.replaceFacts(record(old), old);
      const stray = [fact({ day: '2026-10-01', billed: '1' }), fact({ day: '2026-12-25', billed: '1' })];
      const rec = { ...record(old) };
      await expect(t.store.replaceFacts(rec, stray)).rejects.toThrow(/outside/);
      expect(total(await t.store.queryFacts({ from: '2026-01-01', to: '2026-12-31' }))).toBe(
        parseMoney('10'),
      );
    });

    it('keeps data across close and reopen, with the import log', async () => {
      const facts = Array.from({ length: 2_000 }, (_, i) =>
        fact({
          day: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`,
          serviceName: `svc-${i}`,
          billed: `${i}.000000000007`,
        }),
      );
      await t.store.replaceFacts(record(facts), facts);
      await t.store.close();
      t.store = await t.h.reopen();
      const stored = await t.store.queryFacts({ from: '2026-10-01', to: '2026-10-31' });
      expect(stored).toHaveLength(2_000);
      expect(total(stored)).toBe(total(facts));
      const imports = await t.store.listImports();
      expect(imports).toHaveLength(1);
      expect(imports[0]).toMatchObject({ source: 'focus', factCount: 2_000, scopes: scopesOf(facts) });
    });

    it('runs two replacements at once on one handle: the result is one of the two serial orders', async () => {
      // Prepare: two imports of the same scope (provider, account, days) with different facts.
      const a = [fact({ day: '2026-08-01', billed: '1.5' }), fact({ day: '2026-08-02', billed: '2.5' })];
      const b = [
        fact({ day: '2026-08-01', billed: '10' }),
        fact({ day: '2026-08-02', model: 'other', billed: '20' }),
      ];
      const ra = record(a);
      const rb = { ...record(b), scopes: ra.scopes };
      // Act
      const results = await Promise.allSettled([t.store.replaceFacts(ra, a), t.store.replaceFacts(rb, b)]);
      // Assess
      for (const r of results) {
        if (r.status === 'rejected') {
          expect(concurrentWrites).toBe('lease');
          expect(r.reason).toMatchObject({ code: 'STORE_BUSY' });
        }
      }
      const ok = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      if (concurrentWrites === 'serialize') expect(ok).toEqual([0, 1]);
      expect(ok.length).toBeGreaterThan(0);
      const stored = sortFacts(await t.store.queryFacts({ from: '2026-08-01', to: '2026-08-31' }));
      // Whichever finished last owns the scope; never a mix, never both.
      const candidates = ok.map((i) => sortFacts(i === 0 ? a : b));
      expect(candidates).toContainEqual(stored);
      expect((await t.store.listImports()).map((x) => x.id).sort()).toEqual(
        ok.map((i) => (i === 0 ? ra.id : rb.id)).sort(),
      );
    });
  });
}
