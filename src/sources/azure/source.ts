import type { CostManagementClient } from '@azure/arm-costmanagement';
import type { AzureSourceConfig } from '../../config/sources-schema.js';
import type { PermissionSet } from '../../core/billing-source.js';
import type { SourceOptions } from '../secrets.js';
import { makeCostManagementClient, readCa } from './clients.js';
import { COST_MANAGEMENT_PERMISSIONS, CostManagementSource } from './cost-management.js';
import { scopesOf } from './scopes.js';

export const AZURE_PERMISSIONS: PermissionSet = { cloud: 'azure', actions: [...COST_MANAGEMENT_PERMISSIONS] };

/** The Cost Management client the source (and doctor's one-day query) uses. */
export function costManagementClientOf(c: AzureSourceConfig, o: SourceOptions = {}): CostManagementClient {
  const ca = readCa(c.caFile);
  return makeCostManagementClient({
    credential: c.credential,
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    ...(ca ? { ca } : {}),
    ...(o.secrets?.azureClientSecret ? { clientSecret: o.secrets.azureClientSecret } : {}),
  });
}

export function makeAzureSource(c: AzureSourceConfig, o: SourceOptions = {}): CostManagementSource {
  return new CostManagementSource({
    client: costManagementClientOf(c, o),
    settings: {
      billingAccountId: c.billingAccountId,
      scopes: scopesOf(c),
      stageValues: c.stageValues,
      tagKeys: c.tagKeys,
    },
    ...(o.retry ? { retry: o.retry } : {}),
    ...(o.requestTimeoutMs ? { requestTimeoutMs: o.requestTimeoutMs } : {}),
  });
}
