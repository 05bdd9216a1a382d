/**
 * The Cost Management scopes costguard queries, and their ARM scope strings
 * (https://learn.microsoft.com/azure/cost-management-billing/costs/understand-work-scopes):
 * - subscriptions/{subscriptionId}
 * - subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}
 * - providers/Microsoft.Billing/billingAccounts/{billingAccountId}
 * - providers/Microsoft.Management/managementGroups/{managementGroupId}
 */
export type AzureScope =
  | { kind: 'subscription'; subscriptionId: string }
  | { kind: 'resourceGroup'; subscriptionId: string; resourceGroup: string }
  | { kind: 'billingAccount'; billingAccountId: string }
  | { kind: 'managementGroup'; managementGroupId: string };

/** The scope string query.usage takes. No leading slash: the SDK's URL template is `{$host}/{scope}`. */
export function scopePath(s: AzureScope): string {
  const e = encodeURIComponent;
  switch (s.kind) {
    case 'subscription':
      return `subscriptions/${e(s.subscriptionId)}`;
    case 'resourceGroup':
      return `subscriptions/${e(s.subscriptionId)}/resourceGroups/${e(s.resourceGroup)}`;
    case 'billingAccount':
      return `providers/Microsoft.Billing/billingAccounts/${e(s.billingAccountId)}`;
    case 'managementGroup':
      return `providers/Microsoft.Management/managementGroups/${e(s.managementGroupId)}`;
  }
}

/**
 * Subscription and resource group scopes name their subscription: it is the sub-account of their
 * cost. Billing account and management group scopes span subscriptions that are found by a query.
 */
export function fixedSubscription(s: AzureScope): string | undefined {
  return s.kind === 'subscription' || s.kind === 'resourceGroup' ? s.subscriptionId : undefined;
}

/** The config's `subscriptions` list and `scopes` entries as scopes, in config order. */
export function scopesOf(c: {
  subscriptions: readonly string[];
  scopes: readonly (
    | { subscription: string; resourceGroup?: string | undefined }
    | { billingAccount: string }
    | { managementGroup: string }
  )[];
}): AzureScope[] {
  return [
    ...c.subscriptions.map((subscriptionId): AzureScope => ({ kind: 'subscription', subscriptionId })),
    ...c.scopes.map((s): AzureScope => {
      if ('billingAccount' in s) return { kind: 'billingAccount', billingAccountId: s.billingAccount };
      if ('managementGroup' in s) return { kind: 'managementGroup', managementGroupId: s.managementGroup };
      return s.resourceGroup
        ? { kind: 'resourceGroup', subscriptionId: s.subscription, resourceGroup: s.resourceGroup }
        : { kind: 'subscription', subscriptionId: s.subscription };
    }),
  ];
}
