import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { FileImportError } from './errors.js';

// Byte-level scans of a CSV file in Node, for what DuckDB does not tell right: the raw header (its CSV
// sniffer renames a duplicate column to `name_1`), and physical line numbers (DuckDB counts records,
// so a quoted field spanning lines shifts every later line number). Error path and header only, except
// the gzip check, which reads the whole file beside DuckDB's own read.

export interface CsvDialect {
  quote: string;
  escape: string;
  /** Only counted by widthCheck; ',' when absent. */
  delim?: string;
}

/** RFC 4180 as every billing export writes it: comma, double quote (doubled inside a field), a header. */
export const RFC_DIALECT = { delim: ',', quote: '"', escape: '"' } as const;

export const isGzip = (file: string) => /\.(gz|gzip)$/i.test(file);
/** Zstandard files cannot be read by Node 20: their scans give up (undefined) and DuckDB's word stands. */
const isZstd = (file: string) => /\.zst$/i.test(file);

export async function* chunks(file: string): AsyncGenerator<Buffer> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = isGzip(file) ? raw.pipe(createGunzip()) : raw;
  try {
    for await (const c of stream) yield c as Buffer;
  } catch {
    // A corrupt gzip ends the scan; checkGzip reports it.
  } finally {
    raw.destroy();
    stream.destroy();
  }
}

type Visit = (record: number, line: number, bytes: number, text: () => string, fields: number) => boolean;

/**
 * Walks the records of a CSV file: `visit(record, line, bytes, text, fields)` is called at the end of
 * each record (record 1 is the header; `line` is the physical line it started on; `bytes` its length;
 * `fields` the delimiters outside quotes plus one) and stops the walk by returning true. Quoted
 * newlines stay inside their record.
 */
async function walk(file: string, d: CsvDialect, visit: Visit, keepText = false): Promise<boolean> {
  const quote = d.quote.charCodeAt(0);
  const esc = d.escape.charCodeAt(0);
  const delim = (d.delim ?? ',').charCodeAt(0);
  let inQuotes = false;
  let escaped = false;
  let record = 1;
  let line = 1;
  let startLine = 1;
  let bytes = 0;
  let fields = 1;
  let text: Buffer[] = [];
  for await (const c of chunks(file)) {
    let from = 0;
    for (let i = 0; i < c.length; i++) {
      const b = c[i] as number;
      bytes++;
      if (escaped) escaped = false;
      else if (inQuotes && b === esc && esc !== quote) escaped = true;
      else if (b === quote) inQuotes = !inQuotes;
      else if (b === delim && !inQuotes) fields++;
      else if (b === 10) {
        line++;
        if (!inQuotes) {
          if (keepText) text.push(c.subarray(from, i));
          const body = text;
          if (visit(record, startLine, bytes - 1, () => Buffer.concat(body).toString('utf8'), fields))
            return true;
          text = [];
          from = i + 1;
          record++;
          startLine = line;
          bytes = 0;
          fields = 1;
        }
      }
    }
    if (keepText) text.push(c.subarray(from));
  }
  if (bytes > 0) return visit(record, startLine, bytes, () => Buffer.concat(text).toString('utf8'), fields);
  return false;
}

/** A record whose field count differs from the header's. */
export interface WrongWidth {
  line: number;
  expected: number;
  found: number;
  /** The record's fields as read (quotes removed). */
  values: string[];
}

/**
 * The first record (after the header) with another number of fields than the header, or undefined when
 * every record has the header's width (or the file cannot be scanned in Node: zstd). Blank lines are
 * skipped, as DuckDB skips them. Reads the whole file: an error path, and the check of a file read
 * without DuckDB's strict mode (see openInput's fallback), which would drop extra fields silently.
 */
export async function widthCheck(
  file: string,
  d: CsvDialect & { delim: string },
): Promise<WrongWidth | undefined> {
  if (isZstd(file)) return undefined;
  let expected = 0;
  let bad: { record: number; line: number; found: number } | undefined;
  await walk(file, d, (record, line, bytes, _text, fields) => {
    if (record === 1) expected = fields;
    else if (bytes > 1 && fields !== expected) bad = { record, line, found: fields };
    return bad !== undefined;
  });
  if (!bad) return undefined;
  const at = bad;
  let values: string[] = [];
  await walk(
    file,
    d,
    (record, _l, _b, text) => {
      if (record === at.record) values = splitRecord(text().replace(/\r$/, ''), d);
      return record >= at.record;
    },
    true,
  );
  return { line: at.line, expected, found: at.found, values };
}

/**
 * The first line (1-based) of a JSONL file that is neither blank nor JSON, with the last key written
 * before the place JSON.parse stopped at (the column the bad value belongs to); undefined when none.
 */
export async function firstNonJsonLine(file: string): Promise<{ line: number; key?: string } | undefined> {
  if (isZstd(file)) return undefined;
  let line = 0;
  let rest = '';
  let key: string | undefined;
  const bad = (text: string) => {
    line++;
    if (text.trim() === '') return false;
    try {
      JSON.parse(text);
      return false;
    } catch (e) {
      const at = Number(/position (\d+)/.exec(String((e as Error).message))?.[1] ?? text.length);
      key = [...text.slice(0, at).matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)].pop()?.[1];
      return true;
    }
  };
  const found = () => ({ line, ...(key ? { key } : {}) });
  for await (const c of chunks(file)) {
    const parts = (rest + c.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) if (bad(p)) return found();
  }
  return bad(rest) ? found() : undefined;
}

/** The physical line on which `record` (1: the header) starts, or undefined when the file is shorter. */
export async function lineOfRecord(file: string, d: CsvDialect, record: number): Promise<number | undefined> {
  if (isZstd(file)) return undefined;
  let found: number | undefined;
  await walk(file, d, (r, line) => {
    if (r === record) found = line;
    return r >= record;
  });
  return found;
}

/** The physical line of the first record longer than `limit` bytes. */
export async function lineOfLongRecord(
  file: string,
  d: CsvDialect,
  limit: number,
): Promise<number | undefined> {
  if (isZstd(file)) return undefined;
  let found: number | undefined;
  await walk(file, d, (_r, line, bytes) => {
    if (bytes > limit) found = line;
    return found !== undefined;
  });
  return found;
}

/** The header's fields as written (quotes removed), or undefined when it cannot be read. */
export async function rawHeader(
  file: string,
  d: CsvDialect & { delim: string },
): Promise<string[] | undefined> {
  if (isZstd(file)) return undefined;
  let header: string | undefined;
  await walk(
    file,
    d,
    (_r, _l, bytes, text) => {
      if (bytes <= 1 << 20) header = text();
      return true;
    },
    true,
  );
  return header === undefined ? undefined : splitRecord(header.replace(/\r$/, ''), d);
}

/** One CSV record's fields (the record's text, without its line end) in the dialect `d`. */
export function splitRecord(text: string, d: CsvDialect & { delim: string }): string[] {
  const out: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === d.escape && d.escape !== d.quote && i + 1 < text.length) field += text[++i];
      else if (ch === d.quote && d.escape === d.quote && text[i + 1] === d.quote) field += text[++i];
      else if (ch === d.quote) inQuotes = false;
      else field += ch;
    } else if (ch === d.quote) inQuotes = true;
    else if (text.startsWith(d.delim, i)) {
      out.push(field);
      field = '';
      i += d.delim.length - 1;
    } else field += ch;
  }
  out.push(field);
  return out;
}

/**
 * Reads the file to its end beside DuckDB's own read and fails when it is not what DuckDB would read
 * right: a gzip file truncated or corrupt (DuckDB's reader stops at the break without an error and
 * imports the rows before it, so a download cut short would look complete), and, with `checkUtf8`, a
 * byte that is not UTF-8 (DuckDB 1.5's CSV reader stores such bytes as they are in some columns and
 * fails FATAL on others; `onNotUtf8` makes the refusal). One pass: the gzip check decompresses anyway.
 */
export async function checkBytes(
  file: string,
  checkUtf8?: { onNotUtf8: () => Promise<Error> },
): Promise<void> {
  const gzip = isGzip(file);
  if (!gzip && !checkUtf8) return;
  const valid = checkUtf8 ? utf8Stream() : undefined;
  let bad = false;
  try {
    const raw = createReadStream(file, { highWaterMark: 1 << 20 });
    const consume = async (source: AsyncIterable<Buffer>) => {
      for await (const c of source) if (valid && !valid.push(c)) bad = true;
    };
    if (gzip) await pipeline(raw, createGunzip(), consume);
    else await pipeline(raw, consume);
  } catch (cause) {
    const why = /unexpected end/i.test(String((cause as Error).message))
      ? 'the gzip data ends early: the file is truncated (an interrupted download or copy?)'
      : `the gzip data is corrupt (${(cause as Error).message})`;
    throw new FileImportError(
      'UNREADABLE_FILE',
      `${file}: ${why}. Download or copy it again.`,
      { file },
      { cause },
    );
  }
  if (checkUtf8 && (bad || !valid?.end())) throw await checkUtf8.onNotUtf8();
}

/**
 * UTF-8 validation of a byte stream in chunks (Node's simdutf isUtf8 on each), holding back a sequence
 * a chunk's end cuts. `push` and `end` say whether everything so far is UTF-8.
 */
function utf8Stream() {
  let carry: Buffer = Buffer.alloc(0);
  return {
    push(chunk: Buffer): boolean {
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const end = completeEnd(buf);
      carry = Buffer.from(buf.subarray(end));
      return isUtf8(buf.subarray(0, end));
    },
    end: () => carry.length === 0,
  };
}

/** Where the last complete UTF-8 sequence of `buf` ends (a lead byte whose sequence is cut is not). */
export function completeEnd(buf: Buffer): number {
  const n = buf.length;
  for (let k = 1; k <= 3 && n - k >= 0; k++) {
    const x = buf[n - k] ?? 0;
    if ((x & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    if (x >= 0xc0) {
      const len = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : 2;
      return k < len ? n - k : n;
    }
    return n;
  }
  return n;
}
