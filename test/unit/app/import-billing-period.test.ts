import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/app/import-files.js';
import { parseConfig } from '../../../src/config/load.js';
import { parseMoney } from '../../../src/core/money.js';
import { FileImportError } from '../../../src/sources/files/errors.js';
import { openExportFiles } from '../../../src/sources/files/export-batch.js';
import { DuckDbCostStore } from '../../../src/store/duckdb/duckdb-cost-store.js';
import { csvText, HEADER, type Row, workspace } from '../sources/files/focus-files.js';

// Issue 22, point 2: an import replaces the billing period(s) its file declares, not the range of its
// charge dates. A FOCUS correction row (ChargeClass=Correction) carries the corrected period's date.

const ws = workspace('billing-period');
afterAll(() => ws.close());

const PERIOD_HEADER = [...HEADER, 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargeClass'];
const attribution = parseConfig({}).attribution;
const clock = { now: () => new Date('2024-11-05T00:00:00Z') };

/** A FOCUS file of billing period `month` (YYYY-MM) with `rows`, each of `amount` on its day. */
function periodFile(name: string, month: string, rows: { day: string; amount: string; row?: Row }[]): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const end = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  return ws.write(
    name,
    csvText(
      rows.map((r) => ({
        ChargePeriodStart: `${r.day} 10:00:00`,
        BillingPeriodStart: `${month}-01 00:00:00`,
        BillingPeriodEnd: `${end} 00:00:00`,
        BilledCost: r.amount,
        EffectiveCost: r.amount,
        ...r.row,
      })),
      PERIOD_HEADER,
    ),
  );
}

describe('importFiles: the replacement scope is the billing period the file declares', () => {
  let store: DuckDbCostStore;
  beforeEach(async () => {
    store = await DuckDbCostStore.open(ws.path(`store-${Math.random().toString(36).slice(2)}.duckdb`));
  });
  afterEach(async () => store.close());

  const billed = async (from: string, to: string) =>
    (await store.queryFacts({ from, to })).reduce((a, f) => a + f.billedCost, 0n);
  const run = (...files: string[]) =>
    importFiles({ exports: openExportFiles, files, attribution, store, clock });

  it('adds a correction dated in July to July, keeps August and September, and re-imports idempotently', async () => {
    // Prepare: July, August and September imported from their own files
    await run(periodFile('jul.csv', '2024-07', [{ day: '2024-07-15', amount: '1' }]));
    await run(periodFile('aug.csv', '2024-08', [{ day: '2024-08-10', amount: '10' }]));
    await run(periodFile('sep.csv', '2024-09', [{ day: '2024-09-10', amount: '100' }]));
    const october = periodFile('oct.csv', '2024-10', [
      { day: '2024-10-30', amount: '1000' },
      { day: '2024-07-15', amount: '-0.5', row: { ChargeClass: 'Correction' } },
    ]);

    // Act: October's file, twice
    const first = await run(october);
    await run(october);

    // Assess: nothing of August or September was touched; July holds 1 - 0.5 once
    expect(await billed('2024-08-01', '2024-08-31')).toBe(parseMoney('10'));
    expect(await billed('2024-09-01', '2024-09-30')).toBe(parseMoney('100'));
    expect(await billed('2024-07-01', '2024-07-31')).toBe(parseMoney('0.5'));
    expect(await billed('2024-10-01', '2024-10-31')).toBe(parseMoney('1000'));
    expect(first.record.scopes).toEqual([
      expect.objectContaining({
        provider: 'AWS',
        from: '2024-07-15',
        to: '2024-10-31',
        billingPeriod: { from: '2024-10-01', to: '2024-10-31' },
      }),
    ]);
    expect(first.chargeDays).toEqual({ from: '2024-07-15', to: '2024-10-30' });
  });

  it('re-importing July after October keeps the correction October made', async () => {
    // Prepare
    const july = periodFile('jul2.csv', '2024-07', [{ day: '2024-07-15', amount: '1' }]);
    await run(july);
    await run(
      periodFile('oct2.csv', '2024-10', [
        { day: '2024-07-15', amount: '-0.25', row: { ChargeClass: 'Correction' } },
      ]),
    );

    // Act
    await run(july);

    // Assess
    expect(await billed('2024-07-01', '2024-07-31')).toBe(parseMoney('0.75'));
  });

  it('refuses a ChargePeriodStart in year 0001 instead of replacing from 0001-01-01', async () => {
    // Prepare
    await run(periodFile('aug3.csv', '2024-08', [{ day: '2024-08-10', amount: '10' }]));
    const file = periodFile('year1.csv', '2024-10', [
      { day: '2024-10-02', amount: '1' },
      { day: '0001-01-01', amount: '1' },
    ]);

    // Act
    const e = await run(file).catch((x: unknown) => x);

    // Assess: refused with file, line and column; August intact
    expect(e).toBeInstanceOf(FileImportError);
    expect(e).toMatchObject({ code: 'BAD_VALUE', file, line: 3, column: 'ChargePeriodStart' });
    expect((e as Error).message).toContain('"0001-01-01 10:00:00" is outside the dates costguard accepts');
    expect((e as Error).message).toContain('between 2000-01-01 and 2025-11-05');
    expect(await billed('2024-08-01', '2024-08-31')).toBe(parseMoney('10'));
  });

  it('refuses a billing period that starts at an implausible date', async () => {
    // Prepare
    const file = ws.write(
      'period-99999.csv',
      csvText([{ BillingPeriodStart: '99999-01-01 00:00:00', BillingPeriodEnd: '' }], PERIOD_HEADER),
    );

    // Act
    const e = await run(file).catch((x: unknown) => x);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', file, line: 2, column: 'BillingPeriodStart' });
  });
});
