import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from '../../src/core/money.js';
import { type IngestWorld, startIngestWorld } from '../helpers/ingest-world.js';
import { AZURE_ROWS } from '../unit/sources/azure/world.js';
import { GCP_ROWS } from '../unit/sources/gcp/world.js';

let w: IngestWorld;
const ingest = (...extra: string[]) => w.ingest(...extra);
const report = (metric: 'billed' | 'effective' = 'billed') => w.report('provider', metric);
const sorted = (csv: string) => csv.trim().split('\n').sort();

/** What the fakes served, summed here independently of costguard, as report CSV lines (6 decimals). */
function served(metric: 'billed' | 'effective'): string[] {
  const by = new Map<string, bigint>();
  const add = (provider: string, currency: string | undefined, amount: string) => {
    const k = `${provider},${currency ?? 'USD'}`;
    by.set(k, (by.get(k) ?? 0n) + parseMoney(amount));
  };
  const effective = metric === 'effective';
  for (const r of w.awsRows) add('AWS', r.currency, effective ? (r.amortized ?? r.unblended) : r.unblended);
  for (const r of GCP_ROWS.filter((g) => g.day >= '2026-09-01')) {
    add('Google Cloud', r.currency, r.cost);
    if (effective && r.credits) add('Google Cloud', r.currency, r.credits);
  }
  for (const r of AZURE_ROWS) add('Microsoft', r.currency, effective ? (r.amortized ?? r.actual) : r.actual);
  return sorted(
    ['provider,currency,cost', ...[...by].map(([k, v]) => `${k},${formatMoney(v, 6)}`)].join('\n'),
  );
}

beforeAll(async () => {
  w = await startIngestWorld();
});

afterAll(async () => w.close());

describe('costguard ingest against the local cloud billing fakes', () => {
  it('fills the store so that the report equals what the fakes served, per cloud, to the micro-unit', async () => {
    const r = await ingest('--format', 'json');
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.sources.map((s: { source: string; ok: boolean }) => [s.source, s.ok])).toEqual([
      ['aws', true],
      ['gcp', true],
      ['azure', true],
    ]);
    expect(summary.sources[0]).toMatchObject({
      from: '2026-09-01',
      to: '2026-10-04',
      completeUpTo: '2026-10-02',
      requests: w.aws.faults.requests,
    });
    expect(summary.sources[1]).toMatchObject({
      completeUpTo: '2026-10-03',
      requests: 2 + w.gcpBilling.faults.requests, // BigQuery pages + Cloud Billing list pages
      bytesScanned: w.gcp.bytesBilled,
    });
    expect(summary.sources[2]).toMatchObject({ requests: w.azure.calls.query, errors: [] });
    expect(r.err).toMatch(/^aws: pulling 2026-09-01 \.\. 2026-10-04/);
    expect(await report('billed')).toEqual(served('billed'));
    expect(await report('effective')).toEqual(served('effective'));
  });

  it('leaves identical totals when run again, and after failures injected mid-way', async () => {
    const before = await report();
    expect((await ingest()).code).toBe(0);
    expect(await report()).toEqual(before);

    // Cost Explorer dies after 3 requests, BigQuery between its first and second page, Azure after 4.
    w.aws.faults.faults = { failAfter: 3 };
    w.gcp.faults.faults = { failAfter: 1 };
    w.azure.faults.faults = { failAfter: 4 };
    const failed = await ingest('--format', 'json');
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('3 of 3 sources failed (aws, gcp, azure); their stored data is unchanged.');
    expect(
      JSON.parse(failed.out).sources.map((s: { errors: { code: string }[] }) => s.errors[0]?.code),
    ).toEqual(['CE_FAILED', 'BQ_FAILED', 'AZ_FAILED']);
    expect(await report()).toEqual(before);

    // One cloud down does not stop the others.
    w.aws.faults.faults = {};
    w.azure.faults.faults = {};
    w.gcp.faults.faults = { fail: true };
    const partial = await ingest('--format', 'json');
    expect(partial.code).toBe(1);
    expect(JSON.parse(partial.out).sources.map((s: { ok: boolean }) => s.ok)).toEqual([true, false, true]);
    expect(await report()).toEqual(before);

    w.gcp.faults.faults = {};
    expect((await ingest()).code).toBe(0);
    expect(await report()).toEqual(before);
  });

  it('replaces a restated day instead of adding to it', async () => {
    const first = w.awsRows[0];
    if (!first) throw new Error('no rows');
    const before = await report();
    first.unblended = '50.0000000001'; // the cloud restates the day
    expect((await ingest('--source', 'aws')).code).toBe(0);
    const after = await report();
    expect(after).not.toEqual(before);
    expect(after).toEqual(served('billed'));
  });

  it('pulls but writes nothing with --dry-run', async () => {
    const before = await report();
    w.awsRows.push({
      day: '2026-10-03',
      account: '222222222222',
      service: 'AWS Lambda',
      tags: {},
      unblended: '1000',
    });
    const r = await ingest('--source', 'aws', '--dry-run');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).dryRun).toBe(true);
    expect(await report()).toEqual(before);
    w.awsRows.pop();
  });

  it('explains bad flags with exit code 2', async () => {
    const unknown = await ingest('--source', 'oracle');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--source takes a comma-separated list of aws, gcp, azure; got "oracle"');
    expect((await ingest('--from', '2026-10-05', '--to', '2026-10-01')).code).toBe(2);
  });
});
