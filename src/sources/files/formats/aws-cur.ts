import { PROVIDERS } from '../../../core/providers.js';
import { headerKey } from '../columns.js';
import { type FileInput, lit, q } from '../file-input.js';
import type { FormatName, LineSource } from '../line-source.js';
import { parseTags } from '../tags-json.js';
import { CUR_CHARGE_CATEGORY, CUR_COLUMNS, CUR_EFFECTIVE } from './aws-cur-columns.js';
import { caseOf, type ExportFormat, openFormat, timestampDay, timestampPeriod } from './format.js';

// Legacy CUR writes one column per activated tag: `resourceTags/user:team` in CSV, `resource_tags_user_team`
// in Parquet (names lowercased and sanitized). The key keeps AWS's `user:`/`user_` prefix, which
// attribution ignores.
const LEGACY_TAG = /^(resourceTags\/|resource_tags_)(.+)$/i;

const legacyTagColumns = (input: FileInput) =>
  input.columns.map((c) => c.name).filter((n) => LEGACY_TAG.test(n) && headerKey(n) !== 'resource_tags');

function describeCur(format: FormatName, title: string, input: FileInput): LineSource {
  const { map, sql, money, jsonColumns, relation, lines } = openFormat(input, CUR_COLUMNS, title);
  const type = `CAST(${sql.col('lineItemType')} AS VARCHAR)`;
  // CUR 2.0 maps are MAP columns in Parquet and JSON text in CSV; JSON functions read both.
  const json = (f: 'product' | 'resourceTags') =>
    /^(MAP|STRUCT)/.test(sql.typeOf(f) ?? '') ? `to_json(${sql.col(f)})` : sql.col(f);

  const effective = (m: string) => {
    const term = ([sign, f]: readonly [1 | -1, Parameters<typeof sql.money>[0]]) =>
      `${sign < 0 ? '-' : ''}${sql.money(f, m)}`;
    const whens = Object.entries(CUR_EFFECTIVE)
      .map(
        ([t, terms]) =>
          `WHEN ${lit(t)} THEN CAST(${terms.length ? terms.map(term).join(' + ') : '0'} AS ${m})`,
      )
      .join(' ');
    const upfrontFee = `${type} = 'Fee' AND coalesce(${sql.text('reservationArn')}, '') <> ''`;
    return `CASE ${type} ${whens} WHEN 'Fee' THEN CASE WHEN ${upfrontFee} THEN CAST(0 AS ${m}) ELSE ${sql.money('unblendedCost', m)} END ELSE ${sql.money('unblendedCost', m)} END`;
  };

  let service = sql.col('productCode');
  if (map.productName) service = `coalesce(nullif(${sql.col('productName')}, ''), ${service})`;
  else if (map.product)
    service = `coalesce(nullif(json_extract_string(${json('product')}, '$.product_name'), ''), ${service})`;

  let tags: string | undefined;
  if (map.resourceTags) tags = json('resourceTags');
  else {
    const cols = legacyTagColumns(input);
    if (cols.length) {
      const pairs = cols.map((c) => `${lit(LEGACY_TAG.exec(c)?.[2] ?? c)}, ${q(c)}`);
      tags = `json_object(${pairs.join(', ')})`;
    }
  }
  return {
    format,
    input,
    title,
    relation,
    ...timestampDay(map.usageStart ?? '', 'expected ISO 8601, e.g. 2024-09-01T00:00:00Z'),
    text: {
      provider: `'${PROVIDERS.aws.focusName}'`,
      billingAccountId: sql.col('payerAccount'),
      subAccountId: sql.col('usageAccount'),
      subAccountName: map.usageAccountName && sql.col('usageAccountName'),
      serviceName: service,
      serviceCategory: map.productFamily && sql.col('productFamily'),
      regionId: map.region && sql.col('region'),
      resourceId: map.resourceId && sql.col('resourceId'),
      chargeCategory: caseOf(type, CUR_CHARGE_CATEGORY, "'Adjustment'"),
      currency: sql.col('currency'),
    },
    ...(tags ? { tags, parseTags } : {}),
    billed: (m) => sql.required('unblendedCost', m),
    effective,
    list: (m) => sql.money('publicOnDemandCost', m),
    lines,
    ...timestampPeriod(map.billingPeriodStart, map.billingPeriodEnd),
    moneyColumns: [...money],
    jsonColumns: jsonColumns,
  };
}

const isLegacy = (h: ReadonlySet<string>) =>
  h.has('lineitem/usagestartdate') ||
  (h.has('line_item_usage_start_date') && [...h].some((n) => n.startsWith('resource_tags_')));

/** Legacy Cost and Usage Report: `lineItem/UsageStartDate` (CSV) or snake_case with one column per tag. */
export const awsCurFormat: ExportFormat = {
  name: 'aws-cur',
  title: 'AWS CUR (legacy)',
  detect: isLegacy,
  describe: async (_conn, input) => describeCur('aws-cur', 'AWS CUR (legacy)', input),
};

/** CUR 2.0 (AWS Data Exports): snake_case columns, tags in the `resource_tags` map. */
export const awsCur2Format: ExportFormat = {
  name: 'aws-cur2',
  title: 'AWS CUR 2.0',
  detect: (h) => h.has('line_item_usage_start_date') && !isLegacy(h),
  describe: async (_conn, input) => describeCur('aws-cur2', 'AWS CUR 2.0', input),
};
