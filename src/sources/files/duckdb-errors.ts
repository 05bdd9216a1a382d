import {
  type CsvDialect,
  firstNonJsonLine,
  lineOfLongRecord,
  lineOfRecord,
  RFC_DIALECT,
  rawHeader,
  type WrongWidth,
  widthCheck,
} from './csv-scan.js';
import { FileImportError } from './errors.js';
import { MAX_AMOUNT_TEXT, tooLarge } from './limits.js';

// DuckDB's CSV reader reports conversion errors as
//   CSV Error on Line: 4 ... Error when converting column "BilledCost". Could not convert string "abc" to 'DECIMAL'
// and structural errors (wrong number of fields, bad quoting, an overlong line) with the same "on Line"
// prefix, where the "line" is the record number (a quoted newline is not counted) and "Original Line"
// quotes the record, however long. Messages here say what is wrong in words and quote at most an excerpt.
const LINE_RE = /CSV Error on Line: (\d+)/;
const COLUMN_RE = /converting column "([^"]+)"/;
const VALUE_RE = /Could not convert string "(.*?)" to '([A-Z]+)/s;
const ORIGINAL_RE = /Original Line: ?([^\n]*)/;
const LONG_RE = /Maximum line size of (\d+) bytes exceeded\. Actual Size: ?(\d+)/;
const COUNT_RE = /Expected Number of Columns: (\d+) Found: (\d+)/;

const TYPE_WORDS: Record<string, string> = {
  DECIMAL: 'a decimal amount',
  TIMESTAMP: 'a timestamp',
  JSON: 'a JSON object',
};

/** At most `max` characters of input, quoted, with line breaks shown as \n: never a whole field. */
export function excerpt(text: string, max = 60, counted = true): string {
  const flat = text.replaceAll('\r', '\\r').replaceAll('\n', '\\n');
  if (flat.length <= max) return `"${flat}"`;
  return `"${flat.slice(0, max)}..."${counted ? ` (${text.length} characters)` : ''}`;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

/**
 * Turns a DuckDB read error into a FileImportError naming the file, line and column. `line`, when
 * given, is the physical line (see fileErrorOfCsv) and replaces DuckDB's record number.
 */
export function fileErrorFromDuckDb(
  file: string,
  cause: unknown,
  physicalLine?: number,
  header?: readonly string[],
): FileImportError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const record = LINE_RE.exec(message)?.[1];
  const line = physicalLine ?? (record ? Number(record) : undefined);
  const column = COLUMN_RE.exec(message)?.[1];
  const value = VALUE_RE.exec(message);
  const where = { file, ...(line ? { line } : {}), ...(column ? { column } : {}) };
  const at = [file, line && `line ${line}`, column && `column ${column}`].filter(Boolean).join(', ');
  const bad = (what: string) => new FileImportError('BAD_VALUE', `${at}: ${what}`, where, { cause });
  if (value) {
    const [, text = '', type = ''] = value;
    const shown = text === '' ? 'an empty value' : excerpt(text);
    if (type === 'DECIMAL' && tooLarge(text))
      return bad(`${shown} is beyond the largest amount costguard accepts (${MAX_AMOUNT_TEXT}).`);
    return bad(`${shown} is not ${TYPE_WORDS[type] ?? type.toLowerCase()}.`);
  }
  const original = ORIGINAL_RE.exec(message)?.[1];
  const starts = original ? ` The line starts ${excerpt(original, 40, false)}.` : '';
  const long = LONG_RE.exec(message);
  if (long) {
    const [, limit = '0', size = '0'] = long;
    return bad(
      `this line is ${mb(Number(size))} long, more than the ${mb(Number(limit))} a line may have: no billing ` +
        `field is that long (a corrupt file, or a quote that is never closed?).${starts}`,
    );
  }
  if (/unterminated quote/i.test(message)) {
    return bad(
      'a quoted field that starts on this line is never closed (unterminated quote): the file is truncated, ' +
        `or a quote inside a field is not doubled.${starts}`,
    );
  }
  const count = COUNT_RE.exec(message);
  if (count) {
    const [, expected = '0', found = '0'] = count;
    const short = Number(found) < Number(expected);
    const why = short
      ? 'the file ends in the middle of a line (truncated?) or a line is cut short'
      : 'a value holds the delimiter without quotes';
    // With the header at hand: where the line stops, so the reader can see which value went missing.
    const last = header?.[Number(found) - 1];
    const next = header?.[Number(found)];
    const read =
      short && last !== undefined
        ? ` The last column read is ${JSON.stringify(last)}${next === undefined ? '' : `; ${JSON.stringify(next)} and after have no value`}.`
        : '';
    return bad(`this line has ${found} fields where the header has ${expected}: ${why}.${read}${starts}`);
  }
  if (/Sniffer detected value different than the user input for the Header/.test(message)) {
    return new FileImportError(
      'UNREADABLE_FILE',
      `${file}: the file has no header row (is it empty?).`,
      where,
      {
        cause,
      },
    );
  }
  if (/Overflow|out of range/i.test(message) && /HUGEINT|INT128|DECIMAL/i.test(message)) {
    return new FileImportError(
      'BAD_VALUE',
      `${at}: the amounts are too large to add up; costguard accepts amounts up to ${MAX_AMOUNT_TEXT}.`,
      where,
      { cause },
    );
  }
  const first = message.split('\n').find((l) => l.trim() !== '' && !LINE_RE.test(l)) ?? message;
  const text = first.replace(/^[A-Za-z ]+Error: /, '');
  return new FileImportError(
    line ? 'BAD_VALUE' : 'UNREADABLE_FILE',
    `${at}: ${text.length > 300 ? `${text.slice(0, 300)}...` : text}`,
    where,
    { cause },
  );
}

/**
 * DuckDB's whole message on one line, without its dump of the reader's options (`  file = ...`), which
 * only repeats what costguard asked for.
 */
export function duckDbReason(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  return message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^[a-z_]+ = /.test(l))
    .join(' ')
    .replace(/^[A-Za-z ]+Error: /, '');
}

/**
 * A line with another number of fields than the header: where, how many, and the last column read
 * (its name and value), which shows where the line parts from the header.
 */
export function wrongWidthError(
  file: string,
  header: readonly string[] | undefined,
  w: WrongWidth,
  cause?: unknown,
): FileImportError {
  const name = (i: number) => header?.[i] ?? `column ${i + 1}`;
  const last = Math.min(w.found, w.expected) - 1;
  const column = name(last);
  const read = `the last column read is ${column} (${excerpt(w.values[last] ?? '', 40)})`;
  const why =
    w.found < w.expected
      ? `nothing for ${name(w.found)}${w.expected - w.found > 1 ? ` and the ${w.expected - w.found - 1} column(s) after it` : ''}: the line is cut short (a truncated file?) or the exporter wrote fewer columns than its header`
      : `${w.found - w.expected} value(s) after it, starting ${excerpt(w.values[w.expected] ?? '', 40)}: a value holds the delimiter without quotes, or the header lacks columns`;
  return new FileImportError(
    'BAD_VALUE',
    `${file}, line ${w.line}: this line has ${w.found} fields where the header has ${w.expected}; ${read}, ${why}.`,
    { file, line: w.line, column },
    { cause },
  );
}

/**
 * A JSONL line that is not JSON at all. DuckDB's line number for it is one past the line (1.5), so
 * the line is found by parsing the file's lines in Node; DuckDB's number stands when that finds none.
 */
export async function fileErrorOfJsonl(file: string, cause: unknown): Promise<FileImportError> {
  const message = cause instanceof Error ? cause.message : String(cause);
  const m = /Malformed JSON in file "[^"]*", at byte \d+ in line (\d+): ([^\n]*)/.exec(message);
  if (!m) return fileErrorFromDuckDb(file, cause);
  const found = await firstNonJsonLine(file);
  const line = found?.line ?? Number(m[1]);
  const why = (m[2] ?? '').trim().replace(/\.$/, '');
  const column = found?.key;
  return new FileImportError(
    'BAD_VALUE',
    `${file}, line ${line}${column ? `, column ${column}` : ''}: the line is not valid JSON (${why}` +
      `${column ? ` after "${column}":` : ''}); a JSONL export has one JSON object per line (a truncated ` +
      'or hand-edited file?).',
    { file, line, ...(column ? { column } : {}) },
    { cause },
  );
}

/** Structural CSV errors (a line's width, quoting): DuckDB reports them with "CSV Error on Line". */
const isStructural = (message: string) =>
  LINE_RE.test(message) && !COLUMN_RE.test(message) && !LONG_RE.test(message);

/**
 * fileErrorFromDuckDb for a CSV file, with DuckDB's record number turned into the physical line (a
 * scan of the file up to it), an overlong line found where it is (DuckDB's sniffer calls it line 1) and
 * a line of the wrong width found by counting fields (DuckDB's message for it varies, and may only
 * quote the line).
 */
export async function fileErrorOfCsv(
  file: string,
  dialect: (CsvDialect & { delim: string }) | undefined,
  cause: unknown,
  header?: readonly string[],
): Promise<FileImportError> {
  const message = cause instanceof Error ? cause.message : String(cause);
  const record = Number(LINE_RE.exec(message)?.[1] ?? 0);
  const d = dialect ?? RFC_DIALECT;
  if (isStructural(message) && !/unterminated quote/i.test(message)) {
    const wrong = await widthCheck(file, d);
    if (wrong) return wrongWidthError(file, await rawHeader(file, d), wrong, cause);
  }
  let line: number | undefined;
  const long = LONG_RE.exec(message);
  if (long) line = await lineOfLongRecord(file, d, Number(long[1]));
  else if (record > 0) line = await lineOfRecord(file, d, record);
  return fileErrorFromDuckDb(file, cause, line, header);
}
