import { PROVIDERS } from '../../../core/providers.js';
import type { HeaderMap } from '../columns.js';
import { type FileInput, jsonRelation, moneyOf } from '../file-input.js';
import type { LineSource } from '../line-source.js';
import { caseOf, type ExportFormat, openFormat, timestampDay } from './format.js';
import { GCP_CHARGE_CATEGORY, GCP_COLUMNS, type GcpField, parseGcpLabels } from './gcp-columns.js';

const TITLE = 'Google Cloud billing export';

/**
 * A JSONL file as a relation: nested columns as JSON, the rest as text, money included (a JSON number
 * read as a double and cast to DECIMAL would be scaled in binary), whatever money type is asked for.
 */
function jsonLines(input: FileInput, map: HeaderMap<typeof GCP_COLUMNS>): string {
  const jsonFields = (Object.keys(GCP_COLUMNS) as GcpField[]).filter((f) => GCP_COLUMNS[f].kind === 'json');
  const json = new Set(jsonFields.map((f) => map[f]).filter((h): h is string => !!h));
  const columns: Record<string, string> = {};
  for (const c of input.columns) columns[c.name] = json.has(c.name) ? 'JSON' : 'VARCHAR';
  return jsonRelation(input, columns);
}

function describeGcp(input: FileInput): LineSource {
  const file = openFormat(input, GCP_COLUMNS, TITLE);
  const { map, sql, money } = file;
  const jsonl = input.kind === 'json' ? jsonLines(input, map) : undefined;
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
  const relation = (m: string) => {
    const src = `SELECT * FROM ${jsonl ?? file.relation(m)}`;
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
    const usage = sql.required('cost', m);
    return `CASE WHEN cg_credit IS NULL THEN ${usage} ELSE coalesce(CAST(cg_credit->>'amount' AS ${m}), 0) END`;
  };
  const costType = `lower(${sql.text('costType')})`;
  const month = field('invoiceMonth', 'invoice', 'month');
  // project.labels, flattened or inside the nested project; a JSON null there is no labels.
  const projectLabels = map.projectLabels
    ? asJson('projectLabels')
    : map.project
      ? `nullif(CAST(${asJson('project')}->'labels' AS VARCHAR), 'null')`
      : undefined;
  return {
    format: 'gcp-export',
    input,
    title: TITLE,
    relation,
    ...timestampDay(map.usageStart ?? '', 'expected a timestamp, e.g. 2024-09-01 00:00:00 UTC'),
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
    ...(map.labels ? { tags: asJson('labels') } : {}),
    ...(projectLabels
      ? { projectTags: projectLabels, projectTagsColumn: map.projectLabels ?? `${map.project}.labels` }
      : {}),
    parseTags: parseGcpLabels,
    tagsHint: 'expected [{"key": "k", "value": "v"}, ...] or {"k": "v"}',
    billed: amount,
    effective: amount,
    list: (m) =>
      map.costAtList
        ? `CASE WHEN cg_credit IS NULL THEN coalesce(${moneyOf(sql.col('costAtList'), sql.typeOf('costAtList'), m)}, 0) ELSE 0 END`
        : '0',
    rows: 'cg_rows',
    lines: jsonl ? { relation: jsonl, offset: 0 } : file.lines,
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
    jsonColumns: file.jsonColumns,
  };
}

/** Google Cloud billing export (standard or detailed usage cost), as JSONL, CSV or Parquet. */
export const gcpExportFormat: ExportFormat = {
  name: 'gcp-export',
  title: TITLE,
  detect: (h) => h.has('usage_start_time') && h.has('billing_account_id') && h.has('cost'),
  describe: async (_conn, input) => describeGcp(input),
};
