import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
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
