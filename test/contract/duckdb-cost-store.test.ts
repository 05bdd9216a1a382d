import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { scopesOf } from '../../src/core/import-scopes.js';
import { parseMoney } from '../../src/core/money.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { FACT_COLUMNS } from '../../src/store/duckdb/schema.js';
import { fact } from '../helpers/facts.js';
import { costStoreContract } from './cost-store.contract.js';

costStoreContract('DuckDB', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'costguard-store-'));
  const path = join(dir, 'costguard.duckdb');
  return {
    open: () => DuckDbCostStore.open(path),
    reopen: () => DuckDbCostStore.open(path),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('DuckDB store schema migration', () => {
  it('opens a version 1 file: its facts stay, with no billing period, and a period import replaces them', async () => {
    // Prepare: a version 1 file (cost_facts without billing_period) holding one fact
    const dir = mkdtempSync(join(tmpdir(), 'costguard-migrate-'));
    const path = join(dir, 'v1.duckdb');
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    const v1Columns = FACT_COLUMNS.filter(([n]) => n !== 'billing_period')
      .map(([n, t]) => `${n} ${t} NOT NULL`)
      .join(', ');
    await conn.run(`CREATE TABLE costguard_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
      INSERT INTO costguard_meta VALUES ('schema_version', '1');
      CREATE TABLE cost_facts (${v1Columns});
      INSERT INTO cost_facts VALUES ('focus', DATE '2026-10-02', 'AWS', '111111111111', '222222222222',
        'Amazon Elastic Compute Cloud', 'us-east-1', 'm', 's', 'USD', 'tag:model', 'tag:stage', 5, 5, 5, 1);`);
    conn.closeSync();
    instance.closeSync();

    // Act
    const store = await DuckDbCostStore.open(path);
    try {
      const before = await store.queryFacts({ from: '2026-10-01', to: '2026-10-31' });
      const october = [fact({ day: '2026-10-03', billed: '7', billingPeriod: '2026-10-01' })];
      await store.replaceFacts(
        {
          id: 'period-import',
          source: 'focus',
          origin: 'test',
          scopes: scopesOf(october, new Map([['2026-10-01', '2026-10-31']])),
          importedAt: '2026-11-01T00:00:00.000Z',
          rowCount: 1,
          factCount: 1,
        },
        october,
      );
      const after = await store.queryFacts({ from: '2026-10-01', to: '2026-10-31' });

      // Assess
      expect(before.map((f) => f.billedCost)).toEqual([parseMoney('5')]);
      expect(after.map((f) => [f.day, f.billedCost])).toEqual([['2026-10-03', parseMoney('7')]]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
