import {
  type CostExplorerClient,
  GetCostAndUsageCommand,
  GetDimensionValuesCommand,
  GetTagsCommand,
} from '@aws-sdk/client-cost-explorer';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { BillingPull, PullStats } from '../../core/billing-source.js';
import { callCloud, codeByKind, type FailureKind, withPageRestart } from '../../core/cloud-call.js';
import type { TagFilter } from '../../core/clusters/carve.js';
import type { CostLine } from '../../core/cost-line.js';
import { addDays, type DayRange } from '../../core/day.js';
import type { TaggableResource } from '../../core/tag-coverage.js';
import { LiveSource, type LiveSourceOptions } from '../live-source.js';
import {
  AWS_PROVIDER,
  type CeSlice,
  mapCostAndUsagePage,
  sliceRequest,
  type TagKeys,
} from './cost-explorer-mapper.js';
import { listTaggedResources } from './tagging.js';

/** IAM actions the Cost Explorer adapter calls (serverless.yml must grant them). */
export const COST_EXPLORER_PERMISSIONS = [
  'ce:GetCostAndUsage',
  'ce:GetTags',
  'ce:GetDimensionValues',
] as const;

export interface CostExplorerSettings {
  /** The payer (management) account: FOCUS BillingAccountId, so CUR/FOCUS imports and pulls line up. */
  billingAccountId: string;
  /** Linked accounts to pull; empty = the accounts with cost in the range (one GetDimensionValues). */
  accounts: readonly string[];
  /** Stage tag values; empty = the values in the range (one GetTags). */
  stageValues: readonly string[];
  tagKeys: TagKeys;
}

export interface CostExplorerOptions extends LiveSourceOptions<CostExplorerSettings> {
  client: CostExplorerClient;
  /** Called after each request with the running count (the CLI's progress line). */
  onRequest?: (requests: number) => void;
  /** One Resource Groups Tagging API client per region to report tag coverage for (the API is regional). */
  taggingClients?: readonly ResourceGroupsTaggingAPIClient[];
}

// Cost Explorer answers 400 LimitExceededException when called too fast (5 requests/s per account), and
// InvalidNextTokenException to a NextPageToken it no longer honours (the remedy is to start over).
function classify(e: unknown): FailureKind | undefined {
  const name = e instanceof Error ? e.name : '';
  if (name === 'LimitExceededException') return 'throttled';
  if (name === 'InvalidNextTokenException') return 'page-expired';
  return undefined;
}

/** Live AWS spend from Cost Explorer GetCostAndUsage, DAILY, per linked account, model, stage, service. */
export class CostExplorerSource extends LiveSource<CostExplorerSettings> {
  readonly name = 'aws';
  readonly provider = AWS_PROVIDER;
  readonly tagFilter = true;
  /** Present when tagging clients were given: the resources of their regions (tag coverage report). */
  readonly resources?: (stats: PullStats) => Promise<TaggableResource[]>;

  private readonly client: CostExplorerClient;
  private readonly onRequest: ((requests: number) => void) | undefined;

  constructor(o: CostExplorerOptions) {
    super(o);
    this.client = o.client;
    this.onRequest = o.onRequest;
    const taggingClients = o.taggingClients ?? [];
    if (taggingClients.length) {
      this.resources = async (stats) => {
        const all: TaggableResource[] = [];
        for (const client of taggingClients)
          all.push(
            ...(await listTaggedResources(client, {
              billingAccountId: this.settings.billingAccountId,
              stats,
              retry: this.retry,
            })),
          );
        return all;
      };
    }
  }

  private send<T>(run: () => Promise<T>, stats: PullStats): Promise<T> {
    return callCloud(run, {
      provider: 'aws',
      what: 'Cost Explorer',
      code: codeByKind('CE'),
      retry: this.retry,
      classify,
      onAttempt: () => {
        stats.requests += 1;
        this.onRequest?.(stats.requests);
      },
    });
  }

  /** Every page of a NextPageToken-paged call, each one sent (and retried) as `send` does. */
  private async *pages<T extends { NextPageToken?: string | undefined }>(
    request: (token: string | undefined) => Promise<T>,
    stats: PullStats,
  ): AsyncGenerator<T> {
    let token: string | undefined;
    do {
      const page: T = await this.send(() => request(token), stats);
      yield page;
      token = page.NextPageToken || undefined;
    } while (token);
  }

  async pull(range: DayRange, stats: PullStats, only?: TagFilter): Promise<BillingPull> {
    const start = range.from;
    const end = addDays(range.to, 1); // Cost Explorer's End is exclusive.
    const names = new Map<string, string>();
    const accounts = this.settings.accounts.length
      ? [...this.settings.accounts]
      : await withPageRestart(() => this.discoverAccounts(start, end, names, stats), stats);
    const stages = this.settings.stageValues.length
      ? [...this.settings.stageValues]
      : await withPageRestart(() => this.discoverStages(start, end, stats), stats);
    const slices: CeSlice[] = accounts.flatMap((account) =>
      [...stages, undefined].map((stage) => ({ account, stage, ...(only ? { only } : {}) })),
    );
    const lines: CostLine[] = [];
    let firstEstimatedDay: string | undefined;
    for (const slice of slices) {
      const page = await withPageRestart(() => this.readSlice(slice, start, end, names, stats), stats);
      lines.push(...page.lines);
      if (page.firstEstimatedDay && (!firstEstimatedDay || page.firstEstimatedDay < firstEstimatedDay))
        firstEstimatedDay = page.firstEstimatedDay;
    }
    const scopes = [
      {
        provider: AWS_PROVIDER,
        billingAccountId: this.settings.billingAccountId,
        subAccountIds: accounts,
        from: range.from,
        to: range.to,
        ...(this.settings.accounts.length ? {} : { discovered: true }),
      },
    ];
    return firstEstimatedDay ? { lines, scopes, firstEstimatedDay } : { lines, scopes };
  }

  /** All pages of one slice's GetCostAndUsage. */
  private async readSlice(
    slice: CeSlice,
    start: string,
    end: string,
    names: Map<string, string>,
    stats: PullStats,
  ): Promise<{ lines: CostLine[]; firstEstimatedDay?: string }> {
    const input = sliceRequest(slice, this.settings.tagKeys, start, end);
    const lines: CostLine[] = [];
    let firstEstimatedDay: string | undefined;
    let rows = 0;
    const pages = this.pages(
      (NextPageToken) => this.client.send(new GetCostAndUsageCommand({ ...input, NextPageToken })),
      stats,
    );
    for await (const out of pages) {
      const accountName = names.get(slice.account);
      const page = mapCostAndUsagePage(out.ResultsByTime ?? [], {
        ...slice,
        billingAccountId: this.settings.billingAccountId,
        keys: this.settings.tagKeys,
        ...(accountName ? { accountName } : {}),
      });
      rows += page.lines.length;
      lines.push(...page.lines);
      if (page.firstEstimatedDay && (!firstEstimatedDay || page.firstEstimatedDay < firstEstimatedDay))
        firstEstimatedDay = page.firstEstimatedDay;
    }
    // Rows are counted once the slice is complete, so a restarted slice is not counted twice.
    stats.rows += rows;
    return firstEstimatedDay ? { lines, firstEstimatedDay } : { lines };
  }

  private async discoverAccounts(
    start: string,
    end: string,
    names: Map<string, string>,
    stats: PullStats,
  ): Promise<string[]> {
    const out: string[] = [];
    const pages = this.pages(
      (NextPageToken) =>
        this.client.send(
          new GetDimensionValuesCommand({
            TimePeriod: { Start: start, End: end },
            Dimension: 'LINKED_ACCOUNT',
            Context: 'COST_AND_USAGE',
            NextPageToken,
          }),
        ),
      stats,
    );
    for await (const page of pages) {
      for (const v of page.DimensionValues ?? []) {
        if (!v.Value) continue;
        out.push(v.Value);
        const name = v.Attributes?.description;
        if (name) names.set(v.Value, name);
      }
    }
    return out.sort();
  }

  private async discoverStages(start: string, end: string, stats: PullStats): Promise<string[]> {
    const out = new Set<string>();
    const pages = this.pages(
      (NextPageToken) =>
        this.client.send(
          new GetTagsCommand({
            TimePeriod: { Start: start, End: end },
            TagKey: this.settings.tagKeys.stage,
            NextPageToken,
          }),
        ),
      stats,
    );
    // An empty value is "no stage tag", which the ABSENT slice already covers.
    for await (const page of pages) for (const v of page.Tags ?? []) if (v !== '') out.add(v);
    return [...out].sort();
  }
}
