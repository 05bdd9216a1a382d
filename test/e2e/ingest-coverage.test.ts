import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMoney } from '../../src/core/money.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { DuckDbTagCoverageStore } from '../../src/store/duckdb/duckdb-tag-coverage.js';
import { type IngestWorld, startIngestWorld } from '../helpers/ingest-world.js';

let w: IngestWorld;
beforeAll(async () => {
  w = await startIngestWorld();
});
afterAll(async () => w.close());

describe('costguard ingest: tag coverage, sub-account names, discovered sub-accounts, config checks', () => {
  it('puts the AWS tag coverage report in the run summary and in the store', async () => {
    const r = await w.ingest('--format', 'json');
    expect(r.code, r.err).toBe(0);
    const aws = JSON.parse(r.out).sources[0];
    // i-bare has no tag; i-nostage no stage; the SageMaker endpoint's `user:Model` and `Env` are
    // configured attribution keys (prefix and case ignored), so it counts as tagged.
    expect(aws.tagCoverage).toMatchObject({
      ok: true,
      requests: 1,
      resources: 4,
      missingModel: 1,
      missingStage: 2,
    });
    expect(
      aws.tagCoverage.worstUntagged.map((u: { resourceId: string; missing: string[] }) => [
        u.resourceId,
        u.missing,
      ]),
    ).toEqual([
      ['arn:aws:ec2:us-east-1:333333333333:instance/i-bare', ['model', 'stage']],
      ['arn:aws:ec2:us-east-1:222222222222:instance/i-nostage', ['stage']],
    ]);
    // EUR: the one EUR line (S3, stage tag only) has no model tag.
    expect(aws.tagCoverage.spend).toContainEqual(
      expect.objectContaining({ currency: 'EUR', total: 1.25, untaggedModel: 1.25, untaggedShare: 1 }),
    );
    expect(JSON.parse(r.out).sources[1].tagCoverage).toBeUndefined(); // no resource listing for GCP

    const store = await DuckDbCostStore.open(w.db);
    try {
      const [stored] = await (await DuckDbTagCoverageStore.on(store)).latest();
      expect(stored).toMatchObject({ source: 'aws', resources: 4, missingModel: 1, missingStage: 2 });
      const usd = stored?.spend.find((s) => s.currency === 'USD');
      expect(usd?.total).toBe(parseMoney('118.5333333335'));
      expect(usd?.untaggedModel).toBe(parseMoney('0.0000000001'));
      expect(usd?.topUntaggedServices).toEqual([
        { serviceName: 'Amazon Simple Storage Service', cost: parseMoney('0.0000000001') },
      ]);
    } finally {
      await store.close();
    }
  });

  it('names projects and accounts in report --by subaccount', async () => {
    const rows = await w.report('provider,subaccount');
    expect(rows).toContain('Google Cloud,ml-train,ML training,USD,250.123457');
    expect(rows).toContain('AWS,333333333333,ml-research,USD,12.700000');
    expect(rows).toContain('Microsoft,00000000-0000-0000-0000-00000000000a,,USD,317.845679');
  });

  it('shows AWS API spend under no region: Cost Explorer facts carry none (see the mapper)', async () => {
    const rows = await w.report('provider,region');
    expect(rows.filter((l) => l.startsWith('AWS,'))).toEqual(['AWS,,EUR,1.250000', 'AWS,,USD,128.656790']);
    expect(rows).toContain('Google Cloud,us-central1,USD,250.123457');
  });

  it('clears the old days of a discovered account whose cost dropped to zero', async () => {
    const before = await w.report('subaccount');
    expect(before.some((l) => l.startsWith('333333333333,'))).toBe(true);
    // The cloud restates: account 333 had no cost after all. Discovery no longer lists it.
    const kept = w.awsRows.filter((r) => r.account !== '333333333333');
    const removed = w.awsRows.splice(0, w.awsRows.length, ...kept);
    try {
      const r = await w.ingest('--source', 'aws');
      expect(r.code, r.err).toBe(0);
      const after = await w.report('subaccount');
      expect(after.some((l) => l.startsWith('333333333333,'))).toBe(false);
      expect(after.filter((l) => l.startsWith('222222222222,'))).toEqual(
        before.filter((l) => l.startsWith('222222222222,')),
      );
    } finally {
      w.awsRows.splice(0, w.awsRows.length, ...removed);
    }
    expect((await w.ingest('--source', 'aws')).code).toBe(0);
    expect(await w.report('subaccount')).toEqual(before);
  });

  it('fails the GCP source, keeping its data, when a configured project is linked to another billing account', async () => {
    const before = await w.report();
    w.writeConfig({
      gcp: {
        billingAccountId: '01A2B3-C4D5E6-F7A8B9',
        table: 'billing-admin.billing_export.gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9',
        projects: ['ml-train', 'web'],
        endpoint: w.gcp.url,
        billingEndpoint: w.gcpBilling.url,
        credential: 'anonymous',
      },
    });
    const queries = w.gcp.calls.query;
    try {
      const r = await w.ingest('--source', 'gcp', '--format', 'json');
      expect(r.code).toBe(1);
      expect(JSON.parse(r.out).sources[0].errors[0]).toMatchObject({
        code: 'GCP_PROJECT_NOT_LINKED',
        message: expect.stringContaining(
          'web is not linked to billing account 01A2B3-C4D5E6-F7A8B9 (ML platform)',
        ),
      });
      expect(w.gcp.calls.query).toBe(queries); // no billed query was run
      expect(await w.report()).toEqual(before);
    } finally {
      w.writeConfig();
    }
  });
});
