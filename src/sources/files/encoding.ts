import { isUtf8 } from 'node:buffer';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { chunks, completeEnd } from './csv-scan.js';
import { FileImportError } from './errors.js';

// The encoding rule (README, "Importing billing exports"): costguard reads billing exports as UTF-8,
// with or without a byte order mark, which is what every cloud writes. A file saved as UTF-16 (Excel's
// "Unicode text") or in a single-byte code page (Latin-1, Windows-1252) is refused with its line and
// the command that converts it; nothing is guessed, since a guessed code page would silently change
// names that become models and tags.

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** What the start of a file says about its encoding. */
export interface Encoding {
  /** The file starts with the UTF-8 byte order mark. */
  bom: boolean;
}

/** The first bytes of the file (decompressed when gzip), at most `max`. */
async function head(file: string, max = 1 << 16): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of chunks(file)) {
    parts.push(c);
    n += c.length;
    if (n >= max) break;
  }
  return Buffer.concat(parts).subarray(0, max);
}

const convert = (file: string, from: string) =>
  `Save it as UTF-8, or convert it: iconv -f ${from} -t UTF-8 '${file}' > '${basename(file).replace(/(\.[^.]+)$/, '.utf8$1')}'`;

/**
 * Reads the file's start: refuses UTF-16 and UTF-32 (by their byte order marks, or by the NUL bytes
 * that UTF-16 puts between ASCII letters, which no UTF-8 billing export holds) and tells whether a
 * UTF-8 byte order mark leads. Called before DuckDB sees the file: its readers take UTF-8 only and
 * would say something about the header or a sniffing failure instead.
 */
export async function checkEncoding(file: string): Promise<Encoding> {
  const b = await head(file);
  const starts = (...bytes: number[]) => bytes.every((x, i) => b[i] === x);
  let name: string | undefined;
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) name = 'UTF-32';
  else if (starts(0xff, 0xfe)) name = 'UTF-16LE';
  else if (starts(0xfe, 0xff)) name = 'UTF-16BE';
  else if (b.subarray(0, 512).includes(0)) name = b[0] === 0 ? 'UTF-16BE' : 'UTF-16LE';
  if (name) {
    throw new FileImportError(
      'NOT_UTF8',
      `${file}: the file is encoded as ${name} (${name.startsWith('UTF-32') ? 'four' : 'two'} bytes a ` +
        `letter, as Excel's "Unicode text" saves); costguard reads billing exports as UTF-8. ` +
        convert(file, name.replace(/LE|BE/, '')),
      { file, line: 1 },
    );
  }
  return { bom: starts(...UTF8_BOM) };
}

/**
 * The first byte of the file that is not UTF-8, with its line (1-based) and its column (1-based, in
 * bytes), or undefined when the whole file is UTF-8. Error path only: a whole pass over the file.
 */
export async function firstNonUtf8(
  file: string,
): Promise<{ line: number; column: number; byte: number } | undefined> {
  let line = 1;
  let lineStart = 0;
  let offset = 0;
  let carry: Buffer = Buffer.alloc(0);
  for await (const c of chunks(file)) {
    const buf = carry.length ? Buffer.concat([carry, c]) : c;
    // A sequence cut by the chunk's end waits for the next chunk.
    const end = completeEnd(buf);
    const body = buf.subarray(0, end);
    if (!isUtf8(body)) {
      const at = invalidAt(body);
      for (let i = 0; i < at; i++)
        if (body[i] === 0x0a) {
          line += 1;
          lineStart = offset + i + 1;
        }
      return { line, column: offset + at - lineStart + 1, byte: body[at] ?? 0 };
    }
    for (let i = body.indexOf(0x0a); i !== -1; i = body.indexOf(0x0a, i + 1)) {
      line += 1;
      lineStart = offset + i + 1;
    }
    offset += body.length;
    carry = buf.subarray(end);
  }
  return carry.length ? { line, column: offset - lineStart + 1, byte: carry[0] ?? 0 } : undefined;
}

/** The offset of the first byte in `b` that does not start or continue a valid UTF-8 sequence. */
function invalidAt(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const x = b[i] ?? 0;
    if (x < 0x80) {
      i += 1;
      continue;
    }
    const n = x >= 0xc2 && x <= 0xdf ? 2 : x >= 0xe0 && x <= 0xef ? 3 : x >= 0xf0 && x <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > b.length || !isUtf8(b.subarray(i, i + n))) return i;
    i += n;
  }
  return b.length;
}

/** The refusal of a file holding a byte that is not UTF-8 (found by firstNonUtf8). */
export function notUtf8Error(
  file: string,
  at: { line: number; column: number; byte: number },
  cause?: unknown,
): FileImportError {
  const hex = `0x${at.byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return new FileImportError(
    'NOT_UTF8',
    `${file}, line ${at.line}: byte ${hex} (byte ${at.column} of the line) is not UTF-8; the file looks ` +
      'saved in a single-byte code page such as Latin-1 or Windows-1252, and costguard reads billing ' +
      `exports as UTF-8. ${convert(file, 'WINDOWS-1252')}`,
    { file, line: at.line },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * DuckDB's JSON reader refuses a byte order mark, which some tools write before JSON Lines: such a
 * file is read from a copy without it (decompressed when gzip). `remove` deletes the copy.
 */
export async function withoutBom(file: string): Promise<{ path: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'costguard-bom-'));
  const path = join(dir, basename(file).replace(/\.(gz|gzip)$/i, ''));
  let skip = UTF8_BOM.length;
  const out = createWriteStream(path);
  try {
    await pipeline(
      (async function* () {
        for await (const c of chunks(file)) {
          const rest = skip ? c.subarray(Math.min(skip, c.length)) : c;
          skip = Math.max(0, skip - c.length);
          yield rest;
        }
      })(),
      out,
    );
  } catch (cause) {
    rmSync(dir, { recursive: true, force: true });
    throw cause;
  }
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * When a DuckDB read failed on the file's bytes (its words for bad UTF-8, or the FATAL error one such
 * byte causes in DuckDB 1.5's CSV reader, which invalidates the engine), the refusal naming the first
 * byte that is not UTF-8; undefined when the failure is something else.
 */
export async function encodingFailure(file: string, cause: unknown): Promise<FileImportError | undefined> {
  const message = String((cause as Error)?.message ?? cause);
  if (!/unicode|utf-?8|FATAL|invalidated/i.test(message)) return undefined;
  const at = await firstNonUtf8(file);
  return at ? notUtf8Error(file, at, cause) : undefined;
}
