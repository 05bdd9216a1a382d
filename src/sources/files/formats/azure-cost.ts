import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { PROVIDERS } from '../../../core/providers.js';
import { type FileInput, q } from '../file-input.js';
import { type LineSource, must } from '../line-source.js';
import { AZURE_CHARGE_CATEGORY, AZURE_COLUMNS, parseAzureTags } from './azure-columns.js';
import { caseOf, type ExportFormat, openFormat, periodOf, type sqlOf } from './format.js';

const TITLE = 'Azure cost details';
// Cost details files write dates as MM/DD/YYYY; newer exports and the API write ISO 8601.
const US_DATE = "'%m/%d/%Y'";

/**
 * Actual or amortized? The file name says so when the export kept its default name; otherwise only an
 * amortized file has unused-commitment rows or reservation/savings plan usage with a cost (in actual
 * cost that usage is 0 and the purchase carries the cost). A file with neither reads the same both ways.
 */
async function variantOf(
  conn: DuckDBConnection,
  input: FileInput,
  relation: string,
  sql: ReturnType<typeof sqlOf<typeof AZURE_COLUMNS>>,
) {
  const name = basename(input.file).toLowerCase();
  if (name.includes('amortized')) return 'amortized';
  if (name.includes('actual')) return 'actual';
  if (!sql.has('chargeType')) return 'actual';
  const charge = sql.text('chargeType');
  const reserved = sql.has('pricingModel')
    ? `OR (${sql.text('pricingModel')} IN ('Reservation', 'SavingsPlan') AND ${charge} = 'Usage' AND TRY_CAST(${sql.col('cost')} AS DOUBLE) <> 0)`
    : '';
  try {
    const r = await conn.runAndReadAll(
      `SELECT count(*) FROM ${relation} WHERE ${charge} IN ('UnusedReservation', 'UnusedSavingsPlan') ${reserved}`,
    );
    return Number(r.getRows()[0]?.[0] ?? 0) > 0 ? 'amortized' : 'actual';
  } catch {
    return 'actual'; // the real read reports what is wrong with the file
  }
}

async function describeAzure(conn: DuckDBConnection, input: FileInput): Promise<LineSource> {
  const { map, sql, money, jsonColumns, relation, lines } = openFormat(input, AZURE_COLUMNS, TITLE);
  const date = map.date ?? '';
  const cost = (m: string) => sql.required('cost', m);
  const d = `CAST(${q(date)} AS VARCHAR)`;
  return {
    format: 'azure-cost',
    input,
    title: TITLE,
    variant: await variantOf(conn, input, lines.relation, sql),
    relation,
    day: must(
      date,
      q(date),
      `coalesce(CAST(try_strptime(${d}, ${US_DATE}) AS DATE), CAST(CAST(${q(date)} AS TIMESTAMPTZ) AS DATE))`,
    ),
    text: {
      provider: `'${PROVIDERS.azure.focusName}'`,
      billingAccountId: sql.col('billingAccountId'),
      subAccountId: map.subscriptionId && sql.col('subscriptionId'),
      subAccountName: map.subscriptionName && sql.col('subscriptionName'),
      serviceName: map.meterCategory
        ? sql.col('meterCategory')
        : map.serviceFamily && sql.col('serviceFamily'),
      serviceCategory: map.serviceFamily && sql.col('serviceFamily'),
      regionId: map.location && `lower(${sql.col('location')})`,
      resourceId: map.resourceId && sql.col('resourceId'),
      resourceName: map.resourceName && sql.col('resourceName'),
      chargeCategory: map.chargeType
        ? caseOf(sql.text('chargeType'), AZURE_CHARGE_CATEGORY, "'Adjustment'")
        : "'Usage'",
      currency: sql.col('currency'),
    },
    ...(map.tags ? { tags: sql.col('tags'), parseTags: parseAzureTags } : {}),
    tagsHint: 'expected {"key": "value", ...} or "key": "value", ...',
    billed: cost,
    effective: cost,
    list: (m) => sql.money('paygCost', m),
    lines,
    dayCheck: {
      column: date,
      valid: `try_strptime(${d}, ${US_DATE}) IS NOT NULL OR TRY_CAST(${q(date)} AS TIMESTAMPTZ) IS NOT NULL`,
      hint: 'expected MM/DD/YYYY or YYYY-MM-DD',
    },
    ...periodOf(map.billingPeriodStart, map.billingPeriodEnd, { first: azureDay, last: azureDay }),
    moneyColumns: [...money],
    jsonColumns: jsonColumns,
  };
}

/** A day of Azure's billing period (both dates included): MM/DD/YYYY or ISO. */
const azureDay = (raw: string) =>
  `coalesce(CAST(try_strptime(${raw}, ${US_DATE}) AS DATE), CAST(TRY_CAST(${raw} AS TIMESTAMPTZ) AS DATE))`;

/** Azure cost details, actual or amortized cost, EA or MCA column names. */
export const azureCostFormat: ExportFormat = {
  name: 'azure-cost',
  title: TITLE,
  detect: (h) => h.has('costinbillingcurrency') || (h.has('metercategory') && h.has('chargetype')),
  describe: describeAzure,
};
