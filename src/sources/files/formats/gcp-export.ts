import { PROVIDERS } from '../../../core/providers.js';
import { moneyColumns } from '../columns.js';
import { csvRelation, type FileInput, jsonRelation, lit, moneyOf, q } from '../file-input.js';
import { type LineSource, must } from '../line-source.js';
import { caseOf, type ExportFormat, requireColumns, sqlOf, timestampDayCheck } from './format.js';
import { GCP_CHARGE_CATEGORY, GCP_COLUMNS, type GcpField, parseGcpLabels } from './gcp-columns.js';

const TITLE = 'Google Cloud billing export';

/** The file as a relation with money typed where the reader can (CSV); JSON money stays text. */
function reader(input: FileInput, money: Set<string>, json: Set<string>, m: string): string {
  if (input.kind === 'csv') return csvRelation(input, (c) => (money.has(c) ? m : 'VARCHAR'));
  if (input.kind === 'parquet') return `read_parquet(${lit(input.file)})`;
  // JSON numbers are read as their text (a double cast to DECIMAL would be scaled in binary).
  const columns: Record<string, string> = {};
  for (const c of input.columns) columns[c.name] = json.has(c.name) ? 'JSON' : 'VARCHAR';
  return jsonRelation(input, columns);
}

function describeGcp(input: FileInput): LineSource {
  const map = requireColumns(input, GCP_COLUMNS, TITLE);
  const sql = sqlOf(input, map);
  const jsonFields = (Object.keys(GCP_COLUMNS) as GcpField[]).filter((f) => GCP_COLUMNS[f].kind === 'json');
  const jsonCols = new Set(jsonFields.map((f) => map[f]).filter((h): h is string => !!h));
  const money = moneyColumns(map, GCP_COLUMNS);
  // A nested column as JSON whatever the file holds: STRUCT/LIST (Parquet), JSON (JSONL) or text (CSV).
  const asJson = (f: GcpField) =>
    /^(STRUCT|MAP)|\[\]$/.test(sql.typeOf(f) ?? '')
      ? `to_json(${sql.col(f)})`
      : `CAST(${sql.col(f)} AS JSON)`;
  const field = (flat: GcpField, nested: GcpField, ...paths: string[]) => {
    if (map[flat]) return sql.col(flat);
    if (!map[nested]) return undefined;
    const parts = paths.map((p) => `nullif(${asJson(nested)}->>'${p}', '')`);
    return parts.length > 1 ? `coalesce(${parts.join(', ')})` : parts[0];
  };
  const credits = map.credits ? asJson('credits') : undefined;
  const start = map.usageStart ?? '';
  const cost = map.cost ?? '';
  const relation = (m: string) => {
    const src = `SELECT * FROM ${reader(input, money, jsonCols, m)}`;
    if (!credits) return `(SELECT *, NULL::JSON AS cg_credit, 1 AS cg_rows FROM (${src}))`;
    // Each credit becomes its own row (ChargeCategory Credit) on the usage row's resource and labels,
    // so effective cost = cost + credits per resource, and credits stay visible as credits.
    return `(WITH cg_src AS (${src})
      SELECT *, NULL::JSON AS cg_credit, 1 AS cg_rows FROM cg_src
      UNION ALL BY NAME
      SELECT *, unnest(CAST(${credits} AS JSON[])) AS cg_credit, 0 AS cg_rows FROM cg_src
      WHERE ${credits} IS NOT NULL AND json_array_length(${credits}) > 0)`;
  };
  const amount = (m: string) => {
    const usage = must(cost, q(cost), moneyOf(q(cost), sql.typeOf('cost'), m));
    return `CASE WHEN cg_credit IS NULL THEN ${usage} ELSE coalesce(CAST(cg_credit->>'amount' AS ${m}), 0) END`;
  };
  const costType = `lower(${sql.text('costType')})`;
  const month = field('invoiceMonth', 'invoice', 'month');
  return {
    format: 'gcp-export',
    input,
    title: TITLE,
    relation,
    day: must(start, q(start), `CAST(CAST(${q(start)} AS TIMESTAMPTZ) AS DATE)`),
    text: {
      provider: `'${PROVIDERS.gcp.focusName}'`,
      billingAccountId: sql.col('billingAccount'),
      subAccountId: field('projectId', 'project', 'id'),
      subAccountName: field('projectName', 'project', 'name'),
      serviceName: field('serviceDescription', 'service', 'description'),
      regionId: field('region', 'location', 'region', 'location'),
      resourceId: field('resourceName', 'resource', 'global_name', 'name'),
      chargeCategory: `CASE WHEN cg_credit IS NOT NULL THEN 'Credit' ELSE ${caseOf(costType, GCP_CHARGE_CATEGORY, "'Usage'")} END`,
      currency: sql.col('currency'),
    },
    ...(map.labels ? { tags: asJson('labels'), parseTags: parseGcpLabels } : {}),
    tagsHint: 'expected [{"key": "k", "value": "v"}, ...] or {"k": "v"}',
    billed: amount,
    effective: amount,
    list: (m) =>
      map.costAtList
        ? `CASE WHEN cg_credit IS NULL THEN coalesce(${moneyOf(sql.col('costAtList'), sql.typeOf('costAtList'), m)}, 0) ELSE 0 END`
        : '0',
    rows: 'cg_rows',
    lines: {
      relation: reader(input, new Set(), jsonCols, 'VARCHAR'),
      offset: input.kind === 'csv' ? 1 : 0,
    },
    dayCheck: timestampDayCheck(start, 'expected a timestamp, e.g. 2024-09-01 00:00:00 UTC'),
    ...(month
      ? {
          period: {
            column: map.invoiceMonth ?? `${map.invoice}.month`,
            start: `CAST(${month} AS VARCHAR)`,
            end: 'NULL::VARCHAR',
            first: (raw: string) => `CAST(try_strptime(${raw} || '01', '%Y%m%d') AS DATE)`,
            last: () => 'NULL::DATE',
          },
        }
      : {}),
    moneyColumns: [...money],
  };
}

/** Google Cloud billing export (standard or detailed usage cost), as JSONL, CSV or Parquet. */
export const gcpExportFormat: ExportFormat = {
  name: 'gcp-export',
  title: TITLE,
  detect: (h) => h.has('usage_start_time') && h.has('billing_account_id') && h.has('cost'),
  describe: async (_conn, input) => describeGcp(input),
};
