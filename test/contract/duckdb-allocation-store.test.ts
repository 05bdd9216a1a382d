import { DuckDbAllocationStore } from '../../src/store/duckdb/duckdb-allocation-store.js';
import { duckHarness } from '../helpers/store-harness.js';
import { allocationStoreContract } from './allocation-store.contract.js';

allocationStoreContract('DuckDB', duckHarness(DuckDbAllocationStore.on));
