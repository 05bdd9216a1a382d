// Child process for the store lock test: opens the DuckDB store (taking DuckDB's file lock, as any
// costguard command does), says "held", keeps it for the given milliseconds, then closes and exits.
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';

const [dbPath, holdMs] = process.argv.slice(2);
const store = await DuckDbCostStore.open(dbPath as string);
process.stdout.write('held\n');
await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
await store.close();
process.stdout.write('released\n');
