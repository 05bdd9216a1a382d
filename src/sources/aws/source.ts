import type { AwsSourceConfig } from '../../config/sources-schema.js';
import type { PermissionSet } from '../../core/billing-source.js';
import type { SourceOptions } from '../secrets.js';
import { makeCostExplorerClient, makeTaggingClient } from './clients.js';
import { COST_EXPLORER_PERMISSIONS, CostExplorerSource } from './cost-explorer.js';
import { TAGGING_PERMISSIONS } from './tagging.js';

export const AWS_PERMISSIONS: PermissionSet = {
  cloud: 'aws',
  actions: [...COST_EXPLORER_PERMISSIONS, ...TAGGING_PERMISSIONS],
};

export function makeAwsSource(c: AwsSourceConfig, o: SourceOptions = {}): CostExplorerSource {
  const common = {
    ...(c.profile ? { profile: c.profile } : {}),
    ...(o.requestTimeoutMs ? { requestTimeoutMs: o.requestTimeoutMs } : {}),
  };
  return new CostExplorerSource({
    client: makeCostExplorerClient(common),
    settings: {
      billingAccountId: c.billingAccountId,
      accounts: c.accounts,
      stageValues: c.stageValues,
      tagKeys: c.tagKeys,
    },
    ...(o.retry ? { retry: o.retry } : {}),
    taggingClients: c.coverageRegions.map((region) => makeTaggingClient({ region, ...common })),
  });
}
