import type { GcpSourceConfig } from '../../config/sources-schema.js';
import type { PermissionSet } from '../../core/billing-source.js';
import type { SourceOptions } from '../secrets.js';
import { BIGQUERY_PERMISSIONS, BigQueryExportSource } from './bigquery-export.js';
import { CLOUD_BILLING_PERMISSIONS } from './billing-accounts.js';
import { makeBigQuery, makeCloudBillingClient } from './clients.js';

export const GCP_PERMISSIONS: PermissionSet = {
  cloud: 'gcp',
  actions: [...BIGQUERY_PERMISSIONS, ...CLOUD_BILLING_PERMISSIONS],
};

export function makeGcpSource(c: GcpSourceConfig, o: SourceOptions = {}): BigQueryExportSource {
  const tableProject = c.table.split('.')[0] ?? '';
  return new BigQueryExportSource({
    bigquery: makeBigQuery({
      projectId: c.jobProject ?? tableProject,
      credential: c.credential,
      ...(o.requestTimeoutMs ? { requestTimeoutMs: o.requestTimeoutMs } : {}),
      ...(c.endpoint ? { endpoint: c.endpoint } : {}),
      ...(o.secrets?.gcpServiceAccountKey ? { serviceAccountKey: o.secrets.gcpServiceAccountKey } : {}),
    }),
    settings: {
      billingAccountId: c.billingAccountId,
      table: c.table,
      projects: c.projects,
      labelKeys: c.labelKeys,
      partitionLagDays: c.partitionLagDays,
    },
    ...(o.retry ? { retry: o.retry } : {}),
    ...(c.checkBillingAccount
      ? {
          billing: makeCloudBillingClient({
            credential: c.credential,
            ...(c.billingEndpoint ? { endpoint: c.billingEndpoint } : {}),
          }),
        }
      : {}),
    ...(o.requestTimeoutMs ? { requestTimeoutMs: o.requestTimeoutMs } : {}),
  });
}
