import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CostFact } from '../../../../src/core/cost-fact.js';
import { FileImportError } from '../../../../src/sources/files/errors.js';
import { workspace } from './focus-files.js';
import { importInto, RecordingStore } from './import-harness.js';

// Issue 21: the shapes of real exports that were refused, or refused without saying where. Each
// fixture recreates the failing file's shape; each case says what the import must give.

const ws = workspace('real-shapes');
afterAll(() => ws.close());
const fixture = (p: string) => `test/fixtures/${p}`;

/** The FileImportError importing `file` throws, with nothing written; fails on any other outcome. */
async function refusal(file: string): Promise<FileImportError> {
  const store = new RecordingStore();
  const e = await importInto(store, file).catch((x: unknown) => x);
  expect(store.writes).toBe(0);
  if (!(e instanceof FileImportError)) throw new Error(`expected a FileImportError, got ${String(e)}`);
  expect(e.message.startsWith(file)).toBe(true);
  return e;
}

/** Billed cost per day, summed independently of the import's own totals. */
function billedByDay(facts: readonly CostFact[]): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const f of facts) out[f.day] = (out[f.day] ?? 0n) + f.billedCost;
  return out;
}

const micro = (s: string) => {
  // "12.5" -> 12_500_000_000_000n (core money: 12 decimals)
  const [i = '0', d = ''] = s.replace('-', '').split('.');
  const v = BigInt(i) * 10n ** 12n + BigInt(d.padEnd(12, '0'));
  return s.startsWith('-') ? -v : v;
};

describe('point 1: a valid export DuckDB cannot sniff still imports', () => {
  const mca = fixture('azure-cost/mca-cost-details-2024-10.csv');

  it('the fixture is one DuckDB 1.5 refuses to sniff (CRLF after the header, LF after the rows)', async () => {
    // Prepare: the premise; if DuckDB learns to sniff it, this fixture no longer exercises the fallback
    const { conn } = await ws.engine();

    // Act
    const e = await conn
      .runAndReadAll(`SELECT * FROM sniff_csv('${mca}', header = true, ignore_errors = true)`)
      .catch((x: Error) => x);

    // Assess
    expect(String(e)).toContain('Error when sniffing file');
  });

  it('imports the MCA cost details (camelCase, quoted commas) with exact totals per day', async () => {
    // Prepare
    const store = new RecordingStore();
    const text = readFileSync(mca, 'utf8');

    // Act
    const s = await importInto(store, mca);

    // Assess: the rows of the fixture, summed here by hand
    expect(text).toContain('"Fabrikam, Inc."');
    expect(billedByDay(store.facts)).toEqual({
      '2024-10-01': micro('12.50') + micro('3.75'),
      '2024-10-02': micro('-1.25') + micro('0.000000123456'),
    });
    expect(s.totals).toEqual([
      {
        currency: 'EUR',
        billedCost: micro('15.000000123456'),
        effectiveCost: micro('15.000000123456'),
        listCost: micro('17.750000123456'),
      },
    ]);
    expect(s.files[0]).toMatchObject({ rows: 4 });
    expect(store.facts.find((f) => f.model === 'llama3-70b' && f.stage === 'train')?.billedCost).toBe(
      micro('12.50'),
    );
  });

  it('still refuses, through the fallback, a row the lenient reader would cut (one field too many)', async () => {
    // Prepare: the same file with an unquoted comma in line 4's meterName
    const text = readFileSync(mca, 'utf8').split('\n');
    text[3] = (text[3] ?? '').replace('NC24ads A100 v4', 'NC24ads, A100 v4');
    const file = ws.write('mca-extra-field.csv', text.join('\n'));

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 4 });
    expect(e.message).toContain('this line has 66 fields where the header has 65');
  });

  it('a file neither DuckDB nor the fallback can read: the whole reason, DuckDB message included', async () => {
    // Prepare: semicolons (no comma in the header) and mixed line endings
    const file = ws.write('semicolons.csv', 'date;cost;currency\r\n2024-10-01;1.5;EUR\n2024-10-02;2;EUR\n');

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'UNREADABLE_FILE' });
    expect(e.message).toContain('does not read as a comma-separated file with a header either');
    expect(e.message).toContain(
      `DuckDB said: Error when sniffing file "${file}". It was not possible to automatically detect`,
    );
    expect(e.message).toContain('Delimiter Candidates');
  });
});

describe('point 2: a row of the wrong width', () => {
  it('CUR 2.0 rows one field short of the header: line, expected and found counts, last column read', async () => {
    // Prepare
    const file = fixture('aws-cur2/cur2-2024-10-short-rows.csv');

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 2, column: 'split_line_item_split_usage_ratio' });
    expect(e.message).toContain('this line has 124 fields where the header has 125');
    expect(e.message).toContain('the last column read is split_line_item_split_usage_ratio');
    expect(e.message).toContain('nothing for split_line_item_unused_cost');
    expect(e.message).not.toContain('Original Line');
  });
});

describe('point 3: JSON columns name their line and column', () => {
  it('a Google CSV export with malformed labels JSON on line 3', async () => {
    // Act
    const e = await refusal(fixture('gcp-export/gcp-billing-2024-09-bad-labels.csv'));

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 3, column: 'labels' });
    expect(e.message).toContain('is not valid JSON (unexpected character at position 9)');
  });

  it('a Google JSONL export whose line 5 is not JSON (malformed labels)', async () => {
    // Act
    const e = await refusal(fixture('gcp-export/gcp-billing-2024-09-bad-line.jsonl'));

    // Assess: DuckDB 1.5 calls it line 6
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 5, column: 'labels' });
  });

  it('a Google JSONL export whose labels are text that is not JSON', async () => {
    // Prepare
    const lines = readFileSync(fixture('gcp-export/gcp-billing-2024-09.jsonl'), 'utf8').split('\n');
    // (the resource's labels, not project.labels, which comes first and is empty)
    lines[1] = (lines[1] ?? '').replace(/"labels": \[\{[^\]]*\]/, '"labels": "[{\\"key\\": \\"model\\""');
    expect(lines[1]).toContain('"labels": "[{');
    const file = ws.write('gcp-labels-text.jsonl', lines.join('\n'));

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 2, column: 'labels' });
  });

  it.each([
    ['aws-cur2/cur2-2024-09-00001.csv', 3, 'resource_tags', '""user_stage""', '""user_stage"" ""x""'],
    ['azure-cost/mca-cost-details-2024-09.csv', 2, 'tags', '""Stage"":', '""Stage"" ""x"":'],
  ])('%s with a malformed tags JSON on line %i names column %s', async (path, line, column, from, to) => {
    // Prepare
    const lines = readFileSync(fixture(path), 'utf8').split('\n');
    expect(lines[line - 1]).toContain(from);
    lines[line - 1] = (lines[line - 1] ?? '').replace(from, to);
    const file = ws.write(`bad-tags-${column}.csv`, lines.join('\n'));

    // Act
    const e = await refusal(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line, column });
  });
});
