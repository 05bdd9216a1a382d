import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const FX = 'test/fixtures';
const dir = mkdtempSync(join(tmpdir(), 'costguard-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let dbs = 0;
const freshDb = () => join(dir, `db-${++dbs}.duckdb`);

const cli = (...args: string[]) => runCli(args, new Date('2024-10-02T08:00:00Z'));

async function importInto(db: string, ...files: string[]) {
  const r = await cli('import', ...files, '--db', db, '--format', 'json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

/** `report` CSV rows (header dropped) for one day and metric. */
async function report(db: string, day: string, metric: string, by = 'provider,currency') {
  const r = await cli(
    'report',
    '--db',
    db,
    '--from',
    day,
    '--to',
    day,
    '--by',
    by,
    '--metric',
    metric,
    '--format',
    'csv',
  );
  expect(r.code).toBe(0);
  return r.out.trim().split('\n').slice(1).sort();
}

// Expected totals, computed by hand from the fixture rows (test/fixtures/<format>/README.md lists them):
// AWS, 2024-09-01, billed = unblended: 10.50 + 8.00 - 8.00 (negation) + 6.00 (SP fee) + 50.00 (SP upfront)
//   + 0.00 (RI usage) + 30.00 (RI fee) + 100.00 (RI upfront) + 1.23 (tax) - 2.50 (credit) = 195.23.
// AWS, 2024-09-01, effective = 10.50 + 5.20 (SP rate) + 0 (negation) + (6.00 - 5.20) (unused SP) + 0 (upfront)
//   + 1.25 (RI rate) + (0.10 + 0.15) (unused RI) + 0 (RI upfront fee) + 1.23 - 2.50 = 16.73.
// AWS, 2024-09-02: 10.50 + 0.000123456789 both ways (report rounds to 6 decimals).
const AWS = {
  '2024-09-01': { billed: ['AWS,USD,195.230000'], effective: ['AWS,USD,16.730000'] },
  '2024-09-02': { billed: ['AWS,USD,10.500123'], effective: ['AWS,USD,10.500123'] },
};
// Google: cost + credits. 09-01: 12.345678 - 2.5 - 0.345678 + 7.5 + 1.99 (tax) = 18.99;
// 09-02: 0.000001 - 0.000001 (free tier) - 0.5 (adjustment) = -0.5.
const GCP = {
  '2024-09-01': { billed: ['Google Cloud,USD,18.990000'], effective: ['Google Cloud,USD,18.990000'] },
  '2024-09-02': { billed: ['Google Cloud,USD,-0.500000'], effective: ['Google Cloud,USD,-0.500000'] },
};
// Azure EA: billed from the actual-cost file (20 + 0 + 300 purchase), effective from the amortized one
// (20 + 9.50 reserved usage + 0.50 unused reservation); 09-02: 0.123456789 in both.
const AZURE_EA = {
  '2024-09-01': { billed: ['Microsoft,USD,320.000000'], effective: ['Microsoft,USD,30.000000'] },
  '2024-09-02': { billed: ['Microsoft,USD,0.123457'], effective: ['Microsoft,USD,0.123457'] },
};
// Azure MCA, one file in EUR: 5.25 - 1.25 (refund); 2.00.
const AZURE_MCA = {
  '2024-09-01': { billed: ['Microsoft,EUR,4.000000'], effective: ['Microsoft,EUR,4.000000'] },
  '2024-09-02': { billed: ['Microsoft,EUR,2.000000'], effective: ['Microsoft,EUR,2.000000'] },
};

type Expected = Record<string, { billed: string[]; effective: string[] }>;

async function expectTotals(db: string, expected: Expected) {
  for (const [day, metrics] of Object.entries(expected)) {
    expect(await report(db, day, 'billed'), `${day} billed`).toEqual(metrics.billed);
    expect(await report(db, day, 'effective'), `${day} effective`).toEqual(metrics.effective);
  }
}

describe('costguard import of native billing exports (detected from the header)', () => {
  it.each([
    ['aws-cur2', 'CUR 2.0 CSV', [`${FX}/aws-cur2/cur2-2024-09-00001.csv`], AWS],
    ['aws-cur', 'legacy CUR, a folder of two part files', [`${FX}/aws-cur`], AWS],
    ['gcp-export', 'Google export as JSONL', [`${FX}/gcp-export/gcp-billing-2024-09.jsonl`], GCP],
    ['gcp-export', 'Google export as CSV', [`${FX}/gcp-export/gcp-billing-2024-09.csv`], GCP],
    [
      'azure-cost',
      'Azure EA actual + amortized',
      [`${FX}/azure-cost/ea-actual-cost-2024-09.csv`, `${FX}/azure-cost/ea-amortized-cost-2024-09.csv`],
      AZURE_EA,
    ],
    ['azure-cost', 'Azure MCA', [`${FX}/azure-cost/mca-cost-details-2024-09.csv`], AZURE_MCA],
  ] as const)(
    '%s (%s): per-day billed and effective totals equal the hand-computed sums',
    async (format, _what, files, expected) => {
      // Prepare
      const db = freshDb();

      // Act
      const summary = await importInto(db, ...files);

      // Assess
      expect(summary.format).toBe(format);
      expect(summary.source).toBe(format);
      expect(summary.days).toEqual({ from: '2024-09-01', to: '2024-09-02', count: 2 });
      await expectTotals(db, expected);
    },
  );

  it('attributes CUR 2.0 spend per model from resource_tags, with commitments amortized', async () => {
    // Prepare
    const db = freshDb();
    await importInto(db, `${FX}/aws-cur2/cur2-2024-09-00001.csv`);

    // Act
    const rows = await report(db, '2024-09-01', 'effective', 'model');

    // Assess: llama 10.50 + 1.25 (RI rate); gemma 5.20 (SP rate; the negation is 0 amortized);
    // the rest has no tags: 0.80 + 0.25 + 1.23 - 2.50.
    expect(rows).toEqual(['gemma-7b,USD,5.200000', 'llama3-70b,USD,11.750000', 'unattributed,USD,-0.220000']);
  });

  it('re-importing the same export does not double anything', async () => {
    // Prepare
    const db = freshDb();
    await importInto(db, `${FX}/gcp-export/gcp-billing-2024-09.jsonl`);

    // Act
    await importInto(db, `${FX}/gcp-export/gcp-billing-2024-09.csv`);

    // Assess
    await expectTotals(db, GCP);
  });

  it('refuses files of two formats in one import, naming them, and writes nothing', async () => {
    // Prepare
    const db = freshDb();
    const gcp = `${FX}/gcp-export/gcp-billing-2024-09.jsonl`;

    // Act
    const r = await cli('import', gcp, `${FX}/azure-cost/mca-cost-details-2024-09.csv`, '--db', db);

    // Assess
    expect(r.code).toBe(1);
    expect(r.err).toContain('these files are of different formats: gcp-export');
    expect(r.err).toContain('azure-cost');
    expect(await report(db, '2024-09-01', 'billed')).toEqual([]);
  });

  it('reads a file as the --format given, and says what is missing when it is not that format', async () => {
    // Act
    const r = await cli(
      'import',
      `${FX}/gcp-export/gcp-billing-2024-09.csv`,
      '--db',
      freshDb(),
      '--format',
      'aws-cur2',
    );

    // Assess
    expect(r.code).toBe(1);
    expect(r.err).toContain('missing required AWS CUR 2.0 columns line_item_usage_start_date');
  });
});

describe('round trip: native -> costguard export --format focus -> import into a fresh store', () => {
  const BY = 'model,stage,provider,subaccount,service,region,currency';
  it.each(['csv', 'parquet'])('gives the same report to the micro-unit (%s)', async (ext) => {
    // Prepare
    const native = freshDb();
    await importInto(native, `${FX}/aws-cur2/cur2-2024-09-00001.csv`);
    await importInto(native, `${FX}/gcp-export/gcp-billing-2024-09.jsonl`);
    await importInto(
      native,
      `${FX}/azure-cost/ea-actual-cost-2024-09.csv`,
      `${FX}/azure-cost/ea-amortized-cost-2024-09.csv`,
    );
    const file = join(dir, `roundtrip-${ext}.${ext}`);

    // Act
    const exported = await cli('export', '--db', native, '--format', 'focus', '--out', file);
    const copy = freshDb();
    const summary = await importInto(copy, file);

    // Assess
    expect(exported.code).toBe(0);
    expect(summary.format).toBe('focus');
    for (const day of ['2024-09-01', '2024-09-02'])
      for (const metric of ['billed', 'effective', 'list'])
        expect(await report(copy, day, metric, BY)).toEqual(await report(native, day, metric, BY));
  });

  it('a FOCUS import of the same account and days replaces the native one instead of adding to it', async () => {
    // Prepare
    const db = freshDb();
    await importInto(db, `${FX}/aws-cur2/cur2-2024-09-00001.csv`);
    const file = join(dir, 'aws-focus.csv');
    await cli('export', '--db', db, '--out', file);

    // Act
    await importInto(db, file);

    // Assess
    await expectTotals(db, AWS);
  });
});
