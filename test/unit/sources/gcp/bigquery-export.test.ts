import { afterEach, describe, expect, it } from 'vitest';
import { attribute } from '../../../../src/core/attribution/attribute.js';
import { DEFAULT_ATTRIBUTION } from '../../../../src/core/attribution/types.js';
import { emptyStats } from '../../../../src/core/billing-source.js';
import { parseMoney, sumMoney } from '../../../../src/core/money.js';
import type { Faults } from '../../../../src/sim/fakes/faults.js';
import { type FakeBigQuery, startFakeBigQuery } from '../../../../src/sim/fakes/gcp-bigquery.js';
import { startFakeGcpBilling } from '../../../../src/sim/fakes/gcp-billing.js';
import { BigQueryExportSource } from '../../../../src/sources/gcp/bigquery-export.js';
import { makeBigQuery, makeCloudBillingClient } from '../../../../src/sources/gcp/clients.js';
import { gcpDirectory } from './billing-world.js';
import { GCP_ROWS, GCP_TABLE, gcpWorld } from './world.js';

const noWait = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };
const range = { from: '2026-10-01', to: '2026-10-03' };
let fake: FakeBigQuery | undefined;
afterEach(async () => fake?.close());

async function source(faults: Faults = {}, projects: string[] = [], world = gcpWorld()) {
  fake = await startFakeBigQuery(world, faults);
  const bq = makeBigQuery({ projectId: 'billing-admin', endpoint: fake.url, credential: 'anonymous' });
  return new BigQueryExportSource({
    bigquery: bq,
    settings: {
      billingAccountId: '01A2B3-C4D5E6-F7A8B9',
      table: GCP_TABLE,
      projects,
      labelKeys: { model: 'model', stage: 'stage' },
      partitionLagDays: 3,
    },
    retry: noWait,
  });
}

const total = (lines: { currency: string; billedCost: bigint }[], c: string) =>
  sumMoney(lines.filter((l) => l.currency === c).map((l) => l.billedCost));

describe('BigQueryExportSource through the real BigQuery client against a local REST endpoint', () => {
  it('sums cost and credits per day, project, service, region and labels across pages', async () => {
    const src = await source();
    const stats = emptyStats();
    const pull = await src.pull(range, stats);
    expect(total(pull.lines, 'USD')).toBe(parseMoney('293.8734567894'));
    expect(total(pull.lines, 'EUR')).toBe(parseMoney('9.99'));
    const llama = pull.lines.find((l) => l.tags.model === 'llama' && l.currency === 'USD');
    expect(llama).toMatchObject({
      subAccountId: 'ml-train',
      subAccountName: 'ML training',
      regionId: 'us-central1',
      serviceName: 'Compute Engine',
      provider: 'Google Cloud',
      billedCost: parseMoney('250.1234567891'),
      effectiveCost: parseMoney('240.123456789'),
    });
    const storage = pull.lines.find((l) => l.serviceName === 'Cloud Storage');
    expect(storage?.tags).toEqual({});
    // the late row exported on 10-04 is inside the partition lag and folded into its usage day
    expect(pull.lines.find((l) => l.tags.model === 'bert')?.billedCost).toBe(parseMoney('43.75'));
    expect(pull.scopes[0]?.subAccountIds).toEqual(['ml-eu', 'ml-serve', 'ml-train']);
    // 4 result rows at 2 per page: jobs.query + 1 getQueryResults
    expect(fake?.calls).toEqual({ query: 1, getQueryResults: 1 });
    expect(stats.requests).toBe(2);
    expect(stats.bytesScanned).toBe(fake?.bytesBilled);
  });

  it('scans only the partitions of the days asked for', async () => {
    const src = await source();
    const stats = emptyStats();
    await src.pull({ from: '2026-10-03', to: '2026-10-03' }, stats);
    // Minimum billing is 10 MB; the partition filter shows in the scan (the August row is not read).
    expect(stats.bytesScanned).toBe(10 * 1024 * 1024);
  });

  it('retries rate limits, then fails clearly on a hard error', async () => {
    const ok = await (await source({ throttle: 2 })).pull(range, emptyStats());
    expect(total(ok.lines, 'EUR')).toBe(parseMoney('9.99'));
    await fake?.close();
    await expect((await source({ fail: true })).pull(range, emptyStats())).rejects.toMatchObject({
      code: 'BQ_FAILED',
      message: expect.stringContaining('Access Denied'),
    });
  });

  it("reads project.labels: a row's own labels win, its project's fill what it lacks", async () => {
    // Prepare: the training project is labelled model=llama-base, stage=train
    const rows = GCP_ROWS.map((r) =>
      r.project === 'ml-train' ? { ...r, projectLabels: { model: 'llama-base', stage: 'train' } } : r,
    );
    const src = await source({}, [], gcpWorld({ rows }));

    // Act
    const pull = await src.pull(range, emptyStats());
    const facts = attribute(pull.lines, DEFAULT_ATTRIBUTION);

    // Assess: the labelled GPU stays llama (tag), the unlabelled storage takes the project's labels
    const of = (service: string) =>
      facts
        .filter((f) => f.subAccountId === 'ml-train' && f.serviceName === service)
        .map((f) => [f.model, f.modelBy, f.stage, f.stageBy]);
    expect(of('Compute Engine')).toEqual([['llama', 'tag:model', 'train', 'tag:stage']]);
    expect(of('Cloud Storage')).toEqual([['llama-base', 'project-tag:model', 'train', 'project-tag:stage']]);
    expect(pull.lines.find((l) => l.subAccountId === 'ml-serve')?.projectTags).toBeUndefined();
  });

  it('keeps to the configured projects', async () => {
    const pull = await (await source({}, ['ml-eu'])).pull(range, emptyStats());
    expect(pull.lines.map((l) => l.subAccountId)).toEqual(['ml-eu']);
    expect(pull.scopes[0]?.subAccountIds).toEqual(['ml-eu']);
  });
});

describe('BigQueryExportSource with the Cloud Billing check', () => {
  it('checks the account first, and covers linked projects without cost in a discovered scope', async () => {
    const billing = await startFakeGcpBilling(gcpDirectory());
    try {
      const client = makeCloudBillingClient({ endpoint: billing.url, credential: 'anonymous' });
      fake = await startFakeBigQuery(gcpWorld());
      const bq = makeBigQuery({ projectId: 'billing-admin', endpoint: fake.url, credential: 'anonymous' });
      const settings = {
        billingAccountId: '01A2B3-C4D5E6-F7A8B9',
        table: GCP_TABLE,
        projects: [],
        labelKeys: { model: 'model', stage: 'stage' },
        partitionLagDays: 3,
      };
      const stats = emptyStats();
      const pull = await new BigQueryExportSource({
        bigquery: bq,
        settings,
        retry: noWait,
        billing: client,
      }).pull(range, stats);
      // ml-old is linked (billing disabled) and has no cost: its stored days are cleared too.
      expect(pull.scopes[0]).toMatchObject({
        subAccountIds: ['ml-eu', 'ml-old', 'ml-serve', 'ml-train'],
        discovered: true,
      });
      expect(stats.requests).toBe(2 + 4); // BigQuery pages + Cloud Billing pages

      const wrong = new BigQueryExportSource({
        bigquery: bq,
        settings: { ...settings, billingAccountId: '999999-999999-999999' },
        retry: noWait,
        billing: client,
      });
      await expect(wrong.pull(range, emptyStats())).rejects.toMatchObject({
        code: 'GCP_BILLING_ACCOUNT_UNKNOWN',
      });
      expect(fake.calls.query).toBe(1); // the failed check ran no billed query
    } finally {
      await billing.close();
    }
  });
});
