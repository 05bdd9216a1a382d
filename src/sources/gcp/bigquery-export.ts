import type { BigQuery, Job, Query, QueryRowsResponse } from '@google-cloud/bigquery';
import type { CloudBillingClient } from '@google-cloud/billing';
import type { BillingPull, BillingSource, PullStats } from '../../core/billing-source.js';
import type { CostLine } from '../../core/cost-line.js';
import type { DayRange } from '../../core/day.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY,
  isTransient,
  type RetryPolicy,
  statusOf,
  withDeadline,
  withPageRestart,
  withRetry,
} from '../retry.js';
import { type ExportQuerySettings, exportQuery, GCP_PROVIDER, mapExportRow } from './bigquery-mapper.js';
import { checkGcpConfig, describeBillingAccount } from './billing-accounts.js';
import { GcpSourceError } from './errors.js';

/** IAM permissions to query the export (roles/bigquery.jobUser on the job project, dataViewer on the dataset). */
export const BIGQUERY_PERMISSIONS = ['bigquery.jobs.create', 'bigquery.tables.getData'] as const;

export interface BigQueryExportSettings extends ExportQuerySettings {
  billingAccountId: string;
}

// Google APIs signal rate limits with HTTP 429 (and BigQuery sometimes 403 rateLimitExceeded).
function isThrottle(e: unknown): boolean {
  const err = e as { code?: unknown; errors?: { reason?: string }[] };
  return err.code === 429 || (err.errors ?? []).some((x) => x.reason === 'rateLimitExceeded');
}

function failureCode(cause: unknown): string {
  if (isThrottle(cause)) return 'BQ_THROTTLED';
  if (cause instanceof Error && /timeout/i.test(cause.message)) return 'BQ_TIMEOUT';
  return isTransient(cause) ? 'BQ_UNAVAILABLE' : 'BQ_FAILED';
}

/**
 * A getQueryResults page that can no longer be read: the results live in an anonymous table that
 * expires (404 notFound), or the token is refused (400 invalid). The query has to run again.
 */
function isPageGone(e: unknown): boolean {
  const status = statusOf(e);
  const reasons = ((e as { errors?: { reason?: string }[] }).errors ?? []).map((x) => x.reason);
  return status === 404 || (status === 400 && reasons.includes('invalid'));
}
const isPageExpired = (e: unknown) => e instanceof GcpSourceError && e.code === 'BQ_PAGE_EXPIRED';

/** Live Google Cloud spend: a daily rollup query over the Cloud Billing export in BigQuery. */
export class BigQueryExportSource implements BillingSource {
  readonly name = 'gcp';
  readonly provider = GCP_PROVIDER;

  constructor(
    private readonly bigquery: BigQuery,
    private readonly settings: BigQueryExportSettings,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    /** When given, the billing account and projects are checked through the Cloud Billing API first. */
    private readonly billing?: CloudBillingClient,
    private readonly requestTimeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {}

  private call(
    run: () => Promise<QueryRowsResponse>,
    stats: PullStats,
    nextPage = false,
  ): Promise<QueryRowsResponse> {
    const retryable = (e: unknown) => isThrottle(e) || isTransient(e);
    const timed = () => withDeadline(run, this.requestTimeoutMs, 'BigQuery');
    return withRetry(timed, retryable, this.retry, () => {
      stats.requests += 1;
    }).catch((cause: unknown) => {
      const text = cause instanceof Error ? cause.message : String(cause);
      const code = nextPage && isPageGone(cause) ? 'BQ_PAGE_EXPIRED' : failureCode(cause);
      throw new GcpSourceError(code, `BigQuery billing export ${this.settings.table}: ${text}`, { cause });
    });
  }

  async pull(range: DayRange, stats: PullStats): Promise<BillingPull> {
    // Before the (billed) query: a wrong account or a project linked elsewhere fails the source clearly.
    let linked: string[] = [];
    if (this.billing) {
      const info = await describeBillingAccount(
        this.billing,
        this.settings.billingAccountId,
        stats,
        this.retry,
      );
      checkGcpConfig(info, this.settings.projects);
      linked = info.projects.map((p) => p.projectId);
    }
    const { lines, seen } = await withPageRestart(() => this.readAll(range, stats), isPageExpired, stats);
    const configured = this.settings.projects.length > 0;
    // Discovered: the projects with cost in the export, and those the Billing API lists as linked.
    const projects = configured ? [...this.settings.projects] : [...new Set([...seen, ...linked])].sort();
    return {
      lines,
      scopes: [
        {
          provider: GCP_PROVIDER,
          billingAccountId: this.settings.billingAccountId,
          subAccountIds: projects,
          ...range,
          ...(configured ? {} : { discovered: true }),
        },
      ],
    };
  }

  /** Runs the rollup query and reads all its pages. A restart runs (and is billed for) a new job. */
  private async readAll(
    range: DayRange,
    stats: PullStats,
  ): Promise<{ lines: CostLine[]; seen: Set<string> }> {
    const { query, params } = exportQuery(this.settings, range);
    const q: Query = { query, params, useLegacySql: false };
    // With autoPaginate off the client answers [rows, nextQuery, response] (its typings only know the
    // auto-paginated shape): jobs.query first, then getQueryResults per pageToken.
    let [rows, next, response] = await this.call(
      () => this.bigquery.query(q, { autoPaginate: false }) as unknown as Promise<QueryRowsResponse>,
      stats,
    );
    stats.bytesScanned += Number(response?.totalBytesProcessed ?? 0);
    const lines: CostLine[] = [];
    const seen = new Set<string>();
    for (;;) {
      for (const raw of rows) {
        const line = mapExportRow(
          raw as Record<string, unknown>,
          this.settings.billingAccountId,
          this.settings.labelKeys,
        );
        lines.push(line);
        seen.add(line.subAccountId);
      }
      const page = next;
      if (!page?.pageToken) break;
      const job = (page as { job?: Job }).job;
      if (!job)
        throw new GcpSourceError('BQ_BAD_PAGE', 'BigQuery returned a page token without a job to page');
      [rows, next, response] = await this.call(
        () => job.getQueryResults({ ...page, autoPaginate: false }),
        stats,
        true,
      );
    }
    // Counted once the query is read whole, so a restarted query does not count its rows twice.
    stats.rows += lines.length;
    return { lines, seen };
  }
}
