import type { BigQuery, Job, Query, QueryRowsResponse } from '@google-cloud/bigquery';
import type { CloudBillingClient } from '@google-cloud/billing';
import type { BillingPull, PullStats } from '../../core/billing-source.js';
import { badAnswer, callCloud, codeByKind, statusOf, withPageRestart } from '../../core/cloud-call.js';
import type { CostLine } from '../../core/cost-line.js';
import type { DayRange } from '../../core/day.js';
import { LiveSource, type LiveSourceOptions } from '../live-source.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, withDeadline } from '../retry.js';
import { type ExportQuerySettings, exportQuery, GCP_PROVIDER, mapExportRow } from './bigquery-mapper.js';
import { checkGcpConfig, describeBillingAccount } from './billing-accounts.js';

/** IAM permissions to query the export (roles/bigquery.jobUser on the job project, dataViewer on the dataset). */
export const BIGQUERY_PERMISSIONS = ['bigquery.jobs.create', 'bigquery.tables.getData'] as const;

export interface BigQueryExportSettings extends ExportQuerySettings {
  billingAccountId: string;
}

export interface BigQueryExportOptions extends LiveSourceOptions<BigQueryExportSettings> {
  bigquery: BigQuery;
  /** When given, the billing account and projects are checked through the Cloud Billing API first. */
  billing?: CloudBillingClient;
  requestTimeoutMs?: number;
}

/**
 * A getQueryResults page that can no longer be read: the results live in an anonymous table that
 * expires (404 notFound), or the token is refused (400 invalid). The query has to run again.
 */
function pageGone(e: unknown) {
  const status = statusOf(e);
  const reasons = ((e as { errors?: { reason?: string }[] }).errors ?? []).map((x) => x.reason);
  return status === 404 || (status === 400 && reasons.includes('invalid'))
    ? ('page-expired' as const)
    : undefined;
}

/** Live Google Cloud spend: a daily rollup query over the Cloud Billing export in BigQuery. */
export class BigQueryExportSource extends LiveSource<BigQueryExportSettings> {
  readonly name = 'gcp';
  readonly provider = GCP_PROVIDER;

  private readonly bigquery: BigQuery;
  private readonly billing: CloudBillingClient | undefined;
  private readonly requestTimeoutMs: number;

  constructor(o: BigQueryExportOptions) {
    super(o);
    this.bigquery = o.bigquery;
    this.billing = o.billing;
    this.requestTimeoutMs = o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  private call(
    run: () => Promise<QueryRowsResponse>,
    stats: PullStats,
    nextPage = false,
  ): Promise<QueryRowsResponse> {
    return callCloud(() => withDeadline(run, this.requestTimeoutMs, 'BigQuery'), {
      provider: 'gcp',
      what: `BigQuery billing export ${this.settings.table}`,
      code: codeByKind('BQ'),
      retry: this.retry,
      ...(nextPage ? { classify: pageGone } : {}),
      onAttempt: () => {
        stats.requests += 1;
      },
    });
  }

  async pull(range: DayRange, stats: PullStats): Promise<BillingPull> {
    // Before the (billed) query: a wrong account or a project linked elsewhere fails the source clearly.
    let linked: string[] = [];
    if (this.billing) {
      const info = await describeBillingAccount(this.billing, this.settings.billingAccountId, {
        stats,
        retry: this.retry,
      });
      checkGcpConfig(info, this.settings.projects);
      linked = info.projects.map((p) => p.projectId);
    }
    const { lines, seen } = await withPageRestart(() => this.readAll(range, stats), stats);
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
      if (!job) throw badAnswer('gcp', 'BigQuery', 'BQ_BAD_PAGE', 'a page token without a job to page');
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
