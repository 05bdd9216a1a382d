import type { GcpSourceConfig } from '../../config/sources-schema.js';
import type { PermissionSet } from '../../core/billing-source.js';
import type { RetryPolicy } from '../retry.js';
import type { SourceSecrets } from '../secrets.js';
import { BIGQUERY_PERMISSIONS, BigQueryExportSource } from './bigquery-export.js';
import { CLOUD_BILLING_PERMISSIONS } from './billing-accounts.js';
import { makeBigQuery, makeCloudBillingClient } from './clients.js';

export const GCP_PERMISSIONS: PermissionSet = {
  cloud: 'gcp',
  actions: [...BIGQUERY_PERMISSIONS, ...CLOUD_BILLING_PERMISSIONS],
};

export function makeGcpSource(
  c: GcpSourceConfig,
  retry?: RetryPolicy,
  secrets?: SourceSecrets,
  requestTimeoutMs?: number,
): BigQueryExportSource {
  const tableProject = c.table.split('.')[0] ?? '';
  return new BigQueryExportSource(
    makeBigQuery({
      projectId: c.jobProject ?? tableProject,
      credential: c.credential,
      ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
      ...(c.endpoint ? { endpoint: c.endpoint } : {}),
      ...(secrets?.gcpServiceAccountKey ? { serviceAccountKey: secrets.gcpServiceAccountKey } : {}),
    }),
    {
      billingAccountId: c.billingAccountId,
      table: c.table,
      projects: c.projects,
      labelKeys: c.labelKeys,
      partitionLagDays: c.partitionLagDays,
    },
    retry,
    c.checkBillingAccount
      ? makeCloudBillingClient({
          credential: c.credential,
          ...(c.billingEndpoint ? { endpoint: c.billingEndpoint } : {}),
        })
      : undefined,
    requestTimeoutMs,
  );
}
