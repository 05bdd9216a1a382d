import type { DuckDBConnection } from '@duckdb/node-api';

export interface FocusExportOptions {
  file: string;
  /** Inclusive UTC days; the whole store when left out. */
  from?: string;
  to?: string;
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * The stored daily facts as FOCUS 1.2 rows (one per fact), plus costguard's x_ columns. The store keeps
 * no charge category, resource or tags (facts are per service and day), so ChargeCategory is 'Usage'
 * for every row and the attributed model and stage travel in x_model / x_stage: importing the file
 * again keeps them as they are (see CostLine.attributed). Money stays DECIMAL(38,12), exact.
 */
function focusSelect(o: FocusExportOptions): string {
  const where = [
    o.from ? `day >= DATE ${lit(o.from)}` : 'TRUE',
    o.to ? `day <= DATE ${lit(o.to)}` : 'TRUE',
  ].join(' AND ');
  return `SELECT
      sum(billed_cost) AS BilledCost,
      billing_account_id AS BillingAccountId,
      currency AS BillingCurrency,
      strftime(date_trunc('month', day), '%Y-%m-%dT00:00:00Z') AS BillingPeriodStart,
      strftime(date_trunc('month', day) + INTERVAL 1 MONTH, '%Y-%m-%dT00:00:00Z') AS BillingPeriodEnd,
      'Usage' AS ChargeCategory,
      strftime(day, '%Y-%m-%dT00:00:00Z') AS ChargePeriodStart,
      strftime(day + INTERVAL 1 DAY, '%Y-%m-%dT00:00:00Z') AS ChargePeriodEnd,
      sum(effective_cost) AS EffectiveCost,
      sum(list_cost) AS ListCost,
      provider AS ProviderName,
      region_id AS RegionId,
      service_name AS ServiceName,
      sub_account_id AS SubAccountId,
      model AS x_model,
      stage AS x_stage,
      model_by AS x_model_by,
      stage_by AS x_stage_by
    FROM cost_facts WHERE ${where}
    GROUP BY day, provider, billing_account_id, sub_account_id, service_name, region_id, currency,
      model, stage, model_by, stage_by
    ORDER BY day, provider, billing_account_id, sub_account_id, service_name, region_id, currency,
      model, stage, model_by, stage_by`;
}

/** Writes the FOCUS file (Parquet for .parquet, else CSV, gzip for .gz) and returns its row count. */
export async function exportFocus(db: DuckDBConnection, o: FocusExportOptions): Promise<number> {
  const parquet = o.file.toLowerCase().endsWith('.parquet');
  const options = parquet ? 'FORMAT parquet' : 'FORMAT csv, HEADER true';
  const r = await db.runAndReadAll(`COPY (${focusSelect(o)}) TO ${lit(o.file)} (${options})`);
  return Number(r.getRows()[0]?.[0] ?? 0);
}
