import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scopesOf } from '../../src/core/import-scopes.js';
import { parseMoney } from '../../src/core/money.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { crashFacts } from '../helpers/facts.js';

const dir = mkdtempSync(join(tmpdir(), 'costguard-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a process killed during an import', () => {
  it('leaves the store with the old data or the new, never a mix', async () => {
    // Prepare: 100,000 facts of 1.00 each
    const db = join(dir, 'crash.duckdb');
    const old = crashFacts('1');
    const store = await DuckDbCostStore.open(db);
    await store.replaceFacts(
      {
        id: 'old',
        source: 'focus',
        origin: 'seed',
        scopes: scopesOf(old),
        importedAt: '2026-11-01T00:00:00.000Z',
        rowCount: 1,
        factCount: old.length,
      },
      old,
    );
    await store.close();
    const oldTotal = parseMoney('100000');
    const newTotal = parseMoney('200000');
    let killed = 0;
    // Act: kill the importing child at spread-out moments; whichever phase each lands in, the
    // store must afterwards hold exactly one complete version.
    for (const delay of [0, 100, 300, 600, 900, 1500]) {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'test/helpers/crash-child.ts', db, String(delay), '2'],
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      if (child.signal === 'SIGKILL') killed += 1;
      const after = await DuckDbCostStore.open(db);
      const facts = await after.queryFacts({ from: '2026-10-01', to: '2026-10-31' });
      await after.close();
      const total = facts.reduce((a, f) => a + f.billedCost, 0n);
      // Assess
      expect(facts).toHaveLength(100_000);
      expect([oldTotal, newTotal]).toContain(total);
    }
    expect(killed).toBeGreaterThan(0);
  });
});
