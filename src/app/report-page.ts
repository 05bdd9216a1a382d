import { budgetsOf } from '../config/budgets.js';
import type { CostguardConfig } from '../config/schema.js';
import type { AnomalyStore } from '../core/anomaly/ports.js';
import type { SourceStatusStore } from '../core/billing-source.js';
import { evaluateBudget } from '../core/budget/budget.js';
import { clusterSummaries } from '../core/clusters/summary.js';
import type { AllocationStore } from '../core/clusters/types.js';
import type { Metric } from '../core/cost-line.js';
import type { IdleAuditLog } from '../core/idle/ports.js';
import type { CostStore } from '../core/ports.js';
import {
  buildPageModel,
  historyFrom,
  lastDayOf,
  type PageModel,
  type TableDimension,
} from '../core/report-page/model.js';
import { nameIndex, type SubAccountStore } from '../core/sub-accounts.js';
import { type PageExtras, renderPage } from '../page/render.js';

// The report page, one use case for every runtime: `costguard report --format html`, `costguard run
// --html`, the demo and the deployed rollup read their stores through these ports and get the same page.

export interface ReportPagePorts {
  costs: CostStore;
  anomalies: AnomalyStore;
  sources: SourceStatusStore;
  idleAudit?: IdleAuditLog;
  /** Names of accounts, projects and subscriptions (DuckDB only today). */
  subAccounts?: SubAccountStore;
  /** OpenCost allocations, for the clusters section (GPU idle share). */
  allocations?: AllocationStore;
}

export interface ReportPageQuery {
  from: string;
  to: string;
  /** Today (UTC): the headline's last day is yesterday, or `to` when the range ends before. */
  today: string;
  /** Columns of the cost table beyond model, stage and provider. */
  by?: readonly TableDimension[];
  title?: string;
  metric?: Metric;
  /** ISO instant shown as "generated"; default now. */
  generatedAt?: string;
}

export async function reportPageModel(
  ports: ReportPagePorts,
  config: CostguardConfig,
  q: ReportPageQuery,
): Promise<PageModel> {
  const metric = q.metric ?? 'effective';
  const query = {
    from: q.from,
    to: q.to,
    today: q.today,
    by: q.by ?? [],
    metric,
    title: q.title ?? `costguard: spend ${q.from} to ${q.to}`,
    generatedAt: q.generatedAt ?? new Date().toISOString(),
    unattributed: config.attribution.unattributed,
  };
  const last = lastDayOf(query);
  const [facts, anomalies, sources, idle, accounts] = await Promise.all([
    ports.costs.queryFacts({ from: historyFrom(query), to: q.to }),
    ports.anomalies.listAnomalies({ from: q.from, to: q.to }),
    ports.sources.list(),
    ports.idleAudit ? ports.idleAudit.list({ since: `${q.from}T00:00:00Z` }) : Promise.resolve([]),
    ports.subAccounts ? ports.subAccounts.list() : Promise.resolve([]),
  ]);
  const budgets = budgetsOf(config).map((b) => evaluateBudget(b, facts, last, metric));
  const clusters = config.attribution.clusters;
  const allocations =
    clusters.length && ports.allocations
      ? await ports.allocations.queryAllocations({
          from: q.from,
          to: q.to,
          clusters: clusters.map((c) => c.name),
        })
      : [];
  const inRange = facts.filter((f) => f.day >= q.from && f.day <= q.to);
  return buildPageModel(query, {
    facts,
    anomalies: anomalies.filter((a) => a.status !== 'suppressed'),
    budgets,
    freshness: sources.map((s) => ({ source: s.source, completeUpTo: s.completeUpTo })),
    idle,
    subAccountNames: nameIndex(accounts),
    clusters: clusterSummaries(inRange, allocations, clusters),
  });
}

/** The page as one self-contained HTML document. */
export async function reportPage(
  ports: ReportPagePorts,
  config: CostguardConfig,
  q: ReportPageQuery,
  extras: PageExtras = {},
): Promise<string> {
  return renderPage(await reportPageModel(ports, config, q), extras);
}
