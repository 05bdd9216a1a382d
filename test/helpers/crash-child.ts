// Child process for the crash test: replaces the store's facts and is SIGKILLed by itself after a delay,
// wherever the import happens to be (appending, inside the transaction, or already committed).
import { scopesOf } from '../../src/core/import-scopes.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { crashFacts } from './facts.js';

const [dbPath, delayMs, billed] = process.argv.slice(2);
const store = await DuckDbCostStore.open(dbPath as string);
const facts = crashFacts(billed as string);
setTimeout(() => process.kill(process.pid, 'SIGKILL'), Number(delayMs));
await store.replaceFacts(
  {
    id: `crash-${delayMs}`,
    source: 'focus',
    origin: 'crash',
    scopes: scopesOf(facts),
    importedAt: new Date().toISOString(),
    rowCount: facts.length,
    factCount: facts.length,
  },
  facts,
);
await store.close();
process.stdout.write('committed\n');
