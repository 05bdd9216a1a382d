import { DuckDbAllocationStore } from '../../src/store/duckdb/duckdb-allocation-store.js';
import { duckHarness } from '../helpers/store-harness.js';
import { clusterSplitContract } from './cluster-split.contract.js';

clusterSplitContract(
  'DuckDB',
  duckHarness(async (cost) => ({ cost, allocations: await DuckDbAllocationStore.on(cost) })),
);
