import type { DuckDBConnection } from '@duckdb/node-api';
import type { CostLine } from '../../core/cost-line.js';
import { describeFile } from './formats/registry.js';
import { type ReadOptions, type ReadStats, readLines } from './line-reader.js';
import type { FormatName } from './line-source.js';

export { type FileKind, fileKind } from './file-input.js';
export type { ReadOptions, ReadStats } from './line-reader.js';

/**
 * Reads one billing export (CSV, gzip CSV, Parquet, JSONL) and yields its cost lines: as `format` when
 * given, else as its header shows. See readLines for the guarantees.
 */
export async function* readExportFile(
  conn: DuckDBConnection,
  file: string,
  options: ReadOptions & { format?: FormatName } = {},
): AsyncGenerator<CostLine, ReadStats> {
  const source = await describeFile(conn, file, options.format);
  return yield* readLines(conn, source, options);
}

/** Reads one FOCUS export (the format is not detected: a file that is not FOCUS fails on its columns). */
export function readFocusFile(
  conn: DuckDBConnection,
  file: string,
  options: ReadOptions = {},
): AsyncGenerator<CostLine, ReadStats> {
  return readExportFile(conn, file, { ...options, format: 'focus' });
}
