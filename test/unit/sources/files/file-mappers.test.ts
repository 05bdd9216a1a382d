import { describe, expect, it } from 'vitest';
import { fileErrorFromDuckDb } from '../../../../src/sources/files/duckdb-errors.js';
import { FileImportError } from '../../../../src/sources/files/errors.js';
import { mapColumns } from '../../../../src/sources/files/focus-columns.js';
import { parseTags } from '../../../../src/sources/files/tags-json.js';

const REQUIRED = [
  'ChargePeriodStart',
  'ProviderName',
  'BillingAccountId',
  'ServiceName',
  'ChargeCategory',
  'BillingCurrency',
  'BilledCost',
  'EffectiveCost',
];

describe('mapColumns', () => {
  it('maps header names ignoring case, surrounding spaces and a byte order mark', () => {
    // Prepare
    const header = [
      '\uFEFFchargeperiodstart',
      ' PROVIDERNAME ',
      ...REQUIRED.slice(2),
      'Region',
      'Tags',
      'Extra',
    ];

    // Act
    const { map, missing } = mapColumns(header);

    // Assess
    expect(missing).toEqual([]);
    expect(map).toMatchObject({
      chargePeriodStart: '\uFEFFchargeperiodstart',
      provider: ' PROVIDERNAME ',
      regionId: 'Region',
      tags: 'Tags',
    });
    expect(map.listCost).toBeUndefined();
  });

  it('prefers ProviderName to the FOCUS 1.3 ServiceProviderName when a file has both', () => {
    // Act
    const both = mapColumns([...REQUIRED, 'ServiceProviderName']);
    const only13 = mapColumns(['ServiceProviderName', ...REQUIRED.filter((c) => c !== 'ProviderName')]);

    // Assess
    expect(both.map.provider).toBe('ProviderName');
    expect(only13.map.provider).toBe('ServiceProviderName');
    expect(only13.missing).toEqual([]);
  });

  it('lists the missing required columns in FOCUS order, optional ones never', () => {
    // Act
    const { missing } = mapColumns(['BilledCost', 'ServiceName', 'Tags']);

    // Assess
    expect(missing).toEqual([
      'ChargePeriodStart',
      'ProviderName or ServiceProviderName',
      'BillingAccountId',
      'ChargeCategory',
      'BillingCurrency',
      'EffectiveCost',
    ]);
  });
});

describe('parseTags', () => {
  it.each([
    ['{}', {}],
    ['{"model": "a", " org": "trey"}', { model: 'a', ' org': 'trey' }],
    [
      '{"gpus": 8, "spot": false, "owner": null, "meta": {"k": [1]}}',
      { gpus: '8', spot: 'false', meta: '{"k":[1]}' },
    ],
    ['{"a": "x", "a": "y"}', { a: 'y' }], // JSON.parse keeps the last duplicate
  ])('parses %s', (raw, expected) => {
    // Act
    const tags = parseTags(raw);

    // Assess
    expect(tags).toEqual(expected);
    expect(Object.isFrozen(tags)).toBe(true);
  });

  it.each(['', '{', '[]', '[{"a": "b"}]', 'null', '"text"', '42', "{'a': 'b'}"])(
    'returns undefined for %j',
    (raw) => {
      // Act / Assess
      expect(parseTags(raw)).toBeUndefined();
    },
  );
});

describe('fileErrorFromDuckDb', () => {
  // Messages as DuckDB 1.x words them (recorded from @duckdb/node-api).
  const conversion = (value: string, type: string, column = 'BilledCost', line = 4) =>
    new Error(
      `Conversion Error: CSV Error on Line: ${line}\nOriginal Line: x,y,z\n` +
        `Error when converting column "${column}". Could not convert string "${value}" to '${type}'\n\n` +
        `Column ${column} is being converted as type ${type}`,
    );

  it('names file, line, column and the value that is not an amount', () => {
    // Act
    const e = fileErrorFromDuckDb('bill.csv', conversion('abc', 'DECIMAL(38,12)'));

    // Assess
    expect(e).toBeInstanceOf(FileImportError);
    expect(e).toMatchObject({ code: 'BAD_VALUE', file: 'bill.csv', line: 4, column: 'BilledCost' });
    expect(e.message).toBe('bill.csv, line 4, column BilledCost: "abc" is not a decimal amount.');
    expect(e.cause).toBeInstanceOf(Error);
  });

  it('words an empty value and other types', () => {
    // Act / Assess
    expect(fileErrorFromDuckDb('f.csv', conversion('', 'DECIMAL(38,12)')).message).toContain(
      'an empty value is not a decimal amount',
    );
    expect(
      fileErrorFromDuckDb('f.csv', conversion('x', 'TIMESTAMP WITH TIME ZONE', 'ChargePeriodStart', 2))
        .message,
    ).toBe('f.csv, line 2, column ChargePeriodStart: "x" is not a timestamp.');
    expect(fileErrorFromDuckDb('f.csv', conversion('x', 'JSON', 'Tags')).message).toContain(
      '"x" is not a JSON object.',
    );
  });

  it('keeps the first meaningful line of other errors, without the error class', () => {
    // Act
    const unreadable = fileErrorFromDuckDb(
      'x.parquet',
      new Error("Invalid Input Error: No magic bytes found at end of file 'x.parquet'"),
    );
    const structural = fileErrorFromDuckDb(
      'f.csv',
      new Error('Invalid Input Error: CSV Error on Line: 7\nExpected Number of Columns: 9 Found: 4'),
    );
    const notAnError = fileErrorFromDuckDb('f.csv', 'boom');

    // Assess
    expect(unreadable).toMatchObject({ code: 'UNREADABLE_FILE', line: undefined, column: undefined });
    expect(unreadable.message).toBe("x.parquet: No magic bytes found at end of file 'x.parquet'");
    expect(structural).toMatchObject({ code: 'BAD_VALUE', line: 7 });
    expect(structural.message).toBe(
      'f.csv, line 7: this line has 4 fields where the header has 9: the file ends in the middle of a line ' +
        '(truncated?) or a line is cut short.',
    );
    expect(notAnError).toMatchObject({ code: 'UNREADABLE_FILE', message: 'f.csv: boom' });
  });
});
