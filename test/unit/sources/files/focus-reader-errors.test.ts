import { afterAll, describe, expect, it } from 'vitest';
import { FileImportError } from '../../../../src/sources/files/errors.js';
import { csvText, HEADER, workspace } from './focus-files.js';

const ws = workspace('focus-errors');
afterAll(() => ws.close());

const without = (column: string) => HEADER.filter((h) => h !== column);

describe('readFocusFile: files it cannot read', () => {
  it('names a missing required column', async () => {
    // Prepare
    const file = ws.write('no-billed.csv', csvText([{}], without('BilledCost')));

    // Act
    const e = await ws.fileError(file);

    // Assess
    expect(e).toMatchObject({ code: 'MISSING_COLUMNS', file, column: 'BilledCost', line: undefined });
    expect(e.message).toContain(`${file}: missing required FOCUS column BilledCost.`);
    expect(e.message).toContain('The header has: ChargePeriodStart, ProviderName');
  });

  it('names both accepted spellings of the provider column, and every missing column', async () => {
    // Prepare
    const header = without('ProviderName').filter((h) => h !== 'BillingCurrency');
    const file = ws.write('no-provider.csv', csvText([{}], header));

    // Act
    const e = await ws.fileError(file);

    // Assess
    expect(e).toMatchObject({ code: 'MISSING_COLUMNS', column: 'ProviderName or ServiceProviderName' });
    expect(e.message).toContain(
      'missing required FOCUS columns ProviderName or ServiceProviderName, BillingCurrency.',
    );
  });

  it('names a missing required column of a Parquet file', async () => {
    // Prepare
    const file = ws.path('no-effective.parquet');
    const e0 = await ws.engine();
    await e0.conn.run(`COPY (SELECT TIMESTAMP '2024-09-01 00:00:00' AS ChargePeriodStart, 'AWS' AS ProviderName,
      'b' AS BillingAccountId, 'EC2' AS ServiceName, 'Usage' AS ChargeCategory, 'USD' AS BillingCurrency,
      1.0 AS BilledCost) TO '${file}' (FORMAT parquet)`);

    // Act
    const e = await ws.fileError(file);

    // Assess
    expect(e).toMatchObject({ code: 'MISSING_COLUMNS', column: 'EffectiveCost' });
  });

  it.each([
    ['abc', '"abc"'],
    ['1.2.3', '"1.2.3"'],
    ['$5.00', '"$5.00"'],
  ])('points at the line and column of the unparsable amount %j', async (value, shown) => {
    // Prepare: header on line 1, so the third row is line 4
    const file = ws.write(
      `bad-money-${value.replace(/\W/g, '')}.csv`,
      csvText([{}, {}, { EffectiveCost: value }, {}]),
    );

    // Act
    const e = await ws.fileError(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', file, line: 4, column: 'EffectiveCost' });
    expect(e.message).toBe(`${file}, line 4, column EffectiveCost: ${shown} is not a decimal amount.`);
    expect(e.cause).toBeInstanceOf(Error);
  });

  it('counts lines right far into a file', async () => {
    // Prepare
    const rows = Array.from({ length: 3000 }, (_, i) => (i === 2500 ? { BilledCost: 'x' } : {}));
    const file = ws.write('bad-money-late.csv', csvText(rows));

    // Act
    const e = await ws.fileError(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 2502, column: 'BilledCost' });
  });

  it.each(['NULL', ''])('refuses a missing BilledCost (%j), naming file, line and column', async (value) => {
    // Prepare
    const file = ws.write(`null-billed-${value || 'empty'}.csv`, csvText([{}, { BilledCost: value }]));

    // Act
    const e = await ws.fileError(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', file, line: 3, column: 'BilledCost' });
    expect(e.message).toContain(`${file}, line 3, column BilledCost`);
  });

  it.each([
    ['{not json', 'invalid JSON'],
    ['[1, 2]', 'a JSON array'],
    ['"text"', 'a JSON string'],
  ])('refuses Tags that are not a JSON object: %j (%s)', async (tags) => {
    // Prepare
    const file = ws.write(`bad-tags-${tags.replace(/\W/g, '')}.csv`, csvText([{}, {}, { Tags: tags }]));

    // Act
    const e = await ws.fileError(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', file, column: 'Tags' });
    expect(e.message).toContain(file);
    expect(e.message).toContain(`"${tags}" is not a JSON object of tags`);
  });

  it('refuses an unsupported file type', async () => {
    // Prepare
    const file = ws.write('export.xlsx', 'PK');

    // Act
    const e = await ws.fileError(file);

    // Assess
    expect(e).toMatchObject({ code: 'UNSUPPORTED_FILE', file });
    expect(e.message).toContain(`${file}: unsupported file type`);
    expect(e.message).toContain('.csv, .csv.gz and .parquet');
  });

  it('says when the file does not exist', async () => {
    // Prepare
    const file = ws.path('nowhere.csv');

    // Act
    const e = await ws.fileError(file);

    // Assess
    expect(e).toMatchObject({ code: 'FILE_NOT_FOUND', file, message: `${file}: no such file.` });
  });

  it.each([
    ['empty.csv', ''],
    ['not-gzip.csv.gz', 'a,b\n1,2\n'],
    ['not.parquet', 'not parquet at all'],
  ])('refuses the unreadable %s with a FileImportError naming it', async (name, content) => {
    // Prepare
    const file = ws.write(name, content);

    // Act
    const e = await ws.fileError(file);

    // Assess
    expect(e).toBeInstanceOf(FileImportError);
    expect(e).toMatchObject({ code: 'UNREADABLE_FILE', file });
    expect(e.message.startsWith(`${file}: `)).toBe(true);
  });
});

// Known bugs in src/sources/files/focus-reader.ts, pinned down. Each test states the right behaviour and
// is marked `.fails` while the bug stands: when a fix lands the test turns red; then drop `.fails`.
describe('readFocusFile: regressions (each was a bug)', () => {
  // Was a bug: csvSource passes DuckDB's sniffed Quote/Escape through as text; a file with no quoted field
  // sniffs as "(empty)", and read_csv rejects `quote = '(empty)'` ("cannot exceed a size of 1 byte").
  it('reads a CSV that has no quoted field', async () => {
    // Prepare
    const file = ws.write('unquoted.csv', csvText([{ Tags: 'NULL' }], without('Tags')));

    // Act
    const { lines } = await ws.read(file);

    // Assess
    expect(lines).toHaveLength(1);
  });

  // Was a bug: ChargePeriodStart is typed TIMESTAMPTZ in read_csv; there a value it cannot parse (or an empty
  // one, despite force_not_null) becomes NULL instead of a conversion error, and the line comes out
  // with `day: null`. The comment above `notNull` in csvSource promises an error naming line and column.
  it.each(['yesterday', '', 'NULL', '2024-13-45 00:00:00'])(
    'refuses an unparsable ChargePeriodStart %j, naming line and column',
    async (value) => {
      // Prepare
      const file = ws.write(
        `bad-start-${value.replace(/\W/g, '') || 'empty'}.csv`,
        csvText([{}, { ChargePeriodStart: value }]),
      );

      // Act
      const e = await ws.readError(file);

      // Assess
      expect(e).toMatchObject({ code: 'BAD_VALUE', line: 3, column: 'ChargePeriodStart' });
    },
  );

  // Was a bug: tagsOrLocate re-reads with Tags typed JSON to find the line, but `SELECT count(*)` never
  // projects Tags, so DuckDB never parses it and the error comes without a line.
  it('names the line of invalid Tags JSON', async () => {
    // Prepare
    const file = ws.write('bad-tags-line.csv', csvText([{}, {}, { Tags: '{not json' }]));

    // Act
    const e = await ws.fileError(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 4, column: 'Tags' });
    expect(e.message).toContain('line 4');
  });

  // Was a bug: CSV reads refuse a NULL BilledCost (force_not_null), Parquet reads do not: sum() skips NULLs,
  // so a group with some NULLs loses them silently and one with only NULLs crashes with a TypeError
  // (`null.value` in the row loop) instead of a FileImportError.
  it('refuses a NULL BilledCost in a Parquet file with a FileImportError', async () => {
    // Prepare
    const file = ws.path('null-billed.parquet');
    const e0 = await ws.engine();
    await e0.conn.run(`COPY (SELECT TIMESTAMP '2024-09-01 00:00:00' AS ChargePeriodStart, 'AWS' AS ProviderName,
      'b' AS BillingAccountId, 'EC2' AS ServiceName, 'Usage' AS ChargeCategory, 'USD' AS BillingCurrency,
      NULL::DECIMAL(18,10) AS BilledCost, 0.5::DECIMAL(18,10) AS EffectiveCost) TO '${file}' (FORMAT parquet)`);

    // Act
    const e = await ws.readError(file);

    // Assess
    expect(e).toBeInstanceOf(FileImportError);
    expect(e).toMatchObject({ code: 'BAD_VALUE', column: 'BilledCost' });
  });

  // Was a bug: a row with too few fields within DuckDB's sniffing sample makes the sniffer settle on one
  // column, and the file is reported as missing every required column although its header has them all.
  it('reports a short row as a bad line, not as missing columns', async () => {
    // Prepare
    const text = csvText([{}, {}]).replace(/\n$/, '\n2024-09-01 00:00:00,AWS,b,EC2\n');
    const file = ws.write('short-row.csv', text);

    // Act
    const e = await ws.fileError(file);

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 4 });
  });
});
