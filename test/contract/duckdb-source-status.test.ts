import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { DuckDbSourceStatusStore } from '../../src/store/duckdb/duckdb-source-status.js';
import { sourceStatusContract } from './source-status.contract.js';

sourceStatusContract('DuckDB', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'costguard-status-'));
  const path = join(dir, 'costguard.duckdb');
  let open: DuckDbCostStore | undefined;
  const openStatus = async () => {
    await open?.close();
    open = await DuckDbCostStore.open(path);
    return DuckDbSourceStatusStore.on(open);
  };
  return {
    open: openStatus,
    reopen: openStatus,
    cleanup: async () => {
      await open?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
