import { DuckDbAnomalyStore } from '../../src/store/duckdb/duckdb-anomaly-store.js';
import { duckHarness } from '../helpers/store-harness.js';
import { anomalyStoreContract } from './anomaly-store.contract.js';

anomalyStoreContract('DuckDB', duckHarness(DuckDbAnomalyStore.on));
