import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostFact } from '../../../../src/core/cost-fact.js';
import { scopesOf } from '../../../../src/core/import-scopes.js';
import { parseMoney } from '../../../../src/core/money.js';
import type { ImportRecord } from '../../../../src/core/ports.js';
import { DynamoDbCostStore } from '../../../../src/store/dynamodb/dynamodb-cost-store.js';
import type { DynamoTable } from '../../../../src/store/dynamodb/table.js';
import { type LocalDynamo, startDynalite } from '../../../helpers/dynalite.js';
import { fact } from '../../../helpers/facts.js';

// The versioned write path of the DynamoDB store, beyond the contract: what readers see while an
// import is half-way, what a crashed writer leaves, and when superseded items go.

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.close());

const rec = (id: string, facts: CostFact[]): ImportRecord => ({
  id,
  source: 'aws-ce',
  origin: 'test',
  scopes: scopesOf(facts),
  importedAt: '2026-11-01T00:00:00.000Z',
  rowCount: facts.length,
  factCount: facts.length,
});
const month = (billed: string) =>
  Array.from({ length: 31 }, (_, i) => fact({ day: `2026-10-${String(i + 1).padStart(2, '0')}`, billed }));
const total = async (s: DynamoDbCostStore) =>
  (await s.queryFacts({ from: '2026-10-01', to: '2026-10-31' })).reduce((a, f) => a + f.billedCost, 0n);
async function factItems(t: DynamoTable): Promise<number> {
  const r = await t.doc.send(new ScanCommand({ TableName: t.name }));
  return (r.Items ?? []).filter((i) => String(i.pk).startsWith('F#')).length;
}

describe('DynamoDbCostStore versions', () => {
  it('readers see the old data while an import is half-way, and the new data once it commits', async () => {
    // Prepare
    const t = await dynamo.createTable();
    const store = new DynamoDbCostStore(t, { graceMs: 0 });
    await store.replaceFacts(rec('a', month('1')), month('1'));
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    async function* slow() {
      const facts = month('2');
      for (const [i, f] of facts.entries()) {
        if (i === 20) await gate;
        yield f;
      }
    }
    // Act
    const running = store.replaceFacts(rec('b', month('2')), slow());
    await new Promise((r) => setTimeout(r, 200));
    const during = await total(store);
    release();
    await running;
    // Assess
    expect(during).toBe(parseMoney('31'));
    expect(await total(store)).toBe(parseMoney('62'));
    expect(await factItems(t)).toBe(31);
  });

  it('a writer that died half-way leaves the old data, and the next writer removes its items', async () => {
    // Prepare: a writer whose facts never finish, as if its Lambda timed out
    const t = await dynamo.createTable();
    let now = new Date('2026-11-01T00:00:00Z');
    const clock = () => now;
    const first = new DynamoDbCostStore(t, { graceMs: 0, leaseMs: 60_000, now: clock });
    await first.replaceFacts(rec('a', month('1')), month('1'));
    async function* hangs() {
      yield* month('5').slice(0, 10);
      await new Promise(() => {});
    }
    void first.replaceFacts(rec('dead', month('5')), hangs());
    await new Promise((r) => setTimeout(r, 300));
    // Act: another writer, after the lease ran out
    const other = new DynamoDbCostStore(t, { graceMs: 0, leaseMs: 60_000, now: clock });
    await expect(other.replaceFacts(rec('c', month('3')), month('3'))).rejects.toMatchObject({
      code: 'STORE_BUSY',
    });
    expect(await total(other)).toBe(parseMoney('31'));
    now = new Date('2026-11-01T00:02:00Z');
    await other.recover();
    // Assess
    expect(await total(other)).toBe(parseMoney('31'));
    expect(await factItems(t)).toBe(31);
    expect((await other.listImports()).map((i) => i.id)).toEqual(['a']);
  });

  it('keeps superseded items through the grace period for readers already running, then deletes them', async () => {
    const t = await dynamo.createTable();
    let now = new Date('2026-11-01T00:00:00Z');
    const store = new DynamoDbCostStore(t, { graceMs: 15 * 60_000, now: () => now });
    await store.replaceFacts(rec('a', month('1')), month('1'));
    await store.replaceFacts(rec('b', month('2')), month('2'));
    expect(await total(store)).toBe(parseMoney('62'));
    expect(await factItems(t)).toBe(62);
    now = new Date('2026-11-01T00:16:00Z');
    await store.recover();
    expect(await factItems(t)).toBe(31);
    expect(await total(store)).toBe(parseMoney('62'));
  });
});
