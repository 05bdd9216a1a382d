import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { DuckDbSubAccountStore } from '../../src/store/duckdb/duckdb-sub-accounts.js';
import { DuckDbTagCoverageStore } from '../../src/store/duckdb/duckdb-tag-coverage.js';
import { subAccountContract } from './sub-accounts.contract.js';
import { tagCoverageContract } from './tag-coverage.contract.js';

/** A DuckDB file reopened on demand, with a companion store on the cost store's connection. */
function duckHarness<T>(on: (s: DuckDbCostStore) => Promise<T>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'costguard-companion-'));
    const path = join(dir, 'costguard.duckdb');
    let open: DuckDbCostStore | undefined;
    const reopen = async () => {
      await open?.close();
      open = await DuckDbCostStore.open(path);
      return on(open);
    };
    return {
      open: reopen,
      reopen,
      cleanup: async () => {
        await open?.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
}

tagCoverageContract('DuckDB', duckHarness(DuckDbTagCoverageStore.on));
subAccountContract('DuckDB', duckHarness(DuckDbSubAccountStore.on));
