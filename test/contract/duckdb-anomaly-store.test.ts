import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbAnomalyStore } from '../../src/store/duckdb/duckdb-anomaly-store.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { anomalyStoreContract } from './anomaly-store.contract.js';

anomalyStoreContract('DuckDB', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'costguard-anomaly-'));
  const path = join(dir, 'costguard.duckdb');
  let cost: DuckDbCostStore | undefined;
  const open = async () => {
    await cost?.close();
    cost = await DuckDbCostStore.open(path);
    return DuckDbAnomalyStore.on(cost);
  };
  return {
    open,
    reopen: open,
    cleanup: async () => {
      await cost?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
