import type { ExportBatch, ExportFile, OpenExports } from '../../core/export-files.js';
import { openFileEngine } from './engine.js';
import { FileImportError } from './errors.js';
import { describeFile } from './formats/registry.js';
import { latestDay } from './limits.js';
import { readLines } from './line-reader.js';
import type { AmountsRole, FormatName, LineSource } from './line-source.js';

/**
 * The file import's reader (core OpenExports) on an in-memory DuckDB: describes every file, refuses a
 * batch of mixed formats, and gives each file its amounts role (Azure actual and amortized pairs).
 */
export const openExportFiles: OpenExports = async (files, format) => {
  const engine = await openFileEngine();
  const sources: LineSource[] = [];
  try {
    for (const file of files)
      sources.push(await describeFile(engine.conn, file, format as FormatName | undefined));
    const roles = amountRoles(sources);
    const variants = new Set(sources.map((s) => s.variant));
    const batch: ExportBatch = {
      format: oneFormat(sources),
      // Amortized cost alone: its billed column repeats the amortized amounts (see amountRoles).
      ...(variants.has('amortized') && !variants.has('actual') ? { billedUnavailable: true } : {}),
      files: sources.map(
        (source, i): ExportFile => ({
          file: source.input.file,
          bytes: source.input.bytes,
          ...(source.variant ? { variant: source.variant } : {}),
          read: ({ now, onProgress }) =>
            readLines(engine.conn, source, {
              amounts: roles[i] ?? 'both',
              latestDay: latestDay(now),
              ...(onProgress ? { onProgress } : {}),
            }),
        }),
      ),
      close: () => {
        for (const s of sources) s.input.cleanup?.();
        engine.close();
      },
    };
    return batch;
  } catch (e) {
    for (const s of sources) s.input.cleanup?.();
    engine.close();
    throw e;
  }
};

/**
 * One import reads one format: the same account's spend in two formats (a FOCUS and a CUR file of one
 * month) would count twice within the import, which the store's replace cannot undo.
 */
function oneFormat(sources: readonly LineSource[]): FormatName {
  const formats = [...new Set(sources.map((s) => s.format))];
  if (formats.length > 1) {
    const list = formats.map((f) => `${f} (${sources.find((s) => s.format === f)?.input.file})`).join(', ');
    const first = sources[0]?.input.file ?? '';
    throw new FileImportError(
      'MIXED_FORMATS',
      `these files are of different formats: ${list}. Import each format with its own costguard import.`,
      { file: first },
    );
  }
  return formats[0] ?? 'focus';
}

/**
 * Azure writes actual cost (what the invoice charges) and amortized cost (reservations and savings
 * plans spread over their usage) as two files of the same rows. Given both, the actual files give the
 * billed cost and the amortized ones the effective cost; given one kind, it gives both.
 */
function amountRoles(sources: readonly LineSource[]): AmountsRole[] {
  const has = (v: string) => sources.some((s) => s.variant === v);
  if (!has('actual') || !has('amortized')) return sources.map(() => 'both');
  return sources.map((s) =>
    s.variant === 'actual' ? 'billed' : s.variant === 'amortized' ? 'effective' : 'both',
  );
}
