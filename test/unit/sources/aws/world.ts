import type { AwsBillingWorld, AwsCostRow } from '../../../../src/sim/fakes/aws-cost-explorer.js';

/** A small hand-made AWS organisation: two accounts, untagged spend, 10-decimal amounts, a EUR row. */
export const AWS_ROWS: AwsCostRow[] = [
  {
    day: '2026-10-01',
    account: '222222222222',
    service: 'Amazon Elastic Compute Cloud - Compute',
    tags: { model: 'llama', stage: 'train' },
    unblended: '100.1234567891',
    amortized: '90.0000000001',
  },
  {
    day: '2026-10-01',
    account: '222222222222',
    service: 'Amazon SageMaker',
    tags: { model: 'llama', stage: 'serve' },
    unblended: '12.5',
  },
  {
    day: '2026-10-01',
    account: '222222222222',
    service: 'Amazon Simple Storage Service',
    tags: {},
    unblended: '0.0000000001',
  },
  {
    day: '2026-10-02',
    account: '222222222222',
    service: 'Amazon SageMaker',
    tags: { model: 'bert', stage: 'serve' },
    unblended: '3.3333333333',
  },
  {
    day: '2026-10-02',
    account: '333333333333',
    service: 'Amazon Elastic Compute Cloud - Compute',
    tags: { model: 'bert' },
    unblended: '7.7',
  },
  {
    day: '2026-10-02',
    account: '333333333333',
    service: 'Amazon Simple Storage Service',
    tags: { stage: 'dev' },
    unblended: '1.25',
    currency: 'EUR',
  },
  {
    day: '2026-10-03',
    account: '333333333333',
    service: 'Amazon SageMaker',
    tags: { model: 'llama', stage: 'serve' },
    unblended: '5',
  },
];

export const awsWorld = (over: Partial<AwsBillingWorld> = {}): AwsBillingWorld => ({
  rows: AWS_ROWS,
  accountNames: { '222222222222': 'ml-prod', '333333333333': 'ml-research' },
  estimatedFrom: '2026-10-03',
  pageSize: 2,
  ...over,
});
