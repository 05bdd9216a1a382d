import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SourceStatus, SourceStatusStore } from '../../core/billing-source.js';
import { type DynamoTable, queryAll } from './table.js';

/** "Data complete up to" per live source: pk `STATUS`, sk the source name. */
export class DynamoDbSourceStatusStore implements SourceStatusStore {
  constructor(private readonly t: DynamoTable) {}

  async record(s: SourceStatus): Promise<void> {
    const key = { pk: 'STATUS', sk: s.source };
    // First the time of the run (always), then the day only if it moves forward: a re-pull of old
    // days never moves the mark back, and the condition makes that hold under concurrent runs too.
    await this.t.doc.send(
      new UpdateCommand({
        TableName: this.t.name,
        Key: key,
        UpdateExpression: 'SET updatedAt = :at',
        ExpressionAttributeValues: { ':at': s.updatedAt },
      }),
    );
    try {
      await this.t.doc.send(
        new UpdateCommand({
          TableName: this.t.name,
          Key: key,
          UpdateExpression: 'SET completeUpTo = :d',
          ConditionExpression: 'attribute_not_exists(completeUpTo) OR completeUpTo < :d',
          ExpressionAttributeValues: { ':d': s.completeUpTo },
        }),
      );
    } catch (e) {
      if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
    }
  }

  async list(): Promise<SourceStatus[]> {
    const items = await queryAll(this.t, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'STATUS' },
    });
    return items
      .filter((i) => typeof i.completeUpTo === 'string')
      .map((i) => ({
        source: i.sk as string,
        completeUpTo: i.completeUpTo as string,
        updatedAt: i.updatedAt as string,
      }))
      .sort((a, b) => (a.source < b.source ? -1 : 1));
  }
}
