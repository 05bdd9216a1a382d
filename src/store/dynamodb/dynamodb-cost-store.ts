import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { type CostFact, mergeFacts } from '../../core/cost-fact.js';
import type { CostStore, FactQuery, ImportRecord, ImportScope } from '../../core/ports.js';
import { type Cell, cellSk, factPk, itemCell, itemCellKey, itemFact } from './fact-items.js';
import { FactWriter, type WriterOptions } from './fact-writer.js';
import { type DynamoTable, type Item, mapLimit, queryAll, SEP } from './table.js';

export interface DynamoDbCostStoreOptions extends Partial<WriterOptions> {
  /** Called by close(): the handler that owns the client destroys it; shared clients pass nothing. */
  onClose?: () => void;
}

/** Parallel reads per query: enough to hide latency, few enough not to throttle an on-demand table. */
const READ_CONCURRENCY = 8;

/**
 * The serverless CostStore on the single table (keys in table.ts). Facts are versioned per cell
 * (day, provider, billing account): a reader resolves each cell to the version it points to (or to
 * the committed replacement it is about to point to) and counts only that version's items, so it sees
 * the old data or the new, never a mix or a double; see FactWriter for the write side.
 */
export class DynamoDbCostStore implements CostStore {
  private readonly writer: FactWriter;

  constructor(
    private readonly t: DynamoTable,
    private readonly o: DynamoDbCostStoreOptions = {},
  ) {
    this.writer = new FactWriter(t, {
      now: o.now ?? (() => new Date()),
      graceMs: o.graceMs ?? 15 * 60_000,
      leaseMs: o.leaseMs ?? 20 * 60_000,
    });
  }

  replaceFacts(record: ImportRecord, facts: AsyncIterable<CostFact> | Iterable<CostFact>): Promise<void> {
    return this.writer.replace(record, facts);
  }

  /** Live sub-account -> version per cell in [from, to], read before any fact item. */
  private async liveCells(from: string, to: string): Promise<Map<string, Record<string, string>>> {
    const cells = (
      await queryAll(this.t, {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': 'CELLS', ':a': from, ':b': `${to}\uffff` },
      })
    ).map(itemCell);
    const pending = [...new Set(cells.flatMap((c) => (c.nxt ? [c.nxt.importId] : [])))];
    const committed = await this.committedVersions(pending);
    const live = new Map<string, Record<string, string>>();
    for (const c of cells) live.set(cellSk(c.day, c.provider, c.account), resolve(c, committed));
    return live;
  }

  /** import id -> version, for the imports that are committed (or finalized). */
  private async committedVersions(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] = ids.slice(i, i + 100).map((id) => ({ pk: 'IMPORT', sk: id }));
      while (keys.length) {
        const r = await this.t.doc.send(
          new BatchGetCommand({ RequestItems: { [this.t.name]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const it of r.Responses?.[this.t.name] ?? []) {
          if (it.state === 'committed' || it.state === 'final')
            out.set(it.sk as string, it.version as string);
        }
        keys = (r.UnprocessedKeys?.[this.t.name]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      }
    }
    return out;
  }

  async queryFacts(q: FactQuery): Promise<CostFact[]> {
    if (q.providers?.length === 0 || q.models?.length === 0 || q.stages?.length === 0) return [];
    const live = await this.liveCells(q.from, q.to);
    const days = [
      ...new Set(
        [...live].filter(([, subs]) => Object.keys(subs).length).map(([k]) => k.split(SEP)[0] as string),
      ),
    ];
    let items: Item[];
    if (q.models) {
      // A model's range: the model index, then the same visibility check as a day's facts.
      const per = await mapLimit(q.models, READ_CONCURRENCY, (m) =>
        queryAll(this.t, {
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :m AND gsi1sk BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':m': `M#${m}`, ':a': q.from, ':b': `${q.to}\uffff` },
        }),
      );
      items = per.flat();
    } else {
      const per = await mapLimit(days.sort(), READ_CONCURRENCY, (day) =>
        queryAll(this.t, {
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': factPk(day) },
        }),
      );
      items = per.flat();
    }
    const visible = items.filter((i) => {
      const subs = live.get(cellSk(i.day as string, i.provider as string, i.account as string));
      return subs !== undefined && subs[itemCellKey(i)] === i.v;
    });
    const facts = visible
      .map((i) =>
        q.withBillingPeriod && typeof i.bp === 'string'
          ? { ...itemFact(i), billingPeriod: i.bp }
          : itemFact(i),
      )
      .filter(
        (f) =>
          (!q.providers || q.providers.includes(f.provider)) &&
          (!q.stages || q.stages.includes(f.stage)) &&
          f.day >= q.from &&
          f.day <= q.to,
      );
    if (!q.withBillingPeriod) return mergeFacts(facts);
    // Each billing period merged on its own, so facts of two periods with one key stay apart.
    const periods = new Map<string, CostFact[]>();
    for (const f of facts)
      periods.set(f.billingPeriod ?? '', [...(periods.get(f.billingPeriod ?? '') ?? []), f]);
    return [...periods.values()].flatMap((fs) => mergeFacts(fs));
  }

  async listImports(): Promise<ImportRecord[]> {
    const items = await queryAll(this.t, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'IMPORT' },
    });
    return items
      .filter((i) => i.state === 'committed' || i.state === 'final')
      .map((i) => ({
        id: i.sk as string,
        source: i.source as string,
        origin: i.origin as string,
        scopes: JSON.parse(i.scopes as string) as ImportScope[],
        importedAt: i.importedAt as string,
        rowCount: Number(i.rowCount),
        factCount: Number(i.factCount),
      }))
      .sort((a, b) => (a.importedAt === b.importedAt ? cmp(a.id, b.id) : cmp(a.importedAt, b.importedAt)));
  }

  /** Under the writer lock, finishes or rolls back what a crashed import left. */
  async recover(): Promise<void> {
    await this.writer.recover();
  }

  async close(): Promise<void> {
    this.o.onClose?.();
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function resolve(c: Cell, committed: Map<string, string>): Record<string, string> {
  if (c.nxt && committed.get(c.nxt.importId) === c.nxt.version) return c.nxt.subs;
  return c.cur;
}
