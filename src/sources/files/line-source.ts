import type { Tags } from '../../core/cost-line.js';
import type { FileInput } from './file-input.js';

export const FORMAT_NAMES = ['focus', 'aws-cur2', 'aws-cur', 'gcp-export', 'azure-cost'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Text fields of a line, in the order of the grouping query's columns (after day). */
export const TEXT_FIELDS = [
  'provider',
  'billingAccountId',
  'subAccountId',
  'serviceName',
  'regionId',
  'resourceId',
  'chargeCategory',
  'currency',
  // Names and categories follow the ids above; any_value spares the hash table three string keys.
  'subAccountName',
  'serviceCategory',
  'resourceName',
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
/** The first KEYED text fields are grouping keys; the rest ride along with any_value. */
export const KEYED = 8;

/** Model and stage a file already carries (costguard's own FOCUS export), in grouping-key order. */
export const ATTRIBUTED_FIELDS = ['model', 'stage', 'modelBy', 'stageBy'] as const;
export type AttributedField = (typeof ATTRIBUTED_FIELDS)[number];

/**
 * How one export file turns into cost lines, as SQL over a DuckDB relation. A format (focus.ts,
 * aws-cur.ts, gcp-export.ts, azure-cost.ts) builds it from the file's header; line-reader.ts does the
 * grouping, exact sums, streaming, errors and progress for all of them.
 */
export interface LineSource {
  format: FormatName;
  input: FileInput;
  /** FROM-able SQL; `money` is the decimal type amounts are read and summed as. */
  relation(money: string): string;
  /** DATE expression of the UTC day; fails on a value it cannot read (see `dayCheck`). */
  day: string;
  /** VARCHAR expressions; a field left out is ''. NULLs become ''. */
  text: Partial<Record<TextField, string>>;
  /** Set when the file carries its model and stage already. */
  attributed?: Record<AttributedField, string>;
  /** VARCHAR expression of the raw tags text ('' or NULL: no tags), parsed by `parseTags`. */
  tags?: string;
  /** VARCHAR expression of the raw text of the project's tags (Google project.labels), parsed by `parseTags`. */
  projectTags?: string;
  /** Where `projectTags` come from, for messages ("project.labels"). */
  projectTagsColumn?: string;
  parseTags?: (raw: string) => Tags | undefined;
  /** What a tags value must look like, for the error message. */
  tagsHint?: string;
  /** Money expressions, typed `money`. */
  billed(money: string): string;
  effective(money: string): string;
  list?(money: string): string;
  /** Source rows a relation row stands for (a derived credit row stands for none); default 1. */
  rows?: string;
  /** Error path: a relation whose row n is line n + offset of the file, with the file's columns. */
  lines?: { relation: string; offset: number };
  /** Error path: the column holding the day and a predicate (over `lines`) true when it reads. */
  dayCheck: { column: string; valid: string; hint: string };
  /** "FOCUS requires X on every row": the format's name for the message. */
  title: string;
  /** Azure: 'actual' or 'amortized' cost file. */
  variant?: string;
  /**
   * The billing period the export declares for a row (FOCUS BillingPeriodStart/End, the CUR's
   * bill_billing_period_*, Google's invoice.month, Azure's billing period dates). The raw text is a
   * grouping key (a file has few distinct values), read into days after grouping. Absent, or empty
   * on a row: the calendar month of the row's day.
   */
  period?: BillingPeriodSql;
  /** Header names of the money columns: checked against MAX_AMOUNT (limits.ts) when an amount is large. */
  moneyColumns?: readonly string[];
  /** Header names of the columns read as JSON (tags, labels, credits, maps): searched for a malformed value. */
  jsonColumns?: readonly string[];
}

export interface BillingPeriodSql {
  /** Header name of the start, for messages. */
  column: string;
  /** VARCHAR expressions of the raw start and end (end: 'NULL' when the format has none). */
  start: string;
  end: string;
  /** DATE expression of the period's first day from the raw start text; NULL when unreadable. */
  first(raw: string): string;
  /** DATE expression of the period's last day from the raw end text; NULL when absent or unreadable. */
  last(raw: string): string;
}

/** Which amounts of a file count: an Azure actual-cost file paired with its amortized twin gives billed only. */
export type AmountsRole = 'both' | 'billed' | 'effective';

export const NULL_MARK = 'costguard:null:';
const END_MARK = ':cg';

/** `expr`, or a query error naming `column` when it is NULL on a row (Parquet has no force_not_null). */
export function must(column: string, qcolumn: string, expr: string): string {
  return `CASE WHEN ${qcolumn} IS NULL THEN error('${NULL_MARK}${column.replaceAll("'", "''")}${END_MARK}') ELSE ${expr} END`;
}

export function nullColumn(message: string): string | undefined {
  const at = message.indexOf(NULL_MARK);
  if (at < 0) return undefined;
  const rest = message.slice(at + NULL_MARK.length);
  const end = rest.indexOf(END_MARK);
  return end < 0 ? undefined : rest.slice(0, end);
}
