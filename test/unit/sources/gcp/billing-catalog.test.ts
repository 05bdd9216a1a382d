import { afterEach, describe, expect, it } from 'vitest';
import { emptyStats } from '../../../../src/core/billing-source.js';
import { parseMoney } from '../../../../src/core/money.js';
import type { Faults } from '../../../../src/sim/fakes/faults.js';
import { type FakeGcpBilling, startFakeGcpBilling } from '../../../../src/sim/fakes/gcp-billing.js';
import { checkGcpConfig, describeBillingAccount } from '../../../../src/sources/gcp/billing-accounts.js';
import { acceleratorTypeOf, loadGpuPriceTable } from '../../../../src/sources/gcp/catalog.js';
import { makeCloudBillingClient, makeCloudCatalogClient } from '../../../../src/sources/gcp/clients.js';
import { GCP_ACCOUNT, gcpDirectory } from './billing-world.js';

const noWait = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };
let fake: FakeGcpBilling | undefined;
afterEach(async () => fake?.close());

async function start(faults: Faults = {}) {
  fake = await startFakeGcpBilling(gcpDirectory(), faults);
  const o = { endpoint: fake.url, credential: 'anonymous' as const };
  return { billing: makeCloudBillingClient(o), catalog: makeCloudCatalogClient(o) };
}

describe('Cloud Billing through the real CloudBillingClient (REST transport) against a local endpoint', () => {
  it('finds the account and pages through its linked projects', async () => {
    const { billing } = await start({ throttle: 1 });
    const stats = emptyStats();
    const info = await describeBillingAccount(billing, GCP_ACCOUNT, { stats: stats, retry: noWait });
    expect(info).toMatchObject({ id: GCP_ACCOUNT, displayName: 'ML platform', open: true });
    expect(info.projects).toEqual([
      { projectId: 'ml-eu', billingEnabled: true },
      { projectId: 'ml-old', billingEnabled: false },
      { projectId: 'ml-serve', billingEnabled: true },
      { projectId: 'ml-train', billingEnabled: true },
    ]);
    expect(info.visible).toHaveLength(3);
    // 3 accounts at 2 per page, 4 projects at 2 per page, and one throttled request retried.
    expect(fake?.calls).toEqual({ billingAccounts: 3, projects: 2, skus: 0 });
    expect(stats.requests).toBe(5);
    expect(() => checkGcpConfig(info, ['ml-train', 'ml-eu'])).not.toThrow();
  });

  it('rejects an account the credentials cannot see, and projects linked elsewhere', async () => {
    const { billing } = await start();
    const unknown = await describeBillingAccount(billing, '999999-999999-999999', {
      stats: emptyStats(),
      retry: noWait,
    });
    expect(() => checkGcpConfig(unknown, [])).toThrow(
      expect.objectContaining({
        code: 'GCP_BILLING_ACCOUNT_UNKNOWN',
        message: expect.stringContaining('visible: 000000-111111-222222'),
      }),
    );
    const info = await describeBillingAccount(billing, GCP_ACCOUNT, { stats: emptyStats(), retry: noWait });
    expect(() => checkGcpConfig(info, ['ml-train', 'web'])).toThrow(
      expect.objectContaining({
        code: 'GCP_PROJECT_NOT_LINKED',
        message: expect.stringContaining('web is not linked'),
      }),
    );
  });

  it('fails with the API error after a hard failure', async () => {
    const { billing } = await start({ fail: true });
    await expect(
      describeBillingAccount(billing, GCP_ACCOUNT, { stats: emptyStats(), retry: noWait }),
    ).rejects.toMatchObject({
      code: 'GCP_FAILED',
      message: expect.stringContaining('does not have permission'),
    });
  });
});

describe('GPU prices through the real CloudCatalogClient against a local endpoint', () => {
  it('builds hourly prices per accelerator type and region from the paged Compute Engine SKUs', async () => {
    const { catalog } = await start();
    const stats = emptyStats();
    const table = await loadGpuPriceTable(catalog, stats, { retry: noWait });
    expect(fake?.calls.skus).toBe(5); // 9 SKUs at 2 per page
    expect(stats).toMatchObject({ requests: 5, rows: 9 });
    expect(table.hourly('nvidia-tesla-t4', 'us-east1')?.hourly).toBe(parseMoney('0.35'));
    expect(table.hourly('nvidia-tesla-t4', 'us-central1', 'Preemptible')?.hourly).toBe(parseMoney('0.14'));
    expect(table.hourly('nvidia-tesla-a100', 'us-central1')?.hourly).toBe(parseMoney('2.933908'));
    expect(table.hourly('nvidia-a100-80gb', 'europe-west4')?.hourly).toBe(parseMoney('4.5184'));
    // priced per second in the catalog: 0.000198147 x 3600, exactly
    expect(table.hourly('nvidia-l4', 'europe-west4')?.hourly).toBe(parseMoney('0.7133292'));
    expect(table.hourly('nvidia-h100-80gb', 'us-central1')?.hourly).toBe(parseMoney('11.061250015'));
    expect(table.hourly('nvidia-tesla-t4-vws', 'us-central1')?.hourly).toBe(parseMoney('0.55'));
    // the commitment and the CPU SKU are not hourly GPU prices; no T4 is sold in europe-west4 here
    expect(table.hourly('nvidia-tesla-t4', 'europe-west4')).toBeUndefined();
    expect(table.size).toBe(8);
  });

  it('names accelerators from catalog descriptions', () => {
    expect(acceleratorTypeOf('Nvidia H100 80GB Mega GPU running in Americas')).toBe('nvidia-h100-mega-80gb');
    expect(acceleratorTypeOf('Nvidia Tesla P4 Virtual Workstation GPU running in Americas')).toBe(
      'nvidia-tesla-p4-vws',
    );
    expect(acceleratorTypeOf('Nvidia Tesla V100 GPU running in Americas')).toBe('nvidia-tesla-v100');
    expect(acceleratorTypeOf('Nvidia L4 GPU attached to Spot Preemptible VMs running in Iowa')).toBe(
      'nvidia-l4',
    );
    expect(acceleratorTypeOf('Commitment v1: Nvidia L4 GPU in Americas for 3 Year')).toBeUndefined();
    expect(acceleratorTypeOf('G2 Instance Core running in Americas')).toBeUndefined();
  });
});
