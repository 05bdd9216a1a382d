import type { DuckDBConnection } from '@duckdb/node-api';
import { FileImportError } from '../errors.js';
import { type FileInput, openInput } from '../file-input.js';
import type { FormatName, LineSource } from '../line-source.js';
import { awsCur2Format, awsCurFormat } from './aws-cur.js';

import { azureCostFormat } from './azure-cost.js';
import { focusFormat } from './focus.js';
import { type ExportFormat, headerSet } from './format.js';
import { gcpExportFormat } from './gcp-export.js';

/**
 * Format name -> reader. Detection tries them in this order: legacy CUR before CUR 2.0, because a
 * legacy CUR in Parquet shares CUR 2.0's snake_case names and differs only by its tag columns.
 */
export const EXPORT_FORMATS: ReadonlyMap<FormatName, ExportFormat> = new Map(
  [focusFormat, awsCurFormat, awsCur2Format, gcpExportFormat, azureCostFormat].map((f) => [f.name, f]),
);

/**
 * Opens an export file and describes how to read it: as `format` when given, else as the format its
 * header shows. Throws FileImportError when the file is missing, unreadable or of no known format.
 */
export async function describeFile(
  conn: DuckDBConnection,
  file: string,
  format?: FormatName,
): Promise<LineSource> {
  const input = await openInput(conn, file);
  try {
    return await describeInput(conn, input, format);
  } catch (e) {
    input.cleanup?.();
    throw e;
  }
}

async function describeInput(
  conn: DuckDBConnection,
  input: FileInput,
  format?: FormatName,
): Promise<LineSource> {
  const file = input.file;
  const header = headerSet(input);
  const chosen = format
    ? EXPORT_FORMATS.get(format)
    : [...EXPORT_FORMATS.values()].find((f) => f.detect(header));
  if (!chosen) {
    // A truncated gzip may show no header at all: say that rather than "not a billing export".
    await input.integrity;
    const names = input.columns.map((c) => c.name);
    throw new FileImportError(
      'UNKNOWN_FORMAT',
      `${file}: not a billing export costguard knows. The header has: ${names.slice(0, 12).join(', ')}` +
        `${names.length > 12 ? ', ...' : ''}. costguard import reads FOCUS, AWS CUR 2.0 and legacy CUR, ` +
        'the Google Cloud billing export and Azure cost details; pass --format if detection is wrong.',
      { file },
    );
  }
  try {
    return await chosen.describe(conn, input);
  } catch (e) {
    await input.integrity;
    throw e;
  }
}
