import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { DuckDbIdleAuditLog } from '../../src/store/duckdb/duckdb-idle-audit-log.js';
import { duckHarness } from '../helpers/store-harness.js';
import { idleAuditLogContract } from './idle-audit-log.contract.js';

idleAuditLogContract(
  'DuckDB',
  duckHarness((cost) => DuckDbIdleAuditLog.open(cost.connection)),
);

describe('DuckDbIdleAuditLog', () => {
  it('lives in the cost store file and leaves the cost data alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'costguard-audit-'));
    try {
      const store = await DuckDbCostStore.open(join(dir, 'x.duckdb'));
      await DuckDbIdleAuditLog.open(store.connection);
      await DuckDbIdleAuditLog.open(store.connection);
      expect(await store.queryFacts({ from: '2000-01-01', to: '2100-01-01' })).toEqual([]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
