import type { AzureSourceConfig } from '../../config/sources-schema.js';
import type { PermissionSet } from '../../core/billing-source.js';
import type { RetryPolicy } from '../retry.js';
import type { SourceSecrets } from '../secrets.js';
import { makeCostManagementClient, readCa } from './clients.js';
import { COST_MANAGEMENT_PERMISSIONS, CostManagementSource } from './cost-management.js';
import { scopesOf } from './scopes.js';

export const AZURE_PERMISSIONS: PermissionSet = { cloud: 'azure', actions: [...COST_MANAGEMENT_PERMISSIONS] };

export function makeAzureSource(
  c: AzureSourceConfig,
  retry?: RetryPolicy,
  secrets?: SourceSecrets,
  requestTimeoutMs?: number,
): CostManagementSource {
  const ca = readCa(c.caFile);
  return new CostManagementSource(
    makeCostManagementClient({
      credential: c.credential,
      ...(c.endpoint ? { endpoint: c.endpoint } : {}),
      ...(ca ? { ca } : {}),
      ...(secrets?.azureClientSecret ? { clientSecret: secrets.azureClientSecret } : {}),
    }),
    {
      billingAccountId: c.billingAccountId,
      scopes: scopesOf(c),
      stageValues: c.stageValues,
      tagKeys: c.tagKeys,
    },
    retry,
    requestTimeoutMs,
  );
}
