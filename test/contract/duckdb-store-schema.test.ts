import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import type { IdleAuditEntry } from '../../src/core/idle/ports.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { DuckDbIdleAuditLog } from '../../src/store/duckdb/duckdb-idle-audit-log.js';

const dir = mkdtempSync(join(tmpdir(), 'costguard-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLES = [
  'alert_messages',
  'allocations',
  'anomalies',
  'anomaly_marks',
  'budget_alerts',
  'cost_facts',
  'costguard_meta',
  'idle_audit',
  'idle_claims',
  'imports',
  'source_status',
  'sub_accounts',
  'tag_coverage',
];

const entry = (instanceId: string): IdleAuditEntry => ({
  runId: 'run-new',
  at: '2026-11-23T19:00:00.000Z',
  actor: 'cli:ana',
  mode: 'dry-run',
  provider: 'aws',
  account: '111122223333',
  region: 'us-east-1',
  instanceId,
  instanceType: 'g5.xlarge',
  action: 'stop',
  reasons: ['idle:gpu'],
  result: 'planned',
  currency: 'USD',
  savingsPerDay: 0n,
});

async function rows(store: DuckDbCostStore, sql: string): Promise<unknown[][]> {
  return (await store.connection.runAndReadAll(sql)).getRows();
}

describe('the DuckDB store schema', () => {
  it('has every table, and no sequence, as soon as a new file is opened, with the WAL checkpointed', async () => {
    const path = join(dir, 'fresh.duckdb');
    const store = await DuckDbCostStore.open(path);
    const tables = await rows(store, 'SELECT table_name FROM duckdb_tables() ORDER BY 1');
    expect(tables.map((r) => r[0])).toEqual(TABLES);
    expect(await rows(store, 'SELECT * FROM duckdb_sequences()')).toEqual([]);
    // Nothing of the schema waits in the WAL for a killed process to strand.
    expect(existsSync(`${path}.wal`) ? statSync(`${path}.wal`).size : 0).toBe(0);
    await store.close();
  });

  it('upgrades a version 2 file: idle_audit gains its rule column, old entries keep theirs without one', async () => {
    // Arrange: a version 2 file, whose idle_audit had no rule, with one entry
    const path = join(dir, 'v2.duckdb');
    const old = await DuckDbCostStore.open(path);
    await (await DuckDbIdleAuditLog.open(old.connection)).append([entry('i-old')]);
    await old.connection.run(`ALTER TABLE idle_audit DROP COLUMN rule;
      UPDATE costguard_meta SET value = '2' WHERE key = 'schema_version'; CHECKPOINT;`);
    await old.close();
    // Act
    const store = await DuckDbCostStore.open(path);
    const log = await DuckDbIdleAuditLog.open(store.connection);
    await log.append([{ ...entry('i-new'), rule: 'untagged-busy' }]);
    // Assess
    expect((await log.list()).map((e) => [e.instanceId, e.rule])).toEqual([
      ['i-old', undefined],
      ['i-new', 'untagged-busy'],
    ]);
    expect(await rows(store, "SELECT value FROM costguard_meta WHERE key = 'schema_version'")).toEqual([
      ['3'],
    ]);
    await store.close();
  });

  it('opens a file whose idle_audit numbered rows with a sequence, drops it and keeps the order', async () => {
    // Arrange: the idle tables as earlier versions created them (sequence default, no owner..gpus).
    const path = join(dir, 'legacy.duckdb');
    const old = await DuckDbCostStore.open(path);
    await old.connection.run(`
      DROP TABLE idle_audit;
      CREATE SEQUENCE idle_audit_seq;
      CREATE TABLE idle_audit (
        seq BIGINT DEFAULT nextval('idle_audit_seq') PRIMARY KEY, run_id VARCHAR NOT NULL,
        happened_at TIMESTAMPTZ NOT NULL, actor VARCHAR NOT NULL, mode VARCHAR NOT NULL,
        provider VARCHAR NOT NULL, account VARCHAR NOT NULL, region VARCHAR NOT NULL,
        instance_id VARCHAR NOT NULL, instance_type VARCHAR NOT NULL, action VARCHAR NOT NULL,
        reasons VARCHAR NOT NULL, result VARCHAR NOT NULL, error VARCHAR, hourly_cost DECIMAL(38, 12),
        currency VARCHAR NOT NULL, savings_per_day DECIMAL(38, 12) NOT NULL);
      INSERT INTO idle_audit (run_id, happened_at, actor, mode, provider, account, region, instance_id,
        instance_type, action, reasons, result, currency, savings_per_day)
      SELECT 'run-old', TIMESTAMPTZ '2026-11-22 19:00:00+00', 'cli:bo', 'dry-run', 'aws', '111122223333',
        'us-east-1', 'i-old-' || i, 'g5.xlarge', 'stop', '[]', 'planned', 'USD', 0 FROM range(3) t(i);
      UPDATE costguard_meta SET value = '2' WHERE key = 'schema_version';
      CHECKPOINT;`);
    await old.close();
    // Act
    const store = await DuckDbCostStore.open(path);
    await (await DuckDbIdleAuditLog.open(store.connection)).append([entry('i-new-0'), entry('i-new-1')]);
    const listed = await (await DuckDbIdleAuditLog.open(store.connection)).list();
    // Assess
    expect(listed.map((e) => e.instanceId)).toEqual(['i-old-0', 'i-old-1', 'i-old-2', 'i-new-0', 'i-new-1']);
    expect(await rows(store, 'SELECT * FROM duckdb_sequences()')).toEqual([]);
    expect(
      await rows(
        store,
        "SELECT column_default FROM duckdb_columns() WHERE table_name = 'idle_audit' AND column_name = 'seq'",
      ),
    ).toEqual([[null]]);
    await store.close();
    // The file still opens with plain DuckDB, as users query it.
    const plain = await DuckDBInstance.create(path);
    const c = await plain.connect();
    expect((await c.runAndReadAll('SELECT count(*) FROM idle_audit')).getRows()).toEqual([[5n]]);
    c.closeSync();
    plain.closeSync();
  });
});
