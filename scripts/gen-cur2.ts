// A synthetic AWS CUR 2.0 CSV for `npm run bench:import -- --format aws-cur2`, derived row by row from
// the synthetic FOCUS file (scripts/gen-focus.ts) so both benchmarks read the same charges. Amounts are
// copied as the text the FOCUS file holds; a tenth of the rows are Savings Plan covered usage and a
// tenth reserved usage, so the amortization CASE does real work.
import { existsSync, statSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

export const CUR2_COLUMNS = [
  'bill_bill_type',
  'bill_billing_period_start_date',
  'bill_payer_account_id',
  'bill_payer_account_name',
  'identity_line_item_id',
  'identity_time_interval',
  'line_item_availability_zone',
  'line_item_currency_code',
  'line_item_line_item_description',
  'line_item_line_item_type',
  'line_item_net_unblended_cost',
  'line_item_product_code',
  'line_item_resource_id',
  'line_item_unblended_cost',
  'line_item_usage_account_id',
  'line_item_usage_account_name',
  'line_item_usage_amount',
  'line_item_usage_end_date',
  'line_item_usage_start_date',
  'line_item_usage_type',
  'pricing_public_on_demand_cost',
  'product',
  'product_product_family',
  'product_region_code',
  'product_sku',
  'reservation_effective_cost',
  'reservation_reservation_a_r_n',
  'resource_tags',
  'savings_plan_savings_plan_a_r_n',
  'savings_plan_savings_plan_effective_cost',
] as const;
export const CUR2_MONEY: ReadonlySet<string> = new Set([
  'line_item_net_unblended_cost',
  'line_item_unblended_cost',
  'pricing_public_on_demand_cost',
  'reservation_effective_cost',
  'savings_plan_savings_plan_effective_cost',
]);

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Writes `cur2` from `focus` unless a newer file is there already; returns its size in bytes. */
export async function ensureCur2Csv(
  focus: string,
  cur2: string,
): Promise<{ bytes: number; reused: boolean }> {
  if (existsSync(cur2) && statSync(cur2).mtimeMs >= statSync(focus).mtimeMs)
    return { bytes: statSync(cur2).size, reused: true };
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const kind = `CASE hash(Id) % 10 WHEN 0 THEN 'SavingsPlanCoveredUsage' WHEN 1 THEN 'DiscountedUsage' ELSE 'Usage' END`;
  await conn.run(`COPY (SELECT
      'Anniversary' AS bill_bill_type, BillingPeriodStart AS bill_billing_period_start_date,
      BillingAccountId AS bill_payer_account_id, BillingAccountName AS bill_payer_account_name,
      Id AS identity_line_item_id, ChargePeriodStart || '/' || ChargePeriodEnd AS identity_time_interval,
      AvailabilityZone AS line_item_availability_zone, BillingCurrency AS line_item_currency_code,
      ChargeDescription AS line_item_line_item_description, ${kind} AS line_item_line_item_type,
      BilledCost AS line_item_net_unblended_cost, replace(ServiceName, ' ', '') AS line_item_product_code,
      ResourceId AS line_item_resource_id, BilledCost AS line_item_unblended_cost,
      SubAccountId AS line_item_usage_account_id, SubAccountName AS line_item_usage_account_name,
      ConsumedQuantity AS line_item_usage_amount, ChargePeriodEnd AS line_item_usage_end_date,
      ChargePeriodStart AS line_item_usage_start_date, PricingUnit AS line_item_usage_type,
      ListCost AS pricing_public_on_demand_cost,
      json_object('product_name', ServiceName, 'region', RegionName)::VARCHAR AS product,
      ServiceCategory AS product_product_family, RegionId AS product_region_code, SkuId AS product_sku,
      CASE WHEN ${kind} = 'DiscountedUsage' THEN EffectiveCost END AS reservation_effective_cost,
      CASE WHEN ${kind} = 'DiscountedUsage' THEN 'arn:aws:ec2:us-east-1:' || BillingAccountId || ':reserved-instances/ri-1' END AS reservation_reservation_a_r_n,
      Tags AS resource_tags,
      CASE WHEN ${kind} = 'SavingsPlanCoveredUsage' THEN 'arn:aws:savingsplans::' || BillingAccountId || ':savingsplan/sp-1' END AS savings_plan_savings_plan_a_r_n,
      CASE WHEN ${kind} = 'SavingsPlanCoveredUsage' THEN EffectiveCost END AS savings_plan_savings_plan_effective_cost
    FROM read_csv(${lit(focus)}, header = true, all_varchar = true, nullstr = 'NULL'))
    TO ${lit(`${cur2}.partial`)} (FORMAT csv, HEADER true)`);
  conn.closeSync();
  const { renameSync } = await import('node:fs');
  renameSync(`${cur2}.partial`, cur2);
  return { bytes: statSync(cur2).size, reused: false };
}
