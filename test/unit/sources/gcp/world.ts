import type { GcpBillingWorld, GcpCostRow } from '../../../../src/sim/fakes/gcp-bigquery.js';

export const GCP_TABLE = 'billing-admin.billing_export.gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9';

/** A small export: credits, a late-exported row, unlabeled spend, 10-decimal amounts, a EUR project. */
export const GCP_ROWS: GcpCostRow[] = [
  {
    day: '2026-10-01',
    project: 'ml-train',
    projectName: 'ML training',
    service: 'Compute Engine',
    region: 'us-central1',
    labels: { model: 'llama', stage: 'train' },
    cost: '250.1234567891',
    credits: '-10.0000000001',
  },
  {
    day: '2026-10-01',
    project: 'ml-train',
    service: 'Cloud Storage',
    region: 'us',
    labels: {},
    cost: '0.0000000003',
  },
  {
    day: '2026-10-02',
    project: 'ml-serve',
    service: 'Vertex AI',
    region: 'europe-west4',
    labels: { model: 'bert', stage: 'serve' },
    cost: '42.5',
    exportDay: '2026-10-04',
  },
  {
    day: '2026-10-02',
    project: 'ml-serve',
    service: 'Vertex AI',
    region: 'europe-west4',
    labels: { model: 'bert', stage: 'serve' },
    cost: '1.25',
  },
  {
    day: '2026-10-03',
    project: 'ml-eu',
    service: 'Compute Engine',
    region: 'europe-west1',
    labels: { model: 'llama' },
    cost: '9.99',
    currency: 'EUR',
  },
  // Outside the days asked for: scanned only without the partition filter, never returned.
  {
    day: '2026-08-15',
    project: 'ml-train',
    service: 'Compute Engine',
    region: 'us-central1',
    labels: { model: 'old' },
    cost: '1000',
  },
];

export const gcpWorld = (over: Partial<GcpBillingWorld> = {}): GcpBillingWorld => ({
  table: GCP_TABLE,
  rows: GCP_ROWS,
  pageSize: 2,
  ...over,
});
