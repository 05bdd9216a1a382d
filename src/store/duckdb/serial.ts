import type { DuckDBConnection } from '@duckdb/node-api';

// One DuckDB connection holds one transaction at a time, and the cost, anomaly and idle audit stores
// share the CLI's connection. Every call that touches it queues here, per connection, so two calls at
// once neither nest transactions ("cannot start a transaction within a transaction") nor slip a
// statement into another call's open transaction. A queued call must not itself queue on the same
// connection (it would wait for itself).
const queues = new WeakMap<DuckDBConnection, Promise<unknown>>();

export function exclusive<T>(db: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(db) ?? Promise.resolve()).then(fn, fn);
  queues.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}
