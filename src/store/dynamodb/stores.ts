import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAllocationStore } from './dynamodb-allocation-store.js';
import { DynamoDbAnomalyStore } from './dynamodb-anomaly-store.js';
import { DynamoDbCostStore } from './dynamodb-cost-store.js';
import { DynamoDbIdleAuditLog } from './dynamodb-idle-audit-log.js';
import { DynamoDbSourceStatusStore } from './dynamodb-source-status.js';
import type { DynamoTable } from './table.js';

/** Every store on the one table (thin: each holds the table handle only). */
export interface DynamoStores {
  cost: DynamoDbCostStore;
  anomalies: DynamoDbAnomalyStore;
  sources: DynamoDbSourceStatusStore;
  idleAudit: DynamoDbIdleAuditLog;
  allocations: DynamoDbAllocationStore;
}

/** The stores on `table`: the Lambda wiring and the CLI's `--store dynamodb://` both make them here. */
export function dynamoStores(table: DynamoTable): DynamoStores {
  return {
    cost: new DynamoDbCostStore(table),
    anomalies: new DynamoDbAnomalyStore(table),
    sources: new DynamoDbSourceStatusStore(table),
    idleAudit: new DynamoDbIdleAuditLog(table),
    allocations: new DynamoDbAllocationStore(table),
  };
}

/**
 * A handle on the table `name`: the region and credentials from the usual AWS chain unless given;
 * `endpoint` for a DynamoDB-compatible server (DynamoDB Local, dynalite).
 */
export function dynamoTable(name: string, o: { region?: string; endpoint?: string } = {}): DynamoTable {
  const client = new DynamoDBClient({
    ...(o.region ? { region: o.region } : {}),
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
  });
  return { doc: DynamoDBDocumentClient.from(client), name };
}
