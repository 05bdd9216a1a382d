import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

/**
 * The serverless store is ONE DynamoDB table (single-table design). Every item has `pk` and `sk`
 * (strings); one global secondary index `gsi1` (`gsi1pk`, `gsi1sk`) serves the queries that do not
 * follow the base key; `expiresAt` (epoch seconds) is the TTL attribute. `\u001f` (unit separator)
 * joins key parts because it never appears in ids, tag values or days.
 *
 * Access pattern                  | Key
 * --------------------------------|------------------------------------------------------------------
 * a day's facts                   | pk `F#<day>`, sk `F␟<provider>␟<account>␟<version>␟<seq>`
 * a model's range                 | gsi1pk `M#<model>`, gsi1sk `<day>␟...` (fact items only)
 * which version of a day is live  | pk `CELLS`, sk `<day>␟<provider>␟<account>` (one "cell" pointer)
 * imports (the import log)        | pk `IMPORT`, sk `<import id>`
 * the one writer of facts         | pk `LOCK`, sk `facts` (a lease)
 * superseded facts to delete      | pk `GC`, sk `<deleteAfter ISO>␟<version>`
 * anomaly by id                   | pk `AN#<id>`, sk `AN`
 * anomalies of a month / open ones| gsi1pk `AN#<yyyy-mm>`, gsi1sk `<day>␟<id>`; open = status new/ongoing
 * feedback marks                  | pk `MK#<yyyy-mm of the anomaly day>`, sk `<at>␟<anomaly id>␟<n>`
 * budget alert state              | pk `BUDGET#<yyyy-mm>`, sk `<budget>␟<kind>␟<threshold>`
 * data complete up to             | pk `STATUS`, sk `<source>`
 * idle audit log                  | pk `AUDIT#<day of at>`, sk `<at>␟<stamp>`; in write order: gsi1pk
 *                                 | `AUDIT`, gsi1sk `<stamp>` (dynamodb-idle-audit-log.ts); `expiresAt` TTL
 * idle action claims              | pk `CLAIM`, sk `<action>:<instance>:<off since>`, `expiresAt` TTL
 *
 * Facts are versioned, see dynamodb-cost-store.ts: readers only count the items of the version a
 * cell points to, so a replacement becomes visible at one conditional write.
 */
export const SEP = '\u001f';

export interface DynamoTable {
  doc: DynamoDBDocumentClient;
  name: string;
}

/** The table as CreateTable input: tests create it on dynalite; serverless.yml declares the same. */
export function tableDefinition(name: string) {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' as const },
      { AttributeName: 'sk', AttributeType: 'S' as const },
      { AttributeName: 'gsi1pk', AttributeType: 'S' as const },
      { AttributeName: 'gsi1sk', AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' as const },
      { AttributeName: 'sk', KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'gsi1',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' as const },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'ALL' as const },
      },
    ],
  };
}

export type Item = Record<string, unknown>;

/** Every page of a query. Base-table reads are strongly consistent unless an index is named. */
export async function queryAll(t: DynamoTable, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const out: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await t.doc.send(
      new QueryCommand({
        TableName: t.name,
        ConsistentRead: input.IndexName === undefined,
        ...input,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    out.push(...((r.Items as Item[] | undefined) ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

const BATCH = 25; // BatchWriteItem's limit per request.

/** Puts and deletes in batches of 25, resending what DynamoDB returns unprocessed (with backoff). */
export async function batchWrite(
  t: DynamoTable,
  requests: readonly ({ put: Item } | { delete: { pk: string; sk: string } })[],
): Promise<void> {
  for (let i = 0; i < requests.length; i += BATCH) {
    let pending = requests
      .slice(i, i + BATCH)
      .map((r) => ('put' in r ? { PutRequest: { Item: r.put } } : { DeleteRequest: { Key: r.delete } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((res) => setTimeout(res, Math.min(1000, 25 * 2 ** attempt)));
      const r = await t.doc.send(new BatchWriteCommand({ RequestItems: { [t.name]: pending } }));
      pending = (r.UnprocessedItems?.[t.name] ?? []) as typeof pending;
    }
  }
}

/** Runs `fn` over `items` with at most `limit` in flight: parallel day queries without a storm. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (x: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
