import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export interface FileEngine {
  conn: DuckDBConnection;
  close(): void;
}

/**
 * An in-memory DuckDB used only to read export files (CSV, gzip, Parquet) with its own readers. It is
 * separate from the store, so any CostStore (DuckDB or DynamoDB) can sit behind an import. The memory
 * limit keeps a large import's aggregation bounded; beyond it DuckDB spills to the temp directory.
 */
export async function openFileEngine(
  options: { memoryLimit?: string; threads?: number } = {},
): Promise<FileEngine> {
  const settings: Record<string, string> = {
    memory_limit: options.memoryLimit ?? '1GB',
    temp_directory: join(tmpdir(), 'costguard-duckdb'),
  };
  if (options.threads) settings.threads = String(options.threads);
  const instance = await DuckDBInstance.create(':memory:', settings);
  const conn = await instance.connect();
  // Charge periods are instants; a day is the UTC day of the period's start.
  await conn.run("SET TimeZone = 'UTC'");
  // DuckDB tracks a query's progress (conn.progress, which drives the import progress bar) only with
  // its progress bar enabled; printing stays off, we draw our own.
  await conn.run(
    'SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0',
  );
  return {
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
