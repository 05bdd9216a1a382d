import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors.js';
import type { DynamoTable } from './table.js';

export const isConditionFailed = (e: unknown) =>
  (e as { name?: string }).name === 'ConditionalCheckFailedException';

/**
 * One writer of facts at a time: a lease item (pk `LOCK`, sk `facts`) taken with a conditional put.
 * A writer that dies keeps it until `until`, then the next writer takes it over and cleans up.
 */
export async function acquireWriterLock(t: DynamoTable, owner: string, now: number, leaseMs: number) {
  try {
    await t.doc.send(
      new PutCommand({
        TableName: t.name,
        Item: { pk: 'LOCK', sk: 'facts', owner, until: now + leaseMs },
        ConditionExpression: 'attribute_not_exists(pk) OR #u < :now',
        ExpressionAttributeNames: { '#u': 'until' },
        ExpressionAttributeValues: { ':now': now },
      }),
    );
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    throw new StoreError(
      'STORE_BUSY',
      'another import is writing cost facts to this table; try again when it has finished.',
      { cause: e },
    );
  }
}

/** Gives the lease back, unless another writer took it over after it ran out. */
export async function releaseWriterLock(t: DynamoTable, owner: string): Promise<void> {
  try {
    await t.doc.send(
      new DeleteCommand({
        TableName: t.name,
        Key: { pk: 'LOCK', sk: 'facts' },
        ConditionExpression: '#o = :o',
        ExpressionAttributeNames: { '#o': 'owner' },
        ExpressionAttributeValues: { ':o': owner },
      }),
    );
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
  }
}
