import { badAnswer } from '../../core/cloud-call.js';
import type { CostLine } from '../../core/cost-line.js';
import { addDays, type DayRange } from '../../core/day.js';
import { parseMoney } from '../../core/money.js';
import { PROVIDERS } from '../../core/providers.js';

export const GCP_PROVIDER = PROVIDERS.gcp.focusName;

export interface ExportQuerySettings {
  /** project.dataset.table of the Cloud Billing export. */
  table: string;
  projects: readonly string[];
  labelKeys: { model: string; stage: string };
  partitionLagDays: number;
}

export interface ExportQuery {
  query: string;
  params: Record<string, string | string[]>;
}

/**
 * The daily rollup of the billing export. Why it is shaped so:
 * - `_PARTITIONTIME` bounds the scan (the export is partitioned by the day rows were written, so a
 *   usage day's rows land in that day's partition or up to `partitionLagDays` later); the usage-date
 *   filter then keeps exactly the days asked for. Without it BigQuery bills a scan of the whole table.
 * - `cost` is FLOAT64 in the export: each value is cast to BIGNUMERIC before summing, and sums come
 *   back as STRING, so no binary floating point touches the totals.
 * - credits (negative) are summed apart: billed = cost, effective = cost + credits.
 * - the project's labels (`project.labels`) are read beside the row's: attribution takes a model or
 *   stage from them when the row's own labels give none (attribution.projectLabels).
 */
/**
 * GKE labels its nodes' VMs and disks with the cluster's name: read beside model and stage (one more
 * small column of the labels already scanned, so no more bytes billed), so attribution.clusters can
 * split a cluster's spend per workload.
 */
export const GKE_CLUSTER_LABEL = 'goog-k8s-cluster-name';

export function exportQuery(s: ExportQuerySettings, range: DayRange): ExportQuery {
  const label = (param: string, labels = 'labels') =>
    `IFNULL((SELECT l.value FROM UNNEST(${labels}) AS l WHERE l.key = @${param} LIMIT 1), '')`;
  const projectFilter = s.projects.length ? '\n  AND project.id IN UNNEST(@projects)' : '';
  const query = `SELECT
  FORMAT_DATE('%F', DATE(usage_start_time)) AS day,
  IFNULL(project.id, '') AS project_id,
  IFNULL(ANY_VALUE(project.name), '') AS project_name,
  service.description AS service,
  IFNULL(location.region, '') AS region,
  currency,
  ${label('model_key')} AS model,
  ${label('stage_key')} AS stage,
  ${label('cluster_key')} AS cluster,
  ${label('model_key', 'project.labels')} AS project_model,
  ${label('stage_key', 'project.labels')} AS project_stage,
  CAST(SUM(CAST(cost AS BIGNUMERIC)) AS STRING) AS cost,
  CAST(SUM(IFNULL((SELECT SUM(CAST(c.amount AS BIGNUMERIC)) FROM UNNEST(credits) AS c), 0)) AS STRING) AS credits,
  COUNT(*) AS source_rows
FROM \`${s.table}\`
WHERE _PARTITIONTIME BETWEEN TIMESTAMP(@partition_from) AND TIMESTAMP(@partition_to)
  AND DATE(usage_start_time) BETWEEN DATE(@from) AND DATE(@to)${projectFilter}
GROUP BY day, project_id, service, region, currency, model, stage, cluster, project_model, project_stage`;
  return {
    query,
    params: {
      model_key: s.labelKeys.model,
      stage_key: s.labelKeys.stage,
      cluster_key: GKE_CLUSTER_LABEL,
      partition_from: range.from,
      partition_to: addDays(range.to, s.partitionLagDays),
      from: range.from,
      to: range.to,
      ...(s.projects.length ? { projects: [...s.projects] } : {}),
    },
  };
}

/** A row of the rollup as the BigQuery client returns it (named fields). */
export interface ExportRow {
  day: string;
  project_id: string;
  project_name: string;
  service: string;
  region: string;
  currency: string;
  model: string;
  stage: string;
  cluster?: string;
  project_model: string;
  project_stage: string;
  cost: string;
  credits: string;
  source_rows: number | string;
}

const str = (row: Record<string, unknown>, field: string): string => {
  const v = row[field];
  if (typeof v !== 'string')
    throw badAnswer('gcp', 'BigQuery billing export', 'BQ_BAD_ROW', `row lacks text field ${field}`);
  return v;
};

export function mapExportRow(
  raw: Record<string, unknown>,
  billingAccountId: string,
  keys: ExportQuerySettings['labelKeys'],
): CostLine {
  const cost = parseMoney(str(raw, 'cost'));
  const credits = parseMoney(str(raw, 'credits'));
  const tags = labelsOf(str(raw, 'model'), str(raw, 'stage'), keys);
  // Older recorded answers (and queries) have no cluster column.
  const cluster = typeof raw.cluster === 'string' ? raw.cluster : '';
  if (cluster) tags[GKE_CLUSTER_LABEL] = cluster;
  const projectTags = labelsOf(str(raw, 'project_model'), str(raw, 'project_stage'), keys);
  const name = str(raw, 'project_name');
  return {
    day: str(raw, 'day'),
    provider: GCP_PROVIDER,
    billingAccountId,
    subAccountId: str(raw, 'project_id'),
    ...(name ? { subAccountName: name } : {}),
    serviceName: str(raw, 'service'),
    serviceCategory: '',
    regionId: str(raw, 'region'),
    resourceId: '',
    resourceName: '',
    chargeCategory: 'Usage',
    currency: str(raw, 'currency'),
    billedCost: cost,
    effectiveCost: cost + credits,
    // The standard export has no list price column: list cost is the cost before credits.
    listCost: cost,
    tags,
    ...(Object.keys(projectTags).length ? { projectTags } : {}),
    rowCount: Number(raw.source_rows ?? 1),
  };
}

/** The model and stage label values a row read, under the configured keys ('' is no label). */
function labelsOf(
  model: string,
  stage: string,
  keys: ExportQuerySettings['labelKeys'],
): Record<string, string> {
  const tags: Record<string, string> = {};
  if (model) tags[keys.model] = model;
  if (stage) tags[keys.stage] = stage;
  return tags;
}
