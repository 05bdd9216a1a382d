import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { DynamoDbAllocationStore } from '../../src/store/dynamodb/dynamodb-allocation-store.js';
import { DynamoDbAnomalyStore } from '../../src/store/dynamodb/dynamodb-anomaly-store.js';
import { DynamoDbCostStore } from '../../src/store/dynamodb/dynamodb-cost-store.js';
import { DynamoDbIdleAuditLog } from '../../src/store/dynamodb/dynamodb-idle-audit-log.js';
import { DynamoDbSourceStatusStore } from '../../src/store/dynamodb/dynamodb-source-status.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { handles } from '../helpers/store-harness.js';
import { allocationStoreContract } from './allocation-store.contract.js';
import { anomalyStoreContract } from './anomaly-store.contract.js';
import { clusterSplitContract } from './cluster-split.contract.js';
import { costStoreContract } from './cost-store.contract.js';
import { idleAuditLogContract } from './idle-audit-log.contract.js';
import { sourceStatusContract } from './source-status.contract.js';

// The same contract suites as the DuckDB stores, on a real DynamoDB-compatible server (dynalite) on
// loopback; each harness gets a fresh table, and "reopen" is a new client on the same table.
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.close());

async function table() {
  const t = await dynamo.createTable();
  const handle = () => {
    const client = dynamo.client();
    return { doc: DynamoDBDocumentClient.from(client), name: t.name, client };
  };
  return { name: t.name, handle };
}

// graceMs 0: superseded items are deleted at once, so the suite also exercises the clean-up path.
costStoreContract(
  'DynamoDB (dynalite)',
  async () => {
    const t = await table();
    return handles(async () => {
      const h = t.handle();
      return new DynamoDbCostStore(h, { graceMs: 0, onClose: () => h.client.destroy() });
    });
  },
  'lease',
);

anomalyStoreContract('DynamoDB (dynalite)', async () => {
  const t = await table();
  return handles(async () => new DynamoDbAnomalyStore(t.handle()));
});

sourceStatusContract('DynamoDB (dynalite)', async () => {
  const t = await table();
  return handles(async () => new DynamoDbSourceStatusStore(t.handle()));
});

allocationStoreContract('DynamoDB (dynalite)', async () => {
  const t = await table();
  return handles(async () => new DynamoDbAllocationStore(t.handle()));
});

clusterSplitContract('DynamoDB (dynalite)', async () => {
  const t = await table();
  return handles(async () => {
    const h = t.handle();
    return { cost: new DynamoDbCostStore(h, { graceMs: 0 }), allocations: new DynamoDbAllocationStore(h) };
  });
});

idleAuditLogContract('DynamoDB (dynalite)', async () => {
  const t = await table();
  return handles(async () => new DynamoDbIdleAuditLog(t.handle(), { retentionDays: 400 }));
});
