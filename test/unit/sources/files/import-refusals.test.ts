import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { FileImportError } from '../../../../src/sources/files/errors.js';
import { csvText, HEADER, workspace } from './focus-files.js';
import { importInto, RecordingStore } from './import-harness.js';

// Issue 22, points 9 and 10: inputs that crashed, were accepted silently or were refused with a
// misleading message. Each must be a FileImportError naming the file (and line and column where
// there is one), saying what is wrong, quoting at most a short excerpt; nothing is written.

const ws = workspace('refusals');
afterAll(() => ws.close());

/** The FileImportError importing `file` throws; fails on any other outcome. */
async function refusal(file: string): Promise<FileImportError> {
  const store = new RecordingStore();
  const e = await importInto(store, file).catch((x: unknown) => x);
  expect(store.writes).toBe(0);
  if (!(e instanceof FileImportError)) throw new Error(`expected a FileImportError, got ${String(e)}`);
  expect(e.message.startsWith(file)).toBe(true);
  expect(e.message).not.toMatch(/Error:|LINE 1|Possible fixes|HUGEINT|int128/);
  expect(e.message.length).toBeLessThan(400);
  return e;
}

describe('point 9: crashes and silent acceptance', () => {
  it.each([
    ['infinity', 'infinity'],
    ['year 99999', '99999-01-01 00:00:00'],
    ['year -0044', '-0044-03-15 00:00:00'],
  ])('refuses a ChargePeriodStart of %s with file, line and column', async (_what, value) => {
    // Prepare: header on line 1, the bad row on line 3
    const file = ws.write(
      `date-${_what.replace(/\W/g, '')}.csv`,
      csvText([{}, { ChargePeriodStart: value }]),
    );

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 3, column: 'ChargePeriodStart' });
    expect(e.message).toContain(`"${value}" is outside the dates costguard accepts`);
  });

  it.each([3, 20])('refuses %i rows of 9e25, naming the first, with the stated bound', async (n) => {
    // Prepare
    const file = ws.write(
      `huge-${n}.csv`,
      csvText([{}, ...Array.from({ length: n }, () => ({ BilledCost: '9e25', EffectiveCost: '9e25' }))]),
    );

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 3, column: 'BilledCost' });
    expect(e.message).toContain('"9e25" is beyond the largest amount costguard accepts');
    expect(e.message).toContain('1,000,000,000,000,000 (10^15)');
  });

  it('still imports an amount of a million (read the wide way), below the bound', async () => {
    // Prepare
    const file = ws.write('million.csv', csvText([{ BilledCost: '999999999999.5', EffectiveCost: '2' }]));
    const store = new RecordingStore();

    // Act
    const s = await importInto(store, file);

    // Assess
    expect(s.totals[0]?.billedCost).toBe(999_999_999_999_500_000_000_000n);
  });

  it.each([
    ['twice', 'BilledCost'],
    ['differing in case', 'billedcost'],
    ['with a trailing space', 'BilledCost '],
  ])('refuses a required column given %s', async (what, extra) => {
    // Prepare
    const file = ws.write(`repeated-${what.replace(/\W/g, '')}.csv`, csvText([{}], [...HEADER, extra]));

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'REPEATED_COLUMN', line: 1, column: 'BilledCost' });
    expect(e.message).toContain(`at columns 10 ("BilledCost") and 14 (${JSON.stringify(extra)})`);
  });
});

describe('point 10: refusals that say what is wrong and where', () => {
  it('a truncated CSV: the line that is cut, not "not a billing export"', async () => {
    // Prepare: the last row (line 4) loses its end inside the quoted Tags
    const file = ws.write('truncated.csv', csvText([{}, {}, {}]).slice(0, -20));

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 4 });
    expect(e.message).toContain('never closed (unterminated quote): the file is truncated');
  });

  it('a truncated CSV cut between fields: too few fields on the last line', async () => {
    // Prepare
    const text = csvText([{}, {}, { Tags: '' }]);
    const file = ws.write('short.csv', text.slice(0, text.lastIndexOf('USD') + 3));

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 4 });
    expect(e.message).toContain('this line has 9 fields where the header has 13');
  });

  it('an unterminated quote: where it opens, and why', async () => {
    // Prepare
    const file = ws.write('unterminated.csv', `${csvText([{}, {}])}2024-09-01 10:00:00,AWS,"123,x\n`);

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 4 });
    expect(e.message).toContain('unterminated quote');
  });

  it('a truncated gzip: says so, instead of importing the rows before the break', async () => {
    // Prepare
    const gz = gzipSync(csvText(Array.from({ length: 300 }, () => ({}))));
    const file = ws.write('cut.csv.gz', gz.subarray(0, gz.length - 40));

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'UNREADABLE_FILE', line: undefined });
    expect(e.message).toContain('the gzip data ends early: the file is truncated');
  });

  it('a gzip cut inside its header block: truncated, not "not a billing export"', async () => {
    // Prepare
    const gz = gzipSync(csvText([{}]));
    const file = ws.write('stub.csv.gz', gz.subarray(0, 30));

    // Act
    const e = await refusal(file);

    // Assess
    expect(e.message).toContain('truncated');
  });

  it('an empty file: says it is empty, not a DuckDB sniffer message', async () => {
    // Act
    const e = await refusal(ws.write('empty.csv', ''));

    // Assess
    expect(e).toMatchObject({ code: 'UNREADABLE_FILE' });
    expect(e.message).toContain('the file is empty');
  });

  it('counts the lines of quoted newlines: the bad amount on line 8 is reported on line 8', async () => {
    // Prepare: rows on lines 2, 3-4, 5-6, 7, 8
    const rows = [{}, { ResourceId: 'a\nb' }, { ResourceId: 'c\nd' }, {}, { BilledCost: 'abc' }];
    const file = ws.write('quoted-newlines.csv', csvText(rows));

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 8, column: 'BilledCost' });
  });

  it('counts them for structural errors too (DuckDB reports records)', async () => {
    // Prepare: rows on lines 2, 3-5 (two quoted newlines), then a short row on line 6
    const file = ws.write('quoted-newlines-short.csv', `${csvText([{}, { ResourceId: 'a\nb\nc' }])}1,2\n`);

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 6 });
  });

  it('a field of several MB: its real line, and a short excerpt', async () => {
    // Prepare: a 3 MB resource id on line 3
    const file = ws.write('big-field.csv', csvText([{}, { ResourceId: 'x'.repeat(3_000_000) }]));

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 3 });
    expect(e.message).toContain('this line is 3.0 MB long');
    expect(e.message).not.toContain('x'.repeat(100));
  });

  it('a bad value of several MB is quoted as an excerpt', async () => {
    // Prepare
    const file = ws.write('big-tags.csv', csvText([{ Tags: `{"a": "${'y'.repeat(100_000)}` }]));

    // Act
    const e = await refusal(file);

    // Assess
    expect(e.message).toContain('characters)');
    expect(e.message).not.toContain('y'.repeat(100));
  });
});
