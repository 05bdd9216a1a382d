import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CliContext } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
import { formatMoney, parseMoney } from '../../src/core/money.js';
import { type FakeCostExplorer, startFakeCostExplorer } from '../../src/sim/fakes/aws-cost-explorer.js';
import { AWS_ROWS, awsWorld } from '../unit/sources/aws/world.js';

const dir = mkdtempSync(join(tmpdir(), 'costguard-ingest-'));
const db = join(dir, 'ingest.duckdb');
const configFile = join(dir, 'costguard.config.yaml');
const ENV = ['AWS_ENDPOINT_URL_COST_EXPLORER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE'];
const savedEnv = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

let aws: FakeCostExplorer;

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
const report = async (metric = 'billed') => {
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
  expect(r.code).toBe(0);
  return r.out;
};

/** What the fakes served, summed independently of costguard: provider,currency,cost to 6 decimals. */
function served(metric: 'billed' | 'effective'): string {
  const by = new Map<string, bigint>();
  for (const r of AWS_ROWS) {
    const c = r.currency ?? 'USD';
    by.set(
      c,
      (by.get(c) ?? 0n) + parseMoney(metric === 'billed' ? r.unblended : (r.amortized ?? r.unblended)),
    );
  }
  const rows = [...by.entries()].sort(([, a], [, b]) => (a > b ? -1 : 1));
  return ['provider,currency,cost', ...rows.map(([c, v]) => `AWS,${c},${formatMoney(v, 6)}`)].join('\n');
}

beforeAll(async () => {
  aws = await startFakeCostExplorer(awsWorld());
  process.env.AWS_ENDPOINT_URL_COST_EXPLORER = aws.url;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  delete process.env.AWS_PROFILE;
  writeFileSync(
    configFile,
    stringify({ sources: { aws: { billingAccountId: '111111111111', tagCoverage: false } } }),
  );
});

afterAll(async () => {
  await aws.close();
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('costguard ingest against the local cloud billing fakes', () => {
  it('fills the store so that the report equals what the fakes served, to the micro-unit', async () => {
    const r = await ingest('--format', 'json');
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.sources[0]).toMatchObject({
      source: 'aws',
      ok: true,
      from: '2026-09-01',
      to: '2026-10-04',
      completeUpTo: '2026-10-02',
      requests: aws.faults.requests,
      errors: [],
    });
    expect(r.err).toMatch(/^aws: pulling 2026-09-01 \.\. 2026-10-04/);
    expect(await report('billed')).toBe(served('billed'));
    expect(await report('effective')).toBe(served('effective'));
  });

  it('leaves identical totals when run again, and after a failure injected mid-way', async () => {
    const before = await report();
    expect((await ingest()).code).toBe(0);
    expect(await report()).toBe(before);

    aws.faults.faults = { failAfter: 3 };
    const failed = await ingest('--format', 'json');
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('1 of 1 sources failed (aws); their stored data is unchanged.');
    expect(JSON.parse(failed.out).sources[0].errors[0].code).toBe('CE_FAILED');
    expect(await report()).toBe(before);

    aws.faults.faults = {};
    expect((await ingest()).code).toBe(0);
    expect(await report()).toBe(before);
  });

  it('explains bad flags with exit code 2', async () => {
    expect((await ingest('--source', 'oracle')).code).toBe(2);
    const gcp = await ingest('--source', 'aws,gcp');
    expect(gcp.code).toBe(2);
  });
});
