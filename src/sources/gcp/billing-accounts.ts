import type { CloudBillingClient, protos } from '@google-cloud/billing';
import type { PullStats } from '../../core/billing-source.js';
import { CloudCallError, type RetryPolicy } from '../../core/cloud-call.js';
import { listAllPages, ONE_PAGE } from './gapic-pages.js';

/** IAM permissions: list the accounts the caller can see, and the projects linked to one. */
export const CLOUD_BILLING_PERMISSIONS = [
  'billing.accounts.list',
  'billing.resourceAssociations.list',
] as const;

export interface BillingAccountInfo {
  /** 012345-6789AB-CDEF01 */
  id: string;
  displayName: string;
  open: boolean;
  /** Projects linked to the account, sorted; `billingEnabled` false = linked but billing disabled. */
  projects: { projectId: string; billingEnabled: boolean }[];
  /** Every account the credentials can see (for the error message when the configured one is not). */
  visible: string[];
}

const PREFIX = 'billingAccounts/';
type AccountsRequest = protos.google.cloud.billing.v1.IListBillingAccountsRequest;
type ProjectsRequest = protos.google.cloud.billing.v1.IListProjectBillingInfoRequest;

/** The billing account and its projects through the Cloud Billing API (both lists paged). */
export async function describeBillingAccount(
  client: CloudBillingClient,
  accountId: string,
  o: { stats: PullStats; retry?: RetryPolicy },
): Promise<BillingAccountInfo> {
  const accounts = await listAllPages(
    (req: AccountsRequest) => client.listBillingAccounts(req, ONE_PAGE),
    { pageSize: 100 },
    { ...o, what: 'Cloud Billing billingAccounts.list' },
  );
  const visible = accounts.map((a) => (a.name ?? '').replace(PREFIX, '')).sort();
  const account = accounts.find((a) => a.name === `${PREFIX}${accountId}`);
  if (!account) return { id: accountId, displayName: '', open: false, projects: [], visible };
  const projects = await listAllPages(
    (req: ProjectsRequest) => client.listProjectBillingInfo(req, ONE_PAGE),
    { name: `${PREFIX}${accountId}`, pageSize: 100 },
    { ...o, what: `Cloud Billing ${PREFIX}${accountId}/projects` },
  );
  return {
    id: accountId,
    displayName: account.displayName ?? '',
    open: account.open === true,
    projects: projects
      .map((p) => ({ projectId: p.projectId ?? '', billingEnabled: p.billingEnabled === true }))
      .filter((p) => p.projectId !== '')
      .sort((a, b) => (a.projectId < b.projectId ? -1 : 1)),
    visible,
  };
}

/** The Cloud Billing API's answer contradicts the config: fix the config or the account's links. */
const configMismatch = (code: string, message: string) =>
  new CloudCallError({ code, provider: 'gcp', kind: 'config', request: 'Cloud Billing', message });

/**
 * Pure: checks the config against what the Billing API says. The configured account must be visible
 * to the credentials (else the export query would read an account nobody may see), and every
 * configured project must be linked to it (a project moved to another billing account no longer
 * appears in this export, so ingesting it would silently record zero).
 */
export function checkGcpConfig(info: BillingAccountInfo, projects: readonly string[]): void {
  if (!info.visible.includes(info.id)) {
    throw configMismatch(
      'GCP_BILLING_ACCOUNT_UNKNOWN',
      `sources.gcp.billingAccountId ${info.id} is not visible to these credentials ` +
        `(visible: ${info.visible.join(', ') || 'none'}). Fix the id or grant roles/billing.viewer on it.`,
    );
  }
  const linked = new Set(info.projects.map((p) => p.projectId));
  const stray = projects.filter((p) => !linked.has(p));
  if (stray.length) {
    throw configMismatch(
      'GCP_PROJECT_NOT_LINKED',
      `sources.gcp.projects ${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} not linked to billing ` +
        `account ${info.id}${info.displayName ? ` (${info.displayName})` : ''}: remove ${stray.length === 1 ? 'it' : 'them'} ` +
        'from the config or link the project to this account.',
    );
  }
}
