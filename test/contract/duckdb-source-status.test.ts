import { DuckDbSourceStatusStore } from '../../src/store/duckdb/duckdb-source-status.js';
import { duckHarness } from '../helpers/store-harness.js';
import { sourceStatusContract } from './source-status.contract.js';

sourceStatusContract('DuckDB', duckHarness(DuckDbSourceStatusStore.on));
