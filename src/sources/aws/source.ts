import type { AwsSourceConfig } from '../../config/sources-schema.js';
import type { PermissionSet } from '../../core/billing-source.js';
import type { RetryPolicy } from '../retry.js';
import { makeCostExplorerClient, makeTaggingClient } from './clients.js';
import { COST_EXPLORER_PERMISSIONS, CostExplorerSource } from './cost-explorer.js';
import { TAGGING_PERMISSIONS } from './tagging.js';

export const AWS_PERMISSIONS: PermissionSet = {
  cloud: 'aws',
  actions: [...COST_EXPLORER_PERMISSIONS, ...TAGGING_PERMISSIONS],
};

export function makeAwsSource(
  c: AwsSourceConfig,
  retry?: RetryPolicy,
  requestTimeoutMs?: number,
): CostExplorerSource {
  const common = {
    ...(c.profile ? { profile: c.profile } : {}),
    ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
  };
  return new CostExplorerSource(
    makeCostExplorerClient(common),
    {
      billingAccountId: c.billingAccountId,
      accounts: c.accounts,
      stageValues: c.stageValues,
      tagKeys: c.tagKeys,
    },
    retry,
    undefined,
    c.coverageRegions.map((region) => makeTaggingClient({ region, ...common })),
  );
}
