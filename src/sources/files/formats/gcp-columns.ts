import type { Tags } from '../../../core/cost-line.js';
import type { ColumnTable } from '../columns.js';
import { parseJson, tagsOf } from '../tags-json.js';

/**
 * The Google Cloud billing export columns costguard reads (BigQuery standard or detailed usage cost
 * table). In JSONL and Parquet the records stay nested (`project`, `service`, `location`, `resource`,
 * repeated `labels` and `credits`); a CSV, which BigQuery cannot write with nested fields, comes from a
 * query that flattened them, as `project.id` or `project_id`, with `labels` / `credits` as JSON text.
 */
export const GCP_COLUMNS = {
  usageStart: { names: ['usage_start_time'], required: true, kind: 'timestamp' },
  /** The invoice month, YYYYMM: the billing period. Nested `invoice` in JSONL and Parquet. */
  invoice: { names: ['invoice'], required: false, kind: 'json' },
  invoiceMonth: { names: ['invoice.month', 'invoice_month'], required: false, kind: 'text' },
  billingAccount: { names: ['billing_account_id'], required: true, kind: 'text' },
  project: { names: ['project'], required: false, kind: 'json' },
  projectId: { names: ['project.id', 'project_id'], required: false, kind: 'text' },
  projectName: { names: ['project.name', 'project_name'], required: false, kind: 'text' },
  service: { names: ['service'], required: false, kind: 'json' },
  serviceDescription: {
    names: ['service.description', 'service_description'],
    required: false,
    kind: 'text',
  },
  location: { names: ['location'], required: false, kind: 'json' },
  region: { names: ['location.region', 'location_region'], required: false, kind: 'text' },
  resource: { names: ['resource'], required: false, kind: 'json' },
  resourceName: {
    names: ['resource.global_name', 'resource_global_name', 'resource.name', 'resource_name'],
    required: false,
    kind: 'text',
  },
  labels: { names: ['labels'], required: false, kind: 'json' },
  cost: { names: ['cost'], required: true, kind: 'money' },
  costAtList: { names: ['cost_at_list'], required: false, kind: 'money' },
  currency: { names: ['currency'], required: true, kind: 'text' },
  costType: { names: ['cost_type'], required: false, kind: 'text' },
  credits: { names: ['credits'], required: false, kind: 'json' },
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
