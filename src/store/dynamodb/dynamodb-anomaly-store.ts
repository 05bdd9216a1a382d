import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { anomalyIdKeys, legacyAnomalyId } from '../../core/anomaly/anomaly-id.js';
import { UnknownAnomalyError } from '../../core/anomaly/errors.js';
import type {
  AlertMessage,
  AlertMessageStore,
  AnomalyQuery,
  AnomalyStore,
  BudgetAlertKey,
  BudgetAlertRecord,
  BudgetAlertStore,
} from '../../core/anomaly/ports.js';
import type { AnomalyMark, AnomalyRecord } from '../../core/anomaly/types.js';
import { dayNumber, dayString } from '../../core/day.js';
import { formatMoney, MONEY_SCALE, parseMoney } from '../../core/money.js';
import { batchWrite, type DynamoTable, type Item, mapLimit, queryAll, SEP } from './table.js';

const money = (v: bigint) => formatMoney(v, MONEY_SCALE);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The months ('YYYY-MM') that [from, to] touches: anomalies and marks are partitioned by month. */
export function monthsIn(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = `${from.slice(0, 7)}-01`; d.slice(0, 7) <= to.slice(0, 7); ) {
    out.push(d.slice(0, 7));
    d = dayString(dayNumber(d) + 32).replace(/-\d\d$/, '-01');
  }
  return out;
}

function anomalyItem(a: AnomalyRecord): Item {
  // The record as JSON with money as exact decimal strings; keys and filters beside it.
  const body = {
    ...a,
    actual: money(a.actual),
    expected: money(a.expected),
    impact: money(a.impact),
    rootCause: a.rootCause.map((c) => ({ ...c, change: money(c.change) })),
  };
  return {
    pk: `AN#${a.id}`,
    sk: 'AN',
    gsi1pk: `AN#${a.day.slice(0, 7)}`,
    gsi1sk: `${a.day}${SEP}${a.id}`,
    seriesId: a.seriesId,
    day: a.day,
    status: a.status,
    body: JSON.stringify(body),
  };
}

function itemAnomaly(i: Item): AnomalyRecord {
  const b = JSON.parse(i.body as string);
  return {
    ...b,
    actual: parseMoney(b.actual),
    expected: parseMoney(b.expected),
    impact: parseMoney(b.impact),
    rootCause: b.rootCause.map((c: { change: string }) => ({ ...c, change: parseMoney(c.change) })),
  };
}

/** Anomalies, their feedback marks and budget alert state on the single table (keys in table.ts). */
export class DynamoDbAnomalyStore implements AnomalyStore, BudgetAlertStore, AlertMessageStore {
  constructor(private readonly t: DynamoTable) {}

  async saveAnomalies(records: readonly AnomalyRecord[]): Promise<void> {
    // Put by id: judging a day again overwrites the item; the same anomaly judged before short ids
    // is stored under its old id, deleted so that it is replaced, never doubled.
    await batchWrite(
      this.t,
      records.flatMap((a) => {
        const legacy = legacyAnomalyId(a);
        const put = { put: anomalyItem(a) };
        return legacy === a.id ? [put] : [put, { delete: { pk: `AN#${legacy}`, sk: 'AN' } }];
      }),
    );
  }

  async listAnomalies(q: AnomalyQuery): Promise<AnomalyRecord[]> {
    const per = await mapLimit(monthsIn(q.from, q.to), 4, (month) =>
      queryAll(this.t, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :m AND gsi1sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':m': `AN#${month}`, ':a': q.from, ':b': `${q.to}\uffff` },
      }),
    );
    return per
      .flat()
      .filter((i) => q.seriesId === undefined || i.seriesId === q.seriesId)
      .map(itemAnomaly)
      .sort((a, b) =>
        a.day !== b.day
          ? cmp(a.day, b.day)
          : a.impact !== b.impact
            ? a.impact > b.impact
              ? -1
              : 1
            : cmp(a.id, b.id),
      );
  }

  async getAnomaly(id: string): Promise<AnomalyRecord | undefined> {
    // An old long id finds the record under its short id, else under the old id itself.
    for (const key of anomalyIdKeys(id)) {
      const r = await this.t.doc.send(
        new GetCommand({ TableName: this.t.name, Key: { pk: `AN#${key}`, sk: 'AN' }, ConsistentRead: true }),
      );
      if (r.Item) return itemAnomaly(r.Item);
    }
    return undefined;
  }

  async markAnomaly(m: AnomalyMark): Promise<void> {
    if (!(await this.getAnomaly(m.anomalyId))) throw new UnknownAnomalyError(m.anomalyId);
    // Marks are appended, never replaced: the suffix keeps two marks at the same instant apart.
    const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    await this.t.doc.send(
      new PutCommand({
        TableName: this.t.name,
        Item: {
          pk: `MK#${m.day.slice(0, 7)}`,
          sk: `${m.at}${SEP}${m.anomalyId}${SEP}${suffix}`,
          day: m.day,
          body: JSON.stringify(m),
        },
      }),
    );
  }

  async listMarks(q: { from: string; to: string }): Promise<AnomalyMark[]> {
    const per = await mapLimit(monthsIn(q.from, q.to), 4, (month) =>
      queryAll(this.t, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `MK#${month}` },
      }),
    );
    return per
      .flat()
      .filter((i) => (i.day as string) >= q.from && (i.day as string) <= q.to)
      .sort((a, b) => cmp(a.sk as string, b.sk as string))
      .map((i) => JSON.parse(i.body as string) as AnomalyMark);
  }

  async claimBudgetAlert(a: BudgetAlertRecord): Promise<boolean> {
    // A conditional put is atomic: of two runs at once, exactly one creates the item.
    try {
      await this.t.doc.send(
        new PutCommand({
          TableName: this.t.name,
          Item: {
            pk: `BUDGET#${a.period}`,
            sk: `${a.budget}${SEP}${a.kind}${SEP}${a.threshold}`,
            ...a,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  async releaseBudgetAlert(a: BudgetAlertKey): Promise<void> {
    await this.t.doc.send(
      new DeleteCommand({
        TableName: this.t.name,
        Key: { pk: `BUDGET#${a.period}`, sk: `${a.budget}${SEP}${a.kind}${SEP}${a.threshold}` },
      }),
    );
  }

  async listBudgetAlerts(period: string): Promise<BudgetAlertRecord[]> {
    const items = await queryAll(this.t, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `BUDGET#${period}` },
    });
    return items
      .map((i) => ({
        budget: i.budget as string,
        period: i.period as string,
        kind: i.kind as BudgetAlertRecord['kind'],
        threshold: Number(i.threshold),
        at: i.at as string,
        message: i.message as string,
      }))
      .sort(
        (a, b) =>
          cmp(a.at, b.at) || cmp(a.budget, b.budget) || cmp(a.kind, b.kind) || a.threshold - b.threshold,
      );
  }

  async saveAlertMessage(m: AlertMessage): Promise<void> {
    await this.t.doc.send(
      new PutCommand({
        TableName: this.t.name,
        Item: { pk: `AN#${m.anomalyId}`, sk: 'MSG', channel: m.channel, ts: m.ts },
      }),
    );
  }

  async alertMessage(anomalyId: string): Promise<AlertMessage | undefined> {
    const r = await this.t.doc.send(
      new GetCommand({
        TableName: this.t.name,
        Key: { pk: `AN#${anomalyId}`, sk: 'MSG' },
        ConsistentRead: true,
      }),
    );
    const i = r.Item;
    return i ? { anomalyId, channel: i.channel as string, ts: i.ts as string } : undefined;
  }
}
