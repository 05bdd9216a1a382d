import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CliContext } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
import { formatMoney, parseMoney } from '../../src/core/money.js';
import { type FakeCostExplorer, startFakeCostExplorer } from '../../src/sim/fakes/aws-cost-explorer.js';
import {
  type FakeCostManagement,
  startFakeCostManagement,
} from '../../src/sim/fakes/azure-cost-management.js';
import { type FakeBigQuery, startFakeBigQuery } from '../../src/sim/fakes/gcp-bigquery.js';
import { AWS_ROWS, awsWorld } from '../unit/sources/aws/world.js';
import { AZURE_ROWS, azureWorld, SUB_A, SUB_B } from '../unit/sources/azure/world.js';
import { GCP_ROWS, GCP_TABLE, gcpWorld } from '../unit/sources/gcp/world.js';

const dir = mkdtempSync(join(tmpdir(), 'costguard-ingest-'));
const db = join(dir, 'ingest.duckdb');
const configFile = join(dir, 'costguard.config.yaml');
const ENV = ['AWS_ENDPOINT_URL_COST_EXPLORER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE'];
const savedEnv = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

// Mutable copies: one test restates a day.
const awsRows = AWS_ROWS.map((r) => ({ ...r }));
let aws: FakeCostExplorer;
let gcp: FakeBigQuery;
let azure: FakeCostManagement;

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    io: { out: (t) => out.push(t), err: (t) => err.push(t), isTty: false, errIsTty: false },
    clock: { now: () => new Date('2026-10-04T08:00:00Z') },
  };
  const code = await main(['node', 'costguard', ...args], ctx);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const ingest = (...extra: string[]) => cli('ingest', '--config', configFile, '--db', db, ...extra);
const sorted = (csv: string) => csv.trim().split('\n').sort();
async function report(metric: 'billed' | 'effective' = 'billed'): Promise<string[]> {
  const r = await cli(
    'report',
    '--config',
    configFile,
    '--db',
    db,
    '--from',
    '2026-09-01',
    '--to',
    '2026-10-04',
    '--by',
    'provider',
    '--metric',
    metric,
    '--format',
    'csv',
  );
  expect(r.code, r.err).toBe(0);
  return sorted(r.out);
}

/** What the fakes served, summed here independently of costguard, as report CSV lines (6 decimals). */
function served(metric: 'billed' | 'effective'): string[] {
  const by = new Map<string, bigint>();
  const add = (provider: string, currency: string | undefined, amount: string) => {
    const k = `${provider},${currency ?? 'USD'}`;
    by.set(k, (by.get(k) ?? 0n) + parseMoney(amount));
  };
  const effective = metric === 'effective';
  for (const r of awsRows) add('AWS', r.currency, effective ? (r.amortized ?? r.unblended) : r.unblended);
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
  aws = await startFakeCostExplorer(awsWorld({ rows: awsRows }));
  gcp = await startFakeBigQuery(gcpWorld());
  azure = await startFakeCostManagement(azureWorld());
  process.env.AWS_ENDPOINT_URL_COST_EXPLORER = aws.url;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  delete process.env.AWS_PROFILE;
  const caFile = join(dir, 'localhost.pem');
  writeFileSync(caFile, azure.cert ?? '');
  const sources = {
    aws: { billingAccountId: '111111111111' },
    gcp: {
      billingAccountId: '01A2B3-C4D5E6-F7A8B9',
      table: GCP_TABLE,
      endpoint: gcp.url,
      credential: 'anonymous',
    },
    azure: {
      billingAccountId: 'EA-1234',
      subscriptions: [SUB_A, SUB_B],
      endpoint: azure.url,
      credential: 'anonymous',
      caFile,
    },
  };
  writeFileSync(configFile, stringify({ sources }));
});

afterAll(async () => {
  await Promise.all([aws.close(), gcp.close(), azure.close()]);
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

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
      requests: aws.faults.requests,
    });
    expect(summary.sources[1]).toMatchObject({
      completeUpTo: '2026-10-03',
      requests: 2,
      bytesScanned: gcp.bytesBilled,
    });
    expect(summary.sources[2]).toMatchObject({ requests: azure.calls.query, errors: [] });
    expect(r.err).toMatch(/^aws: pulling 2026-09-01 \.\. 2026-10-04/);
    expect(await report('billed')).toEqual(served('billed'));
    expect(await report('effective')).toEqual(served('effective'));
  });

  it('leaves identical totals when run again, and after failures injected mid-way', async () => {
    const before = await report();
    expect((await ingest()).code).toBe(0);
    expect(await report()).toEqual(before);

    // Cost Explorer dies after 3 requests, BigQuery between its first and second page, Azure after 4.
    aws.faults.faults = { failAfter: 3 };
    gcp.faults.faults = { failAfter: 1 };
    azure.faults.faults = { failAfter: 4 };
    const failed = await ingest('--format', 'json');
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('3 of 3 sources failed (aws, gcp, azure); their stored data is unchanged.');
    expect(
      JSON.parse(failed.out).sources.map((s: { errors: { code: string }[] }) => s.errors[0]?.code),
    ).toEqual(['CE_FAILED', 'BQ_FAILED', 'AZ_FAILED']);
    expect(await report()).toEqual(before);

    // One cloud down does not stop the others.
    aws.faults.faults = {};
    azure.faults.faults = {};
    gcp.faults.faults = { fail: true };
    const partial = await ingest('--format', 'json');
    expect(partial.code).toBe(1);
    expect(JSON.parse(partial.out).sources.map((s: { ok: boolean }) => s.ok)).toEqual([true, false, true]);
    expect(await report()).toEqual(before);

    gcp.faults.faults = {};
    expect((await ingest()).code).toBe(0);
    expect(await report()).toEqual(before);
  });

  it('replaces a restated day instead of adding to it', async () => {
    const first = awsRows[0];
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
    awsRows.push({
      day: '2026-10-03',
      account: '222222222222',
      service: 'AWS Lambda',
      tags: {},
      unblended: '1000',
    });
    const r = await ingest('--source', 'aws', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('dry run');
    expect(await report()).toEqual(before);
    awsRows.pop();
  });

  it('explains bad flags with exit code 2', async () => {
    const unknown = await ingest('--source', 'oracle');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--source takes a comma-separated list of aws, gcp, azure; got "oracle"');
    expect((await ingest('--from', '2026-10-05', '--to', '2026-10-01')).code).toBe(2);
  });
});
