import { readFileSync } from 'node:fs';

// Expected totals of the published-schema fixtures (test/fixtures/published/), computed from the files'
// text with each cloud's documented semantics: its own CSV reader and decimal arithmetic, nothing of
// costguard's (no mapper, no money parser), so a mapper bug cannot hide in the expectation.

export type Totals = Map<string, { billed: bigint; effective: bigint }>;
export const DIR = 'test/fixtures/published';

/** RFC 4180: comma-separated, fields in double quotes may hold commas, "" and newlines; CRLF or LF. */
export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (quoted) {
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endField();
      records.push(record);
      record = [];
    } else field += c;
  }
  if (field !== '' || record.length) records.push([...record, field]);
  const [header = [], ...rows] = records;
  return rows.map((r) => {
    if (r.length !== header.length) throw new Error(`row of ${r.length} fields under ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']));
  });
}

/** A plain decimal ("-12.5", "0.000000123") as an integer count of 10^-12. */
export function pico(text: string): bigint {
  if (text === '') return 0n;
  const m = /^(-?)(\d+)(?:\.(\d{0,12}))?$/.exec(text);
  if (!m) throw new Error(`not a plain decimal: ${text}`);
  const units = BigInt(`${m[2]}${(m[3] ?? '').padEnd(12, '0')}`);
  return m[1] ? -units : units;
}

function add(t: Totals, key: string, billed: bigint, effective: bigint) {
  const v = t.get(key) ?? { billed: 0n, effective: 0n };
  t.set(key, { billed: v.billed + billed, effective: v.effective + effective });
}

/**
 * CUR 2.0, per AWS's definitions: billed is what the invoice sums, line_item_unblended_cost over every
 * line (negations, discounts, credits, refunds and tax included); effective is AWS's amortized cost: the
 * covered usage at savings_plan_savings_plan_effective_cost, negations 0, an SP recurring fee only its
 * unused commitment (total_commitment_to_date - used_commitment), SP and RI upfront fees 0 (spread into
 * the usage), reserved usage at reservation_effective_cost, an RI fee only its unused amortized upfront +
 * unused recurring fee; every other line its unblended cost. Key: `day|model` (tag user_model).
 */
export function cur2Expected(file: string): { byDay: Totals; byModel: Totals } {
  const byDay: Totals = new Map();
  const byModel: Totals = new Map();
  for (const r of parseCsv(readFileSync(`${DIR}/${file}`, 'utf8'))) {
    const col = (c: string) => pico(r[c] ?? '');
    const unblended = col('line_item_unblended_cost');
    const type = r.line_item_line_item_type;
    let effective = unblended;
    if (type === 'SavingsPlanCoveredUsage') effective = col('savings_plan_savings_plan_effective_cost');
    if (type === 'SavingsPlanNegation' || type === 'SavingsPlanUpfrontFee') effective = 0n;
    if (type === 'SavingsPlanRecurringFee')
      effective = col('savings_plan_total_commitment_to_date') - col('savings_plan_used_commitment');
    if (type === 'DiscountedUsage') effective = col('reservation_effective_cost');
    if (type === 'RIFee')
      effective =
        col('reservation_unused_amortized_upfront_fee_for_billing_period') +
        col('reservation_unused_recurring_fee');
    if (type === 'Fee' && r.reservation_reservation_a_r_n) effective = 0n;
    const day = (r.line_item_usage_start_date ?? '').slice(0, 10);
    add(byDay, day, unblended, effective);
    const model =
      (JSON.parse(r.resource_tags || '{}') as Record<string, string>).user_model ?? 'unattributed';
    add(byModel, `${day}|${model}`, unblended, effective);
  }
  return { byDay, byModel };
}

/** MM/DD/YYYY -> YYYY-MM-DD. */
const isoDay = (us: string) => `${us.slice(6, 10)}-${us.slice(0, 2)}-${us.slice(3, 5)}`;

/**
 * Azure: the actual-cost file is what the invoice charges (billed), the amortized-cost file spreads
 * reservation and savings plan purchases over their usage and unused parts (effective); each is the sum
 * of costInBillingCurrency per `date`.
 */
export function azureExpected(actual: string, amortized: string): Totals {
  const t: Totals = new Map();
  for (const r of parseCsv(readFileSync(`${DIR}/${actual}`, 'utf8')))
    add(t, isoDay(r.date ?? ''), pico(r.costInBillingCurrency ?? ''), 0n);
  for (const r of parseCsv(readFileSync(`${DIR}/${amortized}`, 'utf8')))
    add(t, isoDay(r.date ?? ''), 0n, pico(r.costInBillingCurrency ?? ''));
  return t;
}

interface GcpRecord {
  usage_start_time: string;
  cost: number;
  credits: { amount: number; type: string }[];
  labels: { key: string; value: string }[];
  project: { labels: { key: string; value: string }[] };
}

/**
 * Google: the invoice charges cost + the credits of each row (credits are negative), for every cost_type
 * (regular, tax, adjustment, rounding error); there is no separate amortized view, so billed = effective.
 * JSON numbers are read back through their shortest decimal text (the text the export wrote).
 * `byModelStage` keys `day|model|stage`: a label of the row wins, a label of its project fills the rest.
 */
export function gcpExpected(file: string): { byDay: Totals; byModelStage: Totals; creditTypes: Set<string> } {
  const byDay: Totals = new Map();
  const byModelStage: Totals = new Map();
  const creditTypes = new Set<string>();
  for (const line of readFileSync(`${DIR}/${file}`, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line) as GcpRecord;
    let net = pico(String(r.cost));
    for (const c of r.credits) {
      net += pico(String(c.amount));
      creditTypes.add(c.type);
    }
    const day = r.usage_start_time.slice(0, 10);
    add(byDay, day, net, net);
    // The row's own label, else its project's, else unattributed (the fixture uses the keys model, stage).
    const label = (key: string) =>
      r.labels.find((l) => l.key === key)?.value ??
      r.project.labels.find((l) => l.key === key)?.value ??
      'unattributed';
    add(byModelStage, `${day}|${label('model')}|${label('stage')}`, net, net);
  }
  return { byDay, byModelStage, creditTypes };
}
