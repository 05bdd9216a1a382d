import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../../../src/app/import-files.js';
import { parseConfig } from '../../../../src/config/load.js';
import { parseMoney } from '../../../../src/core/money.js';
import { FileImportError } from '../../../../src/sources/files/errors.js';
import { openExportFiles } from '../../../../src/sources/files/export-batch.js';
import { DuckDbCostStore } from '../../../../src/store/duckdb/duckdb-cost-store.js';
import { csvText, HEADER, type Row, workspace } from './focus-files.js';

// Import fuzz: FOCUS files of random rows, some of them broken in the ways issue 22 found (a correction
// dated in an earlier period, implausible dates, huge amounts, repeated columns, truncated or
// unterminated input). Every file either imports with totals equal to an independent sum (and a
// re-import changes nothing), or is refused with a FileImportError naming the file: never a raw
// DuckDB message or a crash.

const ws = workspace('import-fuzz');
afterAll(() => ws.close());
const attribution = parseConfig({}).attribution;
const clock = { now: () => new Date('2024-11-05T00:00:00Z') };
const COLUMNS = [...HEADER, 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargeClass'];

const amount = fc.oneof(
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => (c / 100).toFixed(2)),
  fc.constantFrom('0', '0.000000000001', '999999.999999'),
);
const goodRow = fc.record({
  day: fc.integer({ min: 1, max: 31 }).map((d) => `2024-10-${String(d).padStart(2, '0')}`),
  billed: amount,
  account: fc.constantFrom('111', '222'),
  resource: fc.constantFrom('i-1', 'i-2', 'a\nb', 'x,y'),
});
type Good = { day: string; billed: string; account: string; resource: string };

const toRow = (g: Good, extra: Row = {}): Row => ({
  ChargePeriodStart: `${g.day} 12:00:00`,
  BillingPeriodStart: '2024-10-01 00:00:00',
  BillingPeriodEnd: '2024-11-01 00:00:00',
  BilledCost: g.billed,
  EffectiveCost: g.billed,
  ListCost: g.billed,
  BillingAccountId: g.account,
  ResourceId: g.resource,
  ...extra,
});

/** A defect applied to a good file's rows or text, or none. */
const defect = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('correction' as const), day: fc.constantFrom('2024-07-15', '2024-09-30') }),
  fc.record({
    kind: fc.constant('date' as const),
    value: fc.constantFrom('infinity', '0001-01-01 00:00:00', '99999-01-01 00:00:00', '-0044-03-15 00:00:00'),
  }),
  fc.record({ kind: fc.constant('huge' as const), value: fc.constantFrom('9e25', '-1e15', '1e16') }),
  fc.record({
    kind: fc.constant('repeat' as const),
    name: fc.constantFrom('BilledCost', 'billedcost', 'BilledCost '),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.integer({ min: 1, max: 60 }), gzip: fc.boolean() }),
);

describe('import fuzz: imported exactly and idempotently, or refused with a FileImportError', () => {
  it('holds for random FOCUS files with the shapes of issue 22', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(goodRow, { minLength: 1, maxLength: 12 }), defect, async (goods, d) => {
        n += 1;
        const rows = goods.map((g) => toRow(g));
        let expected = goods.reduce((a, g) => a + parseMoney(g.billed), 0n);
        let header = COLUMNS;
        if (d.kind === 'correction') {
          rows.push(
            toRow({ ...(goods[0] as Good), day: d.day, billed: '-1.5' }, { ChargeClass: 'Correction' }),
          );
          expected -= parseMoney('1.5');
        }
        if (d.kind === 'date') rows.push(toRow(goods[0] as Good, { ChargePeriodStart: d.value }));
        if (d.kind === 'huge') rows.push(toRow(goods[0] as Good, { BilledCost: d.value }));
        if (d.kind === 'repeat') header = [...COLUMNS, d.name];
        let text = csvText(rows, header);
        if (d.kind === 'cut') text = text.slice(0, -d.at);
        const gz = d.kind === 'cut' && d.gzip;
        const file = ws.path(`fuzz-${n}.csv${gz ? '.gz' : ''}`);
        ws.write(
          file.slice(ws.dir.length + 1),
          gz ? gzipSync(csvText(rows, header)).subarray(0, -d.at) : text,
        );

        const store = await DuckDbCostStore.open(ws.path(`fuzz-${n}.duckdb`));
        try {
          const total = async () =>
            (await store.queryFacts({ from: '2000-01-01', to: '2030-12-31' })).reduce(
              (a, f) => a + f.billedCost,
              0n,
            );
          let outcome: unknown;
          try {
            await importFiles({ exports: openExportFiles, files: [file], attribution, store, clock });
          } catch (e) {
            outcome = e;
          }
          if (outcome !== undefined) {
            // Refused: a FileImportError naming the file, no DuckDB internals, nothing written
            expect(outcome).toBeInstanceOf(FileImportError);
            const e = outcome as FileImportError;
            expect(e.file).toBe(file);
            expect(e.message.startsWith(file)).toBe(true);
            expect(e.message).not.toMatch(/Error:|Possible fixes|LINE 1|HUGEINT|int128/);
            expect(await total()).toBe(0n);
            // Only broken inputs are refused (a cut that only drops the final newline may import)
            expect(d.kind).not.toBe('none');
            expect(d.kind).not.toBe('correction');
            return;
          }
          expect(['none', 'correction', 'cut']).toContain(d.kind);
          const once = await total();
          if (d.kind !== 'cut') expect(once).toBe(expected);
          await importFiles({ exports: openExportFiles, files: [file], attribution, store, clock });
          expect(await total()).toBe(once);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 60, seed: 22 },
    );
  }, 60_000);
});
