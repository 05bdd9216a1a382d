import type { Tags } from '../../../core/cost-line.js';
import { type ColumnTable, optional, required } from '../columns.js';
import { parseJson, tagsOf } from '../tags-json.js';

/**
 * The Google Cloud billing export columns costguard reads (BigQuery standard or detailed usage cost
 * table). In JSONL and Parquet the records stay nested (`project`, `service`, `location`, `resource`,
 * repeated `labels` and `credits`); a CSV, which BigQuery cannot write with nested fields, comes from a
 * query that flattened them, as `project.id` or `project_id`, with `labels` / `credits` as JSON text.
 */
export const GCP_COLUMNS = {
  usageStart: required('timestamp', 'usage_start_time'),
  /** The invoice month, YYYYMM: the billing period. Nested `invoice` in JSONL and Parquet. */
  invoice: optional('json', 'invoice'),
  invoiceMonth: optional('text', 'invoice.month', 'invoice_month'),
  billingAccount: required('text', 'billing_account_id'),
  project: optional('json', 'project'),
  projectId: optional('text', 'project.id', 'project_id'),
  projectName: optional('text', 'project.name', 'project_name'),
  /** The project's own labels, a fallback tag source (attribution.projectLabels); nested in `project`. */
  projectLabels: optional('json', 'project.labels', 'project_labels'),
  service: optional('json', 'service'),
  serviceDescription: optional('text', 'service.description', 'service_description'),
  location: optional('json', 'location'),
  region: optional('text', 'location.region', 'location_region'),
  resource: optional('json', 'resource'),
  resourceName: optional(
    'text',
    'resource.global_name',
    'resource_global_name',
    'resource.name',
    'resource_name',
  ),
  labels: optional('json', 'labels'),
  cost: required('money', 'cost'),
  costAtList: optional('money', 'cost_at_list'),
  currency: required('text', 'currency'),
  costType: optional('text', 'cost_type'),
  credits: optional('json', 'credits'),
} as const satisfies ColumnTable;

export type GcpField = keyof typeof GCP_COLUMNS;

/** cost_type -> FOCUS ChargeCategory ("regular" is usage). Credits, split out, are Credit. */
export const GCP_CHARGE_CATEGORY: Readonly<Record<string, string>> = {
  regular: 'Usage',
  tax: 'Tax',
  adjustment: 'Adjustment',
  'rounding error': 'Adjustment',
  rounding_error: 'Adjustment',
};

/**
 * Labels as the export writes them: a repeated record of {key, value} (a JSON array), or an object of
 * key -> value from a flattening query. Undefined when the text is neither.
 */
export function parseGcpLabels(raw: string): Tags | undefined {
  const value = parseJson(raw);
  if (value === null || typeof value !== 'object') return undefined;
  if (!Array.isArray(value)) return tagsOf(Object.entries(value), String);
  const entries: [string, unknown][] = [];
  for (const item of value) {
    if (item === null || typeof item !== 'object') return undefined;
    const { key, value: v } = item as { key?: unknown; value?: unknown };
    if (typeof key !== 'string') return undefined;
    entries.push([key, v]);
  }
  return tagsOf(entries, String);
}
