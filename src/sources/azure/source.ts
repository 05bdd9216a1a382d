import type { AzureSourceConfig } from '../../config/sources-schema.js';
import type { PermissionSet } from '../../core/billing-source.js';
import type { SourceOptions } from '../secrets.js';
import { makeCostManagementClient, readCa } from './clients.js';
import { COST_MANAGEMENT_PERMISSIONS, CostManagementSource } from './cost-management.js';
import { scopesOf } from './scopes.js';

export const AZURE_PERMISSIONS: PermissionSet = { cloud: 'azure', actions: [...COST_MANAGEMENT_PERMISSIONS] };

export function makeAzureSource(c: AzureSourceConfig, o: SourceOptions = {}): CostManagementSource {
  const ca = readCa(c.caFile);
  return new CostManagementSource({
    client: makeCostManagementClient({
      credential: c.credential,
      ...(c.endpoint ? { endpoint: c.endpoint } : {}),
      ...(ca ? { ca } : {}),
      ...(o.secrets?.azureClientSecret ? { clientSecret: o.secrets.azureClientSecret } : {}),
    }),
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
