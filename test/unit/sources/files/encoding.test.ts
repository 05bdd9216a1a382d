import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBytes } from '../../../../src/sources/files/csv-scan.js';
import { checkEncoding, firstNonUtf8, withoutBom } from '../../../../src/sources/files/encoding.js';
import { FileImportError } from '../../../../src/sources/files/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'cg-enc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Buffer | string, ext = 'csv') => {
  const p = join(dir, `f${++n}.${ext}`);
  writeFileSync(p, bytes);
  return p;
};

describe('checkEncoding: UTF-8 with or without a byte order mark; UTF-16 and UTF-32 refused by name', () => {
  it.each([
    [
      'UTF-16LE with its BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]),
      /UTF-16LE/,
    ],
    ['UTF-16BE with its BOM', Buffer.from([0xfe, 0xff, 0, 0x61, 0, 0x2c, 0, 0x62]), /UTF-16BE/],
    ['UTF-16LE without a BOM', Buffer.from('a,b\n1,2\n', 'utf16le'), /UTF-16LE/],
    ['UTF-32LE', Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), /UTF-32/],
  ])('%s', async (_, bytes, name) => {
    const f = file(bytes);
    const e = await checkEncoding(f).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FileImportError);
    expect((e as FileImportError).code).toBe('NOT_UTF8');
    expect((e as Error).message).toMatch(name);
    expect((e as Error).message).toMatch(/iconv -f UTF-(16|32) -t UTF-8/);
  });

  it('reads the start of a gzip file decompressed', async () => {
    const f = file(gzipSync(Buffer.from('a,b\n1,2\n', 'utf16le')), 'csv.gz');
    await expect(checkEncoding(f)).rejects.toThrow(/UTF-16LE/);
    expect(await checkEncoding(file(gzipSync(Buffer.from('\uFEFFa,b\n')), 'csv.gz'))).toEqual({ bom: true });
  });

  it('says whether a UTF-8 BOM leads', async () => {
    expect(await checkEncoding(file('\uFEFFa,é\n'))).toEqual({ bom: true });
    expect(await checkEncoding(file('a,é\n'))).toEqual({ bom: false });
  });
});

describe('firstNonUtf8 and checkBytes: the first byte that is not UTF-8, with its line and column', () => {
  it('finds a latin-1 byte with its line and column; none in valid UTF-8', async () => {
    expect(await firstNonUtf8(file('a,b\nx,é😀\n'))).toBeUndefined();
    const f = file(Buffer.concat([Buffer.from('a,b\nxé,1\nab,'), Buffer.from([0xe9]), Buffer.from(',2\n')]));
    expect(await firstNonUtf8(f)).toEqual({ line: 3, column: 4, byte: 0xe9 });
  });

  it('a multi-byte letter cut by a 1 MB chunk boundary is valid; a lone lead byte at the end is not', async () => {
    // 'é' is 2 bytes, '😀' 4: place each across the stream's 1 MiB chunk boundary.
    for (const [letter, before] of [
      ['é', (1 << 20) - 1],
      ['😀', (1 << 20) - 2],
      ['😀', (1 << 20) - 3],
    ] as const) {
      const f = file(Buffer.concat([Buffer.alloc(before, 0x61), Buffer.from(`${letter}\nz\n`)]));
      expect(await firstNonUtf8(f), `${letter} at ${before}`).toBeUndefined();
      await expect(checkBytes(f, { onNotUtf8: async () => new Error('not utf8') })).resolves.toBeUndefined();
    }
    const cut = file(Buffer.concat([Buffer.from('a\nbc'), Buffer.from([0xf0, 0x9f])]));
    expect(await firstNonUtf8(cut)).toEqual({ line: 2, column: 3, byte: 0xf0 });
    await expect(checkBytes(cut, { onNotUtf8: async () => new Error('not utf8') })).rejects.toThrow(
      'not utf8',
    );
  });

  it('checkBytes still names a truncated gzip', async () => {
    const whole = gzipSync(Buffer.from('a,b\n'.repeat(10_000)));
    const f = file(whole.subarray(0, whole.length - 20), 'csv.gz');
    await expect(checkBytes(f)).rejects.toThrow(/truncated/);
  });
});

describe('withoutBom', () => {
  it('copies the file without its first three bytes, decompressed, and removes the copy', async () => {
    const f = file(gzipSync(Buffer.from('\uFEFF{"a":1}\n{"a":2}\n')), 'jsonl.gz');
    const copy = await withoutBom(f);
    const { readFileSync, existsSync } = await import('node:fs');
    expect(readFileSync(copy.path, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    copy.remove();
    expect(existsSync(copy.path)).toBe(false);
  });
});
