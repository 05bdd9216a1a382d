import type { IamGrant } from '../../core/permissions.js';

// The DynamoDB actions each store calls, per part of the table: what its function's role may do.

/** queryFacts and listImports: cells, imports, a day's facts; a model's range on the index. */
export const COST_STORE_READ: readonly IamGrant[] = [
  { actions: ['dynamodb:Query', 'dynamodb:BatchGetItem'], resource: { kind: 'table' } },
  { actions: ['dynamodb:Query'], resource: { kind: 'tableIndex' } },
];

/** replaceFacts: the writer lease, cells, import records, fact items and their clean-up. */
export const COST_STORE_WRITE: readonly IamGrant[] = [
  ...COST_STORE_READ,
  {
    actions: [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ],
    resource: { kind: 'table' },
  },
];

export const ANOMALY_STORE: readonly IamGrant[] = [
  {
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:Query'],
    resource: { kind: 'table' },
  },
  { actions: ['dynamodb:Query'], resource: { kind: 'tableIndex' } },
];

/** OpenCost allocations: a day's chunks replaced in one transaction (TransactWriteItems needs the item actions). */
export const ALLOCATION_STORE: readonly IamGrant[] = [
  {
    actions: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    resource: { kind: 'table' },
  },
];

export const ALLOCATION_STORE_READ: readonly IamGrant[] = [
  { actions: ['dynamodb:Query'], resource: { kind: 'table' } },
];

export const SOURCE_STATUS_STORE: readonly IamGrant[] = [
  { actions: ['dynamodb:UpdateItem', 'dynamodb:Query'], resource: { kind: 'table' } },
];

/** The idle audit log: entries (batch writes), the log in write order (index), claims. */
export const IDLE_AUDIT_LOG: readonly IamGrant[] = [
  {
    actions: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    resource: { kind: 'table' },
  },
  { actions: ['dynamodb:Query'], resource: { kind: 'tableIndex' } },
];
