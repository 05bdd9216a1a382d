import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { splitRecord } from '../../../../src/sources/files/csv-scan.js';
import { FileImportError } from '../../../../src/sources/files/errors.js';
import { workspace } from './focus-files.js';
import { importInto, RecordingStore } from './import-harness.js';

// Issue 21: every refusal says exactly why and where. Every parse error names file, line and column,
// JSON columns included. A real Google export
// with malformed `labels` JSON was refused with DuckDB's "Malformed JSON ... when casting from source
// column labels" and no line; the tags columns of CUR 2.0, Azure and FOCUS must say the same.

const ws = workspace('json-columns');
afterAll(() => ws.close());

/** A fixture with the value of `column` on data row `row` (1-based) replaced: a CSV split naively. */
function withValue(fixture: string, name: string, column: string, row: number, value: string): string {
  const lines = readFileSync(fixture, 'utf8').split('\n');
  const header = parseCsvLine(lines[0] ?? '');
  const at = header.indexOf(column);
  if (at < 0) throw new Error(`${fixture} has no column ${column}`);
  const cells = parseCsvLine(lines[row] ?? '');
  cells[at] = value;
  lines[row] = cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',');
  return ws.write(name, lines.join('\n'));
}

/** One CSV record on one line (the fixtures have no quoted newlines). */
const parseCsvLine = (line: string) => splitRecord(line, { delim: ',', quote: '"', escape: '"' });

async function refusal(file: string): Promise<FileImportError> {
  const store = new RecordingStore();
  const e = await importInto(store, file).catch((x: unknown) => x);
  expect(store.writes).toBe(0);
  if (!(e instanceof FileImportError)) throw new Error(`expected a FileImportError, got ${String(e)}`);
  expect(e.message.startsWith(file)).toBe(true);
  expect(e.message).not.toMatch(/Error:|when casting from source column|Possible fixes/);
  return e;
}

describe('a malformed JSON column is refused with its file, line and column', () => {
  it.each([
    [
      'Google labels',
      'test/fixtures/gcp-export/gcp-billing-2024-09.csv',
      'labels',
      '[{"key": "model", "value": "x"',
    ],
    [
      'CUR 2.0 resource_tags',
      'test/fixtures/aws-cur2/cur2-2024-09-00001.csv',
      'resource_tags',
      '{"model": "x"',
    ],
    ['Azure MCA tags', 'test/fixtures/azure-cost/mca-cost-details-2024-09.csv', 'tags', '"model": "x",'],
    ['FOCUS Tags', 'test/fixtures/focus/focus_sample.csv', 'Tags', '{"model": '],
  ])('%s', async (what, fixture, column, bad) => {
    // Prepare: the bad value on data row 3, which is line 4 of the file (the header is line 1)
    const file = withValue(fixture, `${what.replace(/\W/g, '-')}.csv`, column, 3, bad);

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 4, column });
    expect(e.message).toContain(`line 4, column ${column}`);
  });
});

describe('a row of the wrong width', () => {
  it('names the line, the expected and found field counts and the last column read', async () => {
    // Prepare: a CUR 2.0 file whose header has one column more than its data rows (as a real export
    // with 131 header columns and 130-field rows had)
    const [header = '', ...rows] = readFileSync('test/fixtures/aws-cur2/cur2-2024-09-00001.csv', 'utf8')
      .trimEnd()
      .split('\n');
    const names = parseCsvLine(header);
    const file = ws.write('cur2-short-rows.csv', [`${header},extra_tail`, ...rows.slice(0, 3)].join('\n'));

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 2 });
    expect(e.message).toContain(
      `this line has ${names.length} fields where the header has ${names.length + 1}`,
    );
    expect(e.message).toContain(`he last column read is ${names.at(-1)}`);
    expect(e.message).toContain('nothing for extra_tail');
  });
});
