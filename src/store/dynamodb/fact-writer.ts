import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CostFact } from '../../core/cost-fact.js';
import { daysIn } from '../../core/day.js';
import { withinScopes } from '../../core/import-scopes.js';
import type { ImportRecord, ImportScope } from '../../core/ports.js';
import { StoreError } from '../errors.js';
import {
  type Cell,
  cellItem,
  cellKey,
  cellSk,
  factItem,
  factPk,
  factSkPrefix,
  itemCell,
  itemCellKey,
  replaceCell,
  superseded,
} from './fact-items.js';
import { batchWrite, type DynamoTable, type Item, queryAll, SEP } from './table.js';
import { acquireWriterLock, isConditionFailed, releaseWriterLock } from './write-lock.js';

export interface WriterOptions {
  now: () => Date;
  /** How long superseded items stay for readers that started before the switch. */
  graceMs: number;
  /** Lease of the writer lock; longer than the longest import (the Lambda timeout). */
  leaseMs: number;
}

/**
 * The write path of DynamoDbCostStore. One writer at a time (a lease item), so that cells are read
 * and written without races; readers never wait for it.
 *
 * 1. record the import as pending (and in the OPEN list), 2. write its facts under a fresh version,
 * 3. write each touched cell's `nxt`, 4. commit: one conditional write flips the import record to
 * committed, and from that instant every reader resolves the cells to the new version (the switch is
 * atomic however many days it covers: DynamoDB transactions stop at 100 items), 5. finalize: `nxt`
 * becomes `cur` and the superseded items are queued for deletion after a grace period. A crash before
 * 4 leaves a pending import that the next writer aborts (its items deleted); a crash after 4 leaves a
 * committed one that the next writer finalizes.
 */
export class FactWriter {
  constructor(
    private readonly t: DynamoTable,
    private readonly o: WriterOptions,
  ) {}

  async replace(record: ImportRecord, facts: AsyncIterable<CostFact> | Iterable<CostFact>): Promise<void> {
    const owner = randomUUID();
    await acquireWriterLock(this.t, owner, this.o.now().getTime(), this.o.leaseMs);
    try {
      await this.recover();
      const version = `${this.o.now().getTime().toString(36)}-${owner.slice(0, 8)}`;
      await this.putRecord(record, version, 'pending', 0);
      let written: { count: number; subs: Map<string, Set<string>> };
      try {
        written = await this.writeFacts(record, version, facts);
      } catch (e) {
        await this.abort(record.id, version, record.scopes);
        throw e;
      }
      const cells = await this.stageCells(record, version, written.subs);
      await this.putRecord(record, version, 'pending', written.count);
      try {
        await this.t.doc.send(
          new UpdateCommand({
            TableName: this.t.name,
            Key: { pk: 'IMPORT', sk: record.id },
            UpdateExpression: 'SET #s = :c',
            ConditionExpression: '#s = :p AND #v = :v',
            ExpressionAttributeNames: { '#s': 'state', '#v': 'version' },
            ExpressionAttributeValues: { ':c': 'committed', ':p': 'pending', ':v': version },
          }),
        );
      } catch (e) {
        if (!isConditionFailed(e)) throw e;
        throw new StoreError(
          'IMPORT_LOST',
          `import ${record.id} took longer than the writer lease and was aborted by another writer; run it again.`,
          { cause: e },
        );
      }
      await this.finalize(record.id, version, cells);
    } finally {
      await releaseWriterLock(this.t, owner);
    }
  }

  private async putRecord(r: ImportRecord, version: string, state: string, factCount: number) {
    await batchWrite(this.t, [
      {
        put: {
          pk: 'IMPORT',
          sk: r.id,
          state,
          version,
          source: r.source,
          origin: r.origin,
          scopes: JSON.stringify(r.scopes),
          importedAt: r.importedAt,
          rowCount: r.rowCount,
          factCount,
        },
      },
      { put: { pk: 'OPEN', sk: r.id, version } },
    ]);
  }

  private async writeFacts(
    record: ImportRecord,
    version: string,
    facts: AsyncIterable<CostFact> | Iterable<CostFact>,
  ) {
    // Sub-accounts with facts per (provider, account, day): what each cell will point to.
    const subs = new Map<string, Set<string>>();
    let batch: { put: Item }[] = [];
    let count = 0;
    for await (const f of facts) {
      if (!withinScopes(f, record.scopes)) {
        throw new StoreError(
          'FACT_OUTSIDE_SCOPE',
          `fact for ${f.provider}/${f.billingAccountId} on ${f.day} lies outside the import's scopes`,
        );
      }
      const key = cellSk(f.day, f.provider, f.billingAccountId);
      const set = subs.get(key) ?? new Set<string>();
      set.add(cellKey(f.subAccountId, f.billingPeriod));
      subs.set(key, set);
      batch.push({ put: factItem(f, version, count++) });
      if (batch.length === 500) {
        await batchWrite(this.t, batch);
        batch = [];
      }
    }
    await batchWrite(this.t, batch);
    return { count, subs };
  }

  private async getCell(day: string, provider: string, account: string): Promise<Cell> {
    const r = await this.t.doc.send(
      new GetCommand({
        TableName: this.t.name,
        Key: { pk: 'CELLS', sk: cellSk(day, provider, account) },
        ConsistentRead: true,
      }),
    );
    return r.Item ? itemCell(r.Item) : { day, provider, account, cur: {} };
  }

  private async stageCells(record: ImportRecord, version: string, subs: Map<string, Set<string>>) {
    const cells = new Map<string, Cell>();
    for (const scope of record.scopes) {
      for (const day of daysIn(scope)) {
        const key = cellSk(day, scope.provider, scope.billingAccountId);
        const cell = cells.get(key) ?? (await this.getCell(day, scope.provider, scope.billingAccountId));
        const base = cell.nxt?.subs ?? cell.cur;
        const next = replaceCell(base, scope, subs.get(key) ?? new Set(), version, day);
        cells.set(key, { ...cell, nxt: { importId: record.id, version, subs: next } });
      }
    }
    await batchWrite(
      this.t,
      [...cells.values()].map((c) => ({ put: cellItem(c) })),
    );
    return [...cells.values()];
  }

  private async finalize(importId: string, version: string, cells: readonly Cell[]): Promise<void> {
    const deleteAfter = new Date(this.o.now().getTime() + this.o.graceMs).toISOString();
    const gc: { put: Item }[] = [];
    const promoted: { put: Item }[] = [];
    for (const c of cells) {
      if (c.nxt?.version !== version) continue;
      for (const { sub, version: old } of superseded(c.cur, c.nxt.subs)) {
        gc.push({
          put: {
            pk: 'GC',
            sk: `${deleteAfter}${SEP}${c.day}${SEP}${c.provider}${SEP}${c.account}${SEP}${old}${SEP}${sub}`,
            day: c.day,
            provider: c.provider,
            account: c.account,
            version: old,
            sub,
          },
        });
      }
      promoted.push({
        put: cellItem({ day: c.day, provider: c.provider, account: c.account, cur: c.nxt.subs }),
      });
    }
    await batchWrite(this.t, gc);
    await batchWrite(this.t, promoted);
    await batchWrite(this.t, [
      { put: { ...(await this.record(importId)), state: 'final' } },
      { delete: { pk: 'OPEN', sk: importId } },
    ]);
    if (this.o.graceMs === 0) await this.collect();
  }

  private async record(id: string): Promise<Item> {
    const r = await this.t.doc.send(
      new GetCommand({ TableName: this.t.name, Key: { pk: 'IMPORT', sk: id }, ConsistentRead: true }),
    );
    return r.Item ?? {};
  }

  private cellsOf(scopes: readonly ImportScope[]) {
    return scopes.flatMap((s) =>
      daysIn(s).map((day) => ({ day, provider: s.provider, account: s.billingAccountId })),
    );
  }

  /** Removes a failed or crashed import: its cells' `nxt`, its items, its record. */
  private async abort(
    importId: string,
    version: string,
    scopes: readonly ImportScope[],
    deleteRecord = true,
  ): Promise<void> {
    for (const { day, provider, account } of this.cellsOf(scopes)) {
      const cell = await this.getCell(day, provider, account);
      if (cell.nxt?.version === version)
        await batchWrite(this.t, [{ put: cellItem({ ...cell, nxt: undefined }) }]);
      await this.deleteItems(day, provider, account, version);
    }
    await batchWrite(this.t, [
      ...(deleteRecord ? [{ delete: { pk: 'IMPORT', sk: importId } }] : []),
      { delete: { pk: 'OPEN', sk: importId } },
    ]);
  }

  private async deleteItems(day: string, provider: string, account: string, version: string, sub?: string) {
    const items = await queryAll(this.t, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': factPk(day), ':p': factSkPrefix(provider, account, version) },
      ProjectionExpression: 'pk, sk, #sub, bp',
      ExpressionAttributeNames: { '#sub': 'sub' },
    });
    // `sub` is a cell key: the sub-account, with the billing period when the facts have one.
    const doomed = sub === undefined ? items : items.filter((i) => itemCellKey(i) === sub);
    await batchWrite(
      this.t,
      doomed.map((i) => ({ delete: { pk: i.pk as string, sk: i.sk as string } })),
    );
  }

  /** Under the lock: finishes what a crashed writer left (committed: finalize; pending: abort), then GC. */
  async recover(): Promise<void> {
    for (const open of await queryAll(this.t, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'OPEN' },
    })) {
      const rec = await this.record(open.sk as string);
      const version = open.version as string;
      const scopes: ImportScope[] = typeof rec.scopes === 'string' ? JSON.parse(rec.scopes) : [];
      if (rec.state === 'committed' && rec.version === version) {
        const cells = await Promise.all(
          this.cellsOf(scopes).map((c) => this.getCell(c.day, c.provider, c.account)),
        );
        await this.finalize(open.sk as string, version, cells);
      } else {
        // A record re-imported under the same id since then is not this version's to delete.
        await this.abort(open.sk as string, version, scopes, rec.version === version);
      }
    }
    await this.collect();
  }

  /** Deletes superseded items whose grace period is over. */
  private async collect(): Promise<void> {
    const due = await queryAll(this.t, {
      KeyConditionExpression: 'pk = :pk AND sk <= :now',
      ExpressionAttributeValues: { ':pk': 'GC', ':now': `${this.o.now().toISOString()}\uffff` },
    });
    for (const g of due) {
      await this.deleteItems(
        g.day as string,
        g.provider as string,
        g.account as string,
        g.version as string,
        g.sub as string,
      );
      await batchWrite(this.t, [{ delete: { pk: 'GC', sk: g.sk as string } }]);
    }
  }
}
