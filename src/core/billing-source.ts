import type { TagFilter } from './clusters/carve.js';
import type { CostLine } from './cost-line.js';
import { addDays, type DayRange } from './day.js';
import type { ImportScope } from './ports.js';
import type { CloudId } from './providers.js';
import type { TaggableResource } from './tag-coverage.js';

/** A range of UTC days, both ends inclusive, YYYY-MM-DD. */

/**
 * What one pull cost, counted by the adapter as it goes (also when it fails half-way): API requests
 * sent, retries included (Cost Explorer bills each one), bytes a query engine scanned (BigQuery bills
 * these), and rows read.
 */
export interface PullStats {
  requests: number;
  bytesScanned: number;
  rows: number;
  /** Paged queries restarted from their first page because the cloud expired a paging token. */
  pageRestarts: number;
}

export const emptyStats = (): PullStats => ({ requests: 0, bytesScanned: 0, rows: 0, pageRestarts: 0 });

/** A scope of a pull, and how its sub-accounts were chosen. */
export interface PullScope extends ImportScope {
  /**
   * The sub-accounts were discovered in this pull (those with cost, or listed by the cloud), not
   * configured: one that dropped to zero cost is missing from the list, so the ingest run widens the
   * scope to the sub-accounts earlier runs of the source stored in the window.
   */
  discovered?: boolean;
}

export interface BillingPull {
  lines: CostLine[];
  /**
   * What the pull covers, whether or not a day had cost: the store replaces exactly these, so a day
   * the cloud restated to zero is cleared too.
   */
  scopes: PullScope[];
  /** First day the cloud still marks as estimated (AWS `Estimated`), if any in the range. */
  firstEstimatedDay?: string;
}

/** A live billing API (Cost Explorer, a BigQuery billing export, Cost Management) as the core sees it. */
export interface BillingSource {
  /** Config and CLI name: aws, gcp, azure. */
  readonly name: string;
  /** FOCUS ProviderName the facts carry, so a file import and a live pull of the same days replace each other. */
  readonly provider: string;
  /**
   * The spend of the range. With `only`, just the lines carrying that tag, grouped exactly as the
   * unfiltered pull groups them (sources whose API cannot group by a cluster's tag; see
   * core/clusters/carve.ts). `tagFilter` says whether the source can.
   */
  pull(range: DayRange, stats: PullStats, only?: TagFilter): Promise<BillingPull>;
  /** The source answers `pull(..., only)`; otherwise its lines already carry every tag a cluster needs. */
  readonly tagFilter?: boolean;
  /** The taggable resources of the cloud account, for the tag coverage report (sources that can list them). */
  resources?(stats: PullStats): Promise<TaggableResource[]>;
}

/** Cloud permissions an adapter needs, as data: the deployment checks its IAM policy against them. */
export interface PermissionSet {
  cloud: CloudId;
  /** `ce:GetCostAndUsage`, `bigquery.jobs.create`, `Microsoft.CostManagement/query/action`, ... */
  actions: readonly string[];
}

/** Per source, the last day whose data the cloud considers final ("data complete up to"). */
export interface SourceStatus {
  source: string;
  completeUpTo: string;
  /** ISO timestamp of the run that established it. */
  updatedAt: string;
}

export interface SourceStatusStore {
  /** Records the status of a source; a later day never moves back (a re-pull of old days keeps it). */
  record(status: SourceStatus): Promise<void>;
  list(): Promise<SourceStatus[]>;
}

export interface WindowSettings {
  /** Days before today to re-pull (clouds restate recent days). */
  trailingDays: number;
  /** Through this day of the month, the whole previous month is re-pulled too (its invoice is open). */
  previousMonthOpenUntilDay: number;
}

/** The days a scheduled run re-pulls: the trailing window up to today, plus last month while it is open. */
export function trailingWindow(today: string, w: WindowSettings): DayRange {
  let from = addDays(today, -w.trailingDays);
  if (Number(today.slice(8, 10)) <= w.previousMonthOpenUntilDay) {
    const firstOfPrevious = `${addDays(`${today.slice(0, 8)}01`, -1).slice(0, 8)}01`;
    if (firstOfPrevious < from) from = firstOfPrevious;
  }
  return { from, to: today };
}

/**
 * The last day of a pull that is final: before the first estimated day, and never today or later
 * (today's spend is still accruing in every cloud). Undefined when no day of the range qualifies.
 */
export function completeUpTo(range: DayRange, today: string, firstEstimatedDay?: string): string | undefined {
  let last = range.to < today ? range.to : addDays(today, -1);
  if (firstEstimatedDay !== undefined && firstEstimatedDay <= last) last = addDays(firstEstimatedDay, -1);
  return last >= range.from ? last : undefined;
}
