import { FileImportError } from './errors.js';

// DuckDB's CSV reader reports conversion errors as
//   CSV Error on Line: 4 ... Error when converting column "BilledCost". Could not convert string "abc" to 'DECIMAL'
// and structural errors (wrong number of fields, bad quoting) with the same "on Line" prefix.
const LINE_RE = /CSV Error on Line: (\d+)/;
const COLUMN_RE = /converting column "([^"]+)"/;
const VALUE_RE = /Could not convert string "(.*?)" to '([A-Z]+)/;

const TYPE_WORDS: Record<string, string> = {
  DECIMAL: 'a decimal amount',
  TIMESTAMP: 'a timestamp',
  JSON: 'a JSON object',
};

/** Turns a DuckDB read error into a FileImportError naming the file, line and column. */
export function fileErrorFromDuckDb(file: string, cause: unknown): FileImportError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const line = LINE_RE.exec(message)?.[1];
  const column = COLUMN_RE.exec(message)?.[1];
  const value = VALUE_RE.exec(message);
  const where = { file, ...(line ? { line: Number(line) } : {}), ...(column ? { column } : {}) };
  const at = [file, line && `line ${line}`, column && `column ${column}`].filter(Boolean).join(', ');
  if (value) {
    const [, text, type = ''] = value;
    const expected = TYPE_WORDS[type] ?? type.toLowerCase();
    const shown = text === '' ? 'an empty value' : `"${text}"`;
    return new FileImportError('BAD_VALUE', `${at}: ${shown} is not ${expected}.`, where, { cause });
  }
  const first = message.split('\n').find((l) => l.trim() !== '' && !LINE_RE.test(l)) ?? message;
  return new FileImportError(
    line ? 'BAD_VALUE' : 'UNREADABLE_FILE',
    `${at}: ${first.replace(/^[A-Za-z ]+Error: /, '')}`,
    where,
    { cause },
  );
}
