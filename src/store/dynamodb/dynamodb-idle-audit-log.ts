import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditQuery, IdleAuditEntry, IdleAuditLog } from '../../core/idle/ports.js';
import { IDLE_RULES, type IdleRule, instanceKey } from '../../core/idle/types.js';
import { formatMoney, MONEY_SCALE, parseMoney } from '../../core/money.js';
import { batchWrite, type DynamoTable, type Item, queryAll, SEP } from './table.js';
import { isConditionFailed } from './write-lock.js';

/**
 * The idle guard's audit log and action claims in the single table (keys in table.ts):
 *
 * - entry: pk `AUDIT#<day of at>`, sk `<at>␟<stamp>`; gsi1pk `AUDIT`, gsi1sk `<stamp>`, where the
 *   stamp is the write time plus a counter and a random suffix. The index gives the log in the order
 *   it was written (what `list` promises) in one partition; the audit volume (a few hundred entries
 *   per sweep, every 15 minutes) is far below one partition's write rate. The base key groups a day
 *   for the console and for TTL clean-up (`expiresAt`, when a retention is configured).
 * - claim: pk `CLAIM`, sk `<key>`, taken with a conditional put (the atomic test-and-set) and given
 *   back with a delete conditioned on the holder. Claims expire after `claimDays` (an off period is
 *   long over by then), so the partition does not grow forever.
 *
 * `since` filters on `at` with a FilterExpression: entries are ordered by write time, not by `at`.
 */
export class DynamoDbIdleAuditLog implements IdleAuditLog {
  private counter = 0;

  constructor(
    private readonly t: DynamoTable,
    private readonly opts: { retentionDays?: number; claimDays?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  /** Sortable and unique: write time, a per-process counter (same millisecond), then randomness. */
  private stamp(): string {
    this.counter = (this.counter + 1) % 1_000_000;
    const n = this.counter;
    return `${new Date(this.now()).toISOString()}${SEP}${String(n).padStart(6, '0')}${SEP}${randomUUID().slice(0, 8)}`;
  }

  async append(entries: readonly IdleAuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const expires =
      this.opts.retentionDays === undefined
        ? {}
        : { expiresAt: Math.floor(this.now() / 1000) + this.opts.retentionDays * 86_400 };
    await batchWrite(
      this.t,
      entries.map((e) => {
        const stamp = this.stamp();
        return {
          put: {
            pk: `AUDIT#${e.at.slice(0, 10)}`,
            sk: `${e.at}${SEP}${stamp}`,
            gsi1pk: 'AUDIT',
            gsi1sk: stamp,
            ...toItem(e),
            ...expires,
          },
        };
      }),
    );
  }

  async claim(key: string, runId: string, at: string): Promise<boolean> {
    const days = this.opts.claimDays ?? 30;
    try {
      await this.t.doc.send(
        new PutCommand({
          TableName: this.t.name,
          Item: {
            pk: 'CLAIM',
            sk: key,
            runId,
            at,
            expiresAt: Math.floor(Date.parse(at) / 1000) + days * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailed(e)) return false;
      throw e;
    }
  }

  async release(key: string, runId: string): Promise<void> {
    try {
      await this.t.doc.send(
        new DeleteCommand({
          TableName: this.t.name,
          Key: { pk: 'CLAIM', sk: key },
          ConditionExpression: 'runId = :r',
          ExpressionAttributeValues: { ':r': runId },
        }),
      );
    } catch (e) {
      // Held by another run (or gone): only the holder gives a claim back.
      if (!isConditionFailed(e)) throw e;
    }
  }

  async stopsOn(day: string): Promise<number> {
    // The day's partition (pk is the day of `at`), read strongly consistent from the base table.
    const items = await queryAll(this.t, {
      KeyConditionExpression: 'pk = :p',
      FilterExpression: '#r = :stopped AND #m = :enforce',
      ExpressionAttributeNames: { '#r': 'result', '#m': 'mode' },
      ExpressionAttributeValues: { ':p': `AUDIT#${day}`, ':stopped': 'stopped', ':enforce': 'enforce' },
      ProjectionExpression: 'pk',
    });
    return items.length;
  }

  async warnings(since: string, rule?: IdleRule): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const e of await this.list({ since })) {
      if (e.result !== 'warned' || (rule !== undefined && e.rule !== rule)) continue;
      const k = instanceKey(e);
      const seen = out.get(k);
      if (!seen || seen < e.at) out.set(k, e.at);
    }
    return out;
  }

  async list(q: AuditQuery = {}): Promise<IdleAuditEntry[]> {
    const items = await queryAll(this.t, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ...(q.since ? { FilterExpression: '#at >= :since', ExpressionAttributeNames: { '#at': 'at' } } : {}),
      ExpressionAttributeValues: { ':p': 'AUDIT', ...(q.since ? { ':since': q.since } : {}) },
    });
    const entries = items.map(fromItem);
    return q.instanceKey ? entries.filter((e) => instanceKey(e) === q.instanceKey) : entries;
  }
}

const money = (v: bigint) => formatMoney(v, MONEY_SCALE);

function toItem(e: IdleAuditEntry): Item {
  // Money as exact decimal strings: a DynamoDB number would be read back as a JS float.
  return {
    ...e,
    reasons: [...e.reasons],
    ...(e.hourlyCost !== undefined ? { hourlyCost: money(e.hourlyCost) } : {}),
    savingsPerDay: money(e.savingsPerDay),
  };
}

function fromItem(i: Item): IdleAuditEntry {
  const e: IdleAuditEntry = {
    runId: i.runId as string,
    at: i.at as string,
    actor: i.actor as string,
    mode: i.mode as IdleAuditEntry['mode'],
    provider: i.provider as string,
    account: i.account as string,
    region: i.region as string,
    instanceId: i.instanceId as string,
    instanceType: i.instanceType as string,
    action: i.action as IdleAuditEntry['action'],
    reasons: (i.reasons as string[] | undefined) ?? [],
    result: i.result as IdleAuditEntry['result'],
    currency: i.currency as string,
    savingsPerDay: parseMoney(i.savingsPerDay as string),
  };
  if (typeof i.error === 'string') e.error = i.error;
  if (typeof i.hourlyCost === 'string') e.hourlyCost = parseMoney(i.hourlyCost);
  if (typeof i.owner === 'string') e.owner = i.owner;
  if (typeof i.model === 'string') e.model = i.model;
  if (typeof i.stage === 'string') e.stage = i.stage;
  if (typeof i.gpus === 'number') e.gpus = i.gpus;
  if (typeof i.rule === 'string' && (IDLE_RULES as readonly string[]).includes(i.rule))
    e.rule = i.rule as IdleRule;
  return e;
}
