import { DuckDbSubAccountStore } from '../../src/store/duckdb/duckdb-sub-accounts.js';
import { DuckDbTagCoverageStore } from '../../src/store/duckdb/duckdb-tag-coverage.js';
import { duckHarness } from '../helpers/store-harness.js';
import { subAccountContract } from './sub-accounts.contract.js';
import { tagCoverageContract } from './tag-coverage.contract.js';

tagCoverageContract('DuckDB', duckHarness(DuckDbTagCoverageStore.on));
subAccountContract('DuckDB', duckHarness(DuckDbSubAccountStore.on));
