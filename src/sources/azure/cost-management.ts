import type { CostManagementClient, QueryDefinition, QueryResult } from '@azure/arm-costmanagement';
import type { BillingPull, PullScope, PullStats } from '../../core/billing-source.js';
import { callCloud, codeByKind, statusOf, withPageRestart } from '../../core/cloud-call.js';
import type { TagFilter } from '../../core/clusters/carve.js';
import type { CostLine } from '../../core/cost-line.js';
import type { DayRange } from '../../core/day.js';
import { LiveSource, type LiveSourceOptions } from '../live-source.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../retry.js';
import {
  AZURE_PROVIDER,
  type CostType,
  linesFromSlices,
  mapSubscriptions,
  mapUsageRows,
  type SliceRows,
  subscriptionsQuery,
  usageQuery,
} from './cost-management-mapper.js';
import { installExactAmountsPolicy } from './exact-amounts.js';
import { type AzureScope, fixedSubscription, scopePath } from './scopes.js';

/** Azure RBAC actions (the Cost Management Reader role has them). */
export const COST_MANAGEMENT_PERMISSIONS = [
  'Microsoft.CostManagement/query/action',
  'Microsoft.Consumption/usageDetails/read',
] as const;

export interface CostManagementSettings {
  billingAccountId: string;
  /** Subscription, resource group, billing account or management group scopes (src/sources/azure/scopes.ts). */
  scopes: readonly AzureScope[];
  /** Empty = discovered per subscription with one query grouped by the stage tag. */
  stageValues: readonly string[];
  tagKeys: { model: string; stage: string };
}

export interface CostManagementOptions extends LiveSourceOptions<CostManagementSettings> {
  client: CostManagementClient;
  requestTimeoutMs?: number;
}

const NEXT_LINK_HEADER = 'x-costguard-next-link';

// Cost Management refuses a $skiptoken it no longer honours with 400 on the nextLink; the query has
// to start over from its first page. (Its 429s carry their own retry-after header: core/cloud-call.)
const nextPageClassify = (e: unknown) => (statusOf(e) === 400 ? ('page-expired' as const) : undefined);

/** Every request of the client gives up after `ms` without an answer (then the adapter retries). */
export function installTimeoutPolicy(client: CostManagementClient, ms: number): void {
  if (client.pipeline.getOrderedPolicies().some((p) => p.name === 'costguardTimeout')) return;
  client.pipeline.addPolicy({
    name: 'costguardTimeout',
    sendRequest: (request, next) => {
      request.timeout = ms;
      return next(request);
    },
  });
}

/**
 * The SDK's query.usage has no "next page" call. Cost Management pages with `nextLink` (the same POST
 * to a URL with $skiptoken), so this policy swaps the URL of a request that carries the marker header:
 * the SDK still serializes the body and parses the answer.
 */
export function installNextLinkPolicy(client: CostManagementClient): void {
  if (client.pipeline.getOrderedPolicies().some((p) => p.name === 'costguardNextLink')) return;
  client.pipeline.addPolicy({
    name: 'costguardNextLink',
    sendRequest: (request, next) => {
      const link = request.headers.get(NEXT_LINK_HEADER);
      if (link) {
        request.url = link;
        request.headers.delete(NEXT_LINK_HEADER);
      }
      return next(request);
    },
  });
}

/** Live Azure spend from Cost Management query.usage, Daily, per subscription, model, stage, service. */
export class CostManagementSource extends LiveSource<CostManagementSettings> {
  readonly name = 'azure';
  readonly provider = AZURE_PROVIDER;
  readonly tagFilter = true;

  private readonly client: CostManagementClient;

  constructor(o: CostManagementOptions) {
    super(o);
    this.client = o.client;
    installTimeoutPolicy(o.client, o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    installNextLinkPolicy(o.client);
    installExactAmountsPolicy(o.client);
  }

  /** All pages of one query, from the first page again if the cloud expired a nextLink. */
  private query(scope: string, q: QueryDefinition, stats: PullStats): Promise<QueryResult[]> {
    return withPageRestart(() => this.readPages(scope, q, stats), stats);
  }

  private async readPages(scope: string, q: QueryDefinition, stats: PullStats): Promise<QueryResult[]> {
    const pages: QueryResult[] = [];
    let link: string | undefined;
    do {
      const options = link ? { requestOptions: { customHeaders: { [NEXT_LINK_HEADER]: link } } } : {};
      const page = await callCloud(() => this.client.query.usage(scope, q, options), {
        provider: 'azure',
        what: `Azure Cost Management ${scope}`,
        code: codeByKind('AZ'),
        retry: this.retry,
        ...(link ? { classify: nextPageClassify } : {}),
        onAttempt: () => {
          stats.requests += 1;
        },
      });
      pages.push(page);
      link = page.nextLink || undefined;
    } while (link);
    return pages;
  }

  private async stageValues(scope: string, range: DayRange, stats: PullStats): Promise<string[]> {
    if (this.settings.stageValues.length) return [...this.settings.stageValues];
    const pages = await this.query(
      scope,
      usageQuery('ActualCost', range, { tagKey: this.settings.tagKeys.stage }),
      stats,
    );
    const values = new Set(pages.flatMap(mapUsageRows).map((r) => r.tagValue));
    values.delete('');
    return [...values].sort();
  }

  /**
   * The subscriptions a scope's cost is split into. A subscription or resource group scope has its
   * own; a billing account or management group scope spans those a grouped query finds with cost
   * (one query), each then queried with a SubscriptionId filter: groupings stay model and service.
   */
  private async subscriptionsOf(
    scope: AzureScope,
    range: DayRange,
    stats: PullStats,
  ): Promise<{ id: string; name?: string; filter: boolean }[]> {
    const fixed = fixedSubscription(scope);
    if (fixed) return [{ id: fixed, filter: false }];
    const pages = await this.query(scopePath(scope), subscriptionsQuery(range), stats);
    const found = new Map<string, string>();
    for (const p of pages) for (const [id, name] of mapSubscriptions(p)) found.set(id, name);
    return [...found]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, name]) => ({ id, filter: true, ...(name ? { name } : {}) }));
  }

  async pull(range: DayRange, stats: PullStats, only?: TagFilter): Promise<BillingPull> {
    const keys = this.settings.tagKeys;
    const lines: CostLine[] = [];
    const configured = new Set<string>();
    const discovered = new Set<string>();
    for (const scope of this.settings.scopes) {
      const path = scopePath(scope);
      const subscriptions = await this.subscriptionsOf(scope, range, stats);
      const stages = subscriptions.length ? await this.stageValues(path, range, stats) : [];
      for (const sub of subscriptions) {
        (sub.filter ? discovered : configured).add(sub.id);
        const slices: SliceRows[] = [];
        for (const type of ['ActualCost', 'AmortizedCost'] as CostType[]) {
          for (const stage of [undefined, ...stages]) {
            const q = usageQuery(
              type,
              range,
              { modelKey: keys.model },
              stage ? { key: keys.stage, value: stage } : undefined,
              sub.filter ? sub.id : undefined,
              only,
            );
            const rows = (await this.query(path, q, stats)).flatMap(mapUsageRows);
            stats.rows += rows.length;
            slices.push({ stage, type, rows });
          }
        }
        lines.push(
          ...linesFromSlices(slices, {
            billingAccountId: this.settings.billingAccountId,
            subscriptionId: sub.id,
            keys,
            ...(sub.name ? { subscriptionName: sub.name } : {}),
          }),
        );
      }
    }
    const scope = (ids: Set<string>) => ({
      provider: AZURE_PROVIDER,
      billingAccountId: this.settings.billingAccountId,
      subAccountIds: [...ids].sort(),
      ...range,
    });
    // A resource group scope replaces its whole subscription's days (the store keys facts by
    // subscription): the config check rejects mixing it with its subscription's own scope.
    const scopes: PullScope[] = [];
    if (configured.size) scopes.push(scope(configured));
    const onlyDiscovered = new Set([...discovered].filter((id) => !configured.has(id)));
    const anyDiscoveryScope = this.settings.scopes.some((s) => !fixedSubscription(s));
    if (anyDiscoveryScope) scopes.push({ ...scope(onlyDiscovered), discovered: true });
    return { lines, scopes };
  }
}
