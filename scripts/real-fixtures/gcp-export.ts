import { DAYS, seeded, times } from './shared.js';

// A Google Cloud billing export (detailed usage cost table) as BigQuery writes it to newline-delimited
// JSON: nested records kept, repeated labels as [{key, value}], credits with every documented type, in
// the field order of the schema page (cloud.google.com/billing/docs/how-to/export-data-bigquery-tables/
// detailed-usage and .../standard-usage). Amounts are written as JSON numbers, as BigQuery writes FLOAT64.

/** Every credits.type of the export schema, with the kind of row that gets it. */
export const GCP_CREDIT_TYPES = [
  'SUSTAINED_USAGE_DISCOUNT',
  'COMMITTED_USAGE_DISCOUNT',
  'COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE',
  'DISCOUNT',
  'FREE_TIER',
  'PROMOTION',
  'SUBSCRIPTION_BENEFIT',
  'RESELLER_MARGIN',
  'FEE_UTILIZATION_OFFSET',
] as const;

type Credit = { type: (typeof GCP_CREDIT_TYPES)[number]; name: string; amount: string };
const ACCOUNT = '01F2E3-D4C5B6-A79880';
const kv = (o: Record<string, string>) => Object.entries(o).map(([key, value]) => ({ key, value }));
const PROJECTS = {
  train: {
    id: 'fabrikam-ml-train',
    number: '381920475612',
    name: 'ML training',
    labels: kv({ model: 'llama3-70b', team: 'research' }),
    ancestry_numbers: '/480213957/381920475612/',
    ancestors: [
      { resource_name: 'projects/381920475612', display_name: 'fabrikam-ml-train' },
      { resource_name: 'organizations/480213957', display_name: 'fabrikam.example' },
    ],
  },
  serve: {
    id: 'fabrikam-ml-serve',
    number: '381920475699',
    name: 'ML serving',
    labels: kv({ model: 'gemma-7b', stage: 'serve' }),
    ancestry_numbers: '/480213957/381920475699/',
    ancestors: [
      { resource_name: 'projects/381920475699', display_name: 'fabrikam-ml-serve' },
      { resource_name: 'organizations/480213957', display_name: 'fabrikam.example' },
    ],
  },
};
type Project = (typeof PROJECTS)[keyof typeof PROJECTS];

interface Line {
  day: string;
  hour: number;
  project: Project;
  service: [string, string];
  sku: [string, string];
  cost: string;
  credits?: Credit[];
  labels?: Record<string, string>;
  system?: Record<string, string>;
  resource?: string;
  costType?: string;
}

/** One JSON line; amounts stay the decimal text they were made as (a JSON number of that text). */
function record(l: Line): string {
  const h = String(l.hour).padStart(2, '0');
  const num = (s: string) => `@@${s}@@`;
  const value = {
    billing_account_id: ACCOUNT,
    service: { id: l.service[0], description: l.service[1] },
    sku: { id: l.sku[0], description: l.sku[1] },
    usage_start_time: `${l.day} ${h}:00:00 UTC`,
    usage_end_time: `${l.day} ${String(l.hour + 1).padStart(2, '0')}:00:00 UTC`,
    project: l.project,
    labels: kv(l.labels ?? {}),
    system_labels: kv(l.system ?? {}),
    location: { location: 'us-central1', country: 'US', region: 'us-central1', zone: 'us-central1-a' },
    resource: l.resource
      ? {
          name: l.resource,
          global_name: `//compute.googleapis.com/projects/${l.project.id}/zones/us-central1-a/instances/${l.resource}`,
        }
      : { name: null, global_name: null },
    tags: [],
    price: { effective_price: 0, tier_start_amount: 0, unit: 'hour', pricing_unit_quantity: 1 },
    transaction_type: 'GOOGLE',
    seller_name: 'Google',
    export_time: `${l.day} 23:41:07.512 UTC`,
    cost: num(l.cost),
    currency: 'USD',
    currency_conversion_rate: 1,
    usage: { amount: 3600, unit: 'seconds', amount_in_pricing_units: 1, pricing_unit: 'hour' },
    credits: (l.credits ?? []).map((c, i) => ({
      name: c.name,
      amount: num(c.amount),
      full_name: null,
      id: `${c.type.toLowerCase()}-${i}`,
      type: c.type,
    })),
    invoice: { month: '202410', publisher_type: 'GOOGLE' },
    cost_type: l.costType ?? 'regular',
    adjustment_info: null,
    cost_at_list: num(times(l.cost, 1.1, 6)),
  };
  return JSON.stringify(value).replace(/"@@(-?[0-9.]+)@@"/g, '$1');
}

export function gcpFixture(): string {
  const rnd = seeded(2024);
  const lines: Line[] = [];
  const gce: [string, string] = ['6F81-5844-456A', 'Compute Engine'];
  const a100 = {
    system: { 'compute.googleapis.com/machine_spec': 'a2-highgpu-1g', 'compute.googleapis.com/cores': '12' },
    service: gce,
    sku: ['2E27-4F75-95CD', 'Nvidia Tesla A100 GPU running in Americas'] as [string, string],
  };
  for (const day of DAYS) {
    for (const hour of [0, 1]) {
      // A tagged GPU VM: resource-based CUD and sustained use
      const cost = rnd.amount(2, 3, 6);
      lines.push({
        ...a100,
        day,
        hour,
        project: PROJECTS.train,
        cost,
        resource: 'train-a100-1',
        labels: { model: 'llama3-70b', stage: 'train' },
        credits: [
          {
            type: 'COMMITTED_USAGE_DISCOUNT',
            name: 'Committed use discount: GPU A100',
            amount: `-${times(cost, 0.55, 6)}`,
          },
          {
            type: 'SUSTAINED_USAGE_DISCOUNT',
            name: 'Sustained usage discount',
            amount: `-${times(cost, 0.1, 6)}`,
          },
        ],
      });
    }
    // A VM without labels in a project whose labels name the model (project.labels)
    const serve = rnd.amount(1, 2, 6);
    lines.push({
      ...a100,
      day,
      hour: 2,
      project: PROJECTS.serve,
      cost: serve,
      resource: 'serve-l4-1',
      credits: [
        {
          type: 'COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE',
          name: 'Spend-based CUD, Compute',
          amount: `-${times(serve, 0.28, 6)}`,
        },
        { type: 'SUBSCRIPTION_BENEFIT', name: 'Subscription benefit, GKE Enterprise', amount: '-0.05' },
      ],
    });
    // The spend-based commitment's fee, offset where it is used
    lines.push({
      day,
      hour: 0,
      project: PROJECTS.serve,
      service: ['B7D9-FDCB-15D8', 'Compute Engine'],
      sku: ['5515-81A8-03A2', 'Commitment - dollar based v1: Compute for 1 year'],
      cost: '12',
      credits: [
        {
          type: 'FEE_UTILIZATION_OFFSET',
          name: 'Fee utilization offset',
          amount: `-${rnd.amount(8, 12, 6)}`,
        },
      ],
    });
    // BigQuery with a contract discount and a reseller margin
    const bq = rnd.amount(4, 6, 6);
    lines.push({
      day,
      hour: 3,
      project: PROJECTS.train,
      service: ['24E6-581D-38E5', 'BigQuery'],
      sku: ['3362-E469-6BEF', 'Analysis'],
      cost: bq,
      labels: { model: 'llama3-70b', stage: 'eval' },
      credits: [
        { type: 'DISCOUNT', name: 'Contract discount, 7%', amount: `-${times(bq, 0.07, 6)}` },
        { type: 'RESELLER_MARGIN', name: 'Reseller margin, tier 2', amount: `-${times(bq, 0.04, 6)}` },
      ],
    });
    // Storage under the free tier, and a trial promotion
    const gcs = rnd.amount(0, 0.001, 9);
    lines.push({
      day,
      hour: 4,
      project: PROJECTS.train,
      service: ['95FF-2EF5-5EA1', 'Cloud Storage'],
      sku: ['E5F0-6A5D-7BAD', 'Standard Storage US Multi-region'],
      cost: gcs,
      credits: [
        { type: 'FREE_TIER', name: 'Free tier', amount: `-${gcs}` },
        { type: 'PROMOTION', name: 'Free trial, $300', amount: '-0.000001' },
      ],
    });
  }
  // Tax, an adjustment and a rounding error on the last day
  const last = DAYS[DAYS.length - 1] as string;
  const vertex: [string, string] = ['C7E2-9256-1C43', 'Vertex AI'];
  lines.push(
    {
      day: last,
      hour: 23,
      project: PROJECTS.train,
      service: vertex,
      sku: ['0000-0000-0001', 'Tax, US'],
      cost: '3.17',
      costType: 'tax',
    },
    {
      day: last,
      hour: 23,
      project: PROJECTS.train,
      service: vertex,
      sku: ['0000-0000-0002', 'Adjustment, goodwill'],
      cost: '-1.5',
      costType: 'adjustment',
    },
    {
      day: last,
      hour: 23,
      project: PROJECTS.train,
      service: vertex,
      sku: ['0000-0000-0003', 'Rounding'],
      cost: '0.000001',
      costType: 'rounding_error',
    },
    // A labelled VM in the serving project: its own model label beats the project's, and the stage it
    // lacks comes from the project's labels (stage=serve)
    {
      ...a100,
      day: last,
      hour: 5,
      project: PROJECTS.serve,
      cost: '0.75',
      resource: 'serve-gemma-2b-1',
      labels: { model: 'gemma-2b' },
    },
  );
  return `${lines.map(record).join('\n')}\n`;
}
