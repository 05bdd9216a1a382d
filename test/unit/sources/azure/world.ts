import type { AzureBillingWorld, AzureCostRow } from '../../../../src/sim/fakes/azure-cost-management.js';

export const SUB_A = '00000000-0000-0000-0000-00000000000a';
export const SUB_B = '00000000-0000-0000-0000-00000000000b';

/** Two subscriptions: reservations (amortized != actual), untagged spend, 10 decimals, a EUR row. */
export const AZURE_ROWS: AzureCostRow[] = [
  {
    day: '2026-10-01',
    subscription: SUB_A,
    service: 'Virtual Machines',
    tags: { model: 'llama', stage: 'train' },
    actual: '300.0000000001',
    amortized: '210.5',
  },
  {
    day: '2026-10-01',
    subscription: SUB_A,
    service: 'Virtual Machines',
    tags: { model: 'llama' },
    actual: '12.3456789012',
  },
  { day: '2026-10-01', subscription: SUB_A, service: 'Storage', tags: {}, actual: '0.0000000007' },
  {
    day: '2026-10-02',
    subscription: SUB_A,
    service: 'Azure Machine Learning',
    tags: { model: 'bert', stage: 'serve' },
    actual: '4.4',
  },
  {
    day: '2026-10-02',
    subscription: SUB_A,
    service: 'Azure Machine Learning',
    tags: { model: 'bert', stage: 'dev' },
    actual: '1.1',
  },
  {
    day: '2026-10-03',
    subscription: SUB_B,
    service: 'Virtual Machines',
    tags: { model: 'gpt', stage: 'serve' },
    actual: '77.0000000003',
    currency: 'EUR',
  },
];

export const azureWorld = (over: Partial<AzureBillingWorld> = {}): AzureBillingWorld => ({
  rows: AZURE_ROWS,
  pageSize: 2,
  retryAfterSeconds: 0,
  ...over,
});
