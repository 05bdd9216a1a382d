import type { BigQuery } from '@google-cloud/bigquery';
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

/** The BigQuery client the source (and doctor's dry run) queries the export with. */
export function gcpBigQueryOf(c: GcpSourceConfig, o: SourceOptions = {}): BigQuery {
  const tableProject = c.table.split('.')[0] ?? '';
  return makeBigQuery({
    projectId: c.jobProject ?? tableProject,
    credential: c.credential,
    ...(o.requestTimeoutMs ? { requestTimeoutMs: o.requestTimeoutMs } : {}),
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    ...(o.secrets?.gcpServiceAccountKey ? { serviceAccountKey: o.secrets.gcpServiceAccountKey } : {}),
  });
}

export function makeGcpSource(c: GcpSourceConfig, o: SourceOptions = {}): BigQueryExportSource {
  return new BigQueryExportSource({
    bigquery: gcpBigQueryOf(c, o),
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
