import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMoney } from '../../../../src/core/money.js';
import { fileKind } from '../../../../src/sources/files/focus-reader.js';
import { csvText, HEADER, workspace } from './focus-files.js';

const ws = workspace('focus-reader');
afterAll(() => ws.close());

const hourly = Array.from({ length: 24 }, (_, h) => ({
  ChargePeriodStart: `2024-09-01 ${String(h).padStart(2, '0')}:00:00`,
  BilledCost: `0.0000000${String(h + 1).padStart(4, '0')}`, // 11 decimals, all different
  EffectiveCost: `-${h}.5`,
  ListCost: `${h}e-3`,
}));

describe('readFocusFile: formats', () => {
  it('reads a plain CSV, exact to the pico-unit', async () => {
    // Prepare
    const file = ws.write(
      'plain.csv',
      csvText([{ BilledCost: '0.00001605990', EffectiveCost: '-123456789012.000000000001' }]),
    );

    // Act
    const { lines, stats } = await ws.read(file);

    // Assess
    expect(lines).toEqual([
      {
        attributionKey: expect.any(Object),
        day: '2024-09-01',
        provider: 'AWS',
        billingAccountId: '1234567890123',
        subAccountId: '51738928782',
        subAccountName: '',
        serviceName: 'Amazon Elastic Compute Cloud',
        serviceCategory: '',
        regionId: 'us-east-1',
        resourceId: 'i-0abc',
        resourceName: '',
        chargeCategory: 'Usage',
        currency: 'USD',
        tags: { model: 'llama3-70b', env: 'prod' },
        billedCost: 16_059_900n,
        effectiveCost: -123_456_789_012_000_000_000_001n,
        listCost: parseMoney('1'),
        rowCount: 1,
        // No BillingPeriodStart column: the calendar month of the charge.
        billingPeriod: '2024-09-01',
      },
    ]);
    expect(stats.rows).toBe(1);
    expect(stats.bytes).toBeGreaterThan(0);
  });

  it('reads a gzip CSV (.csv.gz) like the plain one', async () => {
    // Prepare
    const text = csvText(hourly);
    const plain = ws.write('hourly.csv', text);
    const gz = ws.write('hourly.csv.gz', gzipSync(text));

    // Act
    const a = await ws.read(plain);
    const b = await ws.read(gz);

    // Assess
    expect(b.lines).toEqual(a.lines);
    expect(b.stats.rows).toBe(24);
  });

  it('reads a Parquet file, with typed columns and a MAP of tags', async () => {
    // Prepare
    const file = ws.path('typed.parquet');
    const e = await ws.engine();
    await e.conn.run(`COPY (
      SELECT TIMESTAMPTZ '2024-09-01 23:30:00-05' AS ChargePeriodStart, 'Google Cloud' AS ProviderName,
        'billing-1' AS BillingAccountId, 'Vertex AI' AS ServiceName, 'Usage' AS ChargeCategory,
        'EUR' AS BillingCurrency, 1.00000000001::DECIMAL(24,11) AS BilledCost, 0.5::DOUBLE AS EffectiveCost,
        NULL::DECIMAL(10,2) AS ListCost, MAP {'Model': 'Gemini', 'stage': 'serve'} AS Tags
    ) TO '${file}' (FORMAT parquet)`);

    // Act
    const { lines, stats } = await ws.read(file);

    // Assess
    expect(stats.rows).toBe(1);
    expect(lines).toEqual([
      expect.objectContaining({
        day: '2024-09-02', // 23:30 at -05:00 is 04:30 UTC the next day
        provider: 'Google Cloud',
        serviceName: 'Vertex AI',
        currency: 'EUR',
        regionId: '',
        tags: { Model: 'Gemini', stage: 'serve' },
        billedCost: 1_000_000_000_010n,
        effectiveCost: parseMoney('0.5'),
        listCost: 0n,
        rowCount: 1,
      }),
    ]);
  });

  it('reads FOCUS 1.3 files, where ProviderName became ServiceProviderName', async () => {
    // Prepare
    const header = HEADER.map((h) => (h === 'ProviderName' ? 'ServiceProviderName' : h));
    const file = ws.write('focus13.csv', csvText([{ ServiceProviderName: 'Microsoft' }], header));

    // Act
    const { lines } = await ws.read(file);

    // Assess
    expect(lines.map((l) => l.provider)).toEqual(['Microsoft']);
  });

  it('matches header names ignoring case, ignores unknown columns, defaults optional ones', async () => {
    // Prepare
    const header = [
      'chargeperiodstart',
      'PROVIDERNAME',
      'BillingAccountId',
      'ServiceName',
      'ChargeCategory',
      'BillingCurrency',
      'billedcost',
      'EffectiveCost',
      'x-custom',
      'Tags',
    ];
    const file = ws.write(
      'loose.csv',
      csvText(
        [
          {
            chargeperiodstart: '2024-09-03T00:00:00Z',
            PROVIDERNAME: 'Oracle',
            billedcost: '2',
            'x-custom': 'ignored',
          },
        ],
        header,
      ),
    );

    // Act
    const { lines } = await ws.read(file);

    // Assess
    expect(lines).toEqual([
      expect.objectContaining({
        day: '2024-09-03',
        provider: 'Oracle',
        subAccountId: '',
        regionId: '',
        billedCost: parseMoney('2'),
        listCost: 0n,
      }),
    ]);
  });

  it.each([
    ['a byte order mark', (t: string) => `\uFEFF${t}`],
    ['CRLF line ends', (t: string) => t.replaceAll('\n', '\r\n')],
    ['semicolons', (t: string) => t.replaceAll(',', ';').replaceAll('""; ""', '"", ""')],
  ])('sniffs the dialect of a CSV with %s', async (name, dialect) => {
    // Prepare
    const text = dialect(csvText([{ BilledCost: '1.5', Tags: '{"model": "a", "env": "dev"}' }]));
    const file = ws.write(`dialect-${name.replace(/\W/g, '')}.csv`, text);

    // Act
    const { lines } = await ws.read(file);

    // Assess
    expect(lines.map((l) => [l.day, l.provider, l.billedCost, l.tags])).toEqual([
      ['2024-09-01', 'AWS', parseMoney('1.5'), { model: 'a', env: 'dev' }],
    ]);
  });

  it('tells the file kinds apart by extension', () => {
    // Act / Assess
    expect(
      ['a.csv', 'A.CSV', 'a.csv.gz', 'a.tsv', 'a.csv.zst', 'a.parquet', 'a.xlsx', 'a.json', 'a'].map(
        fileKind,
      ),
    ).toEqual(['csv', 'csv', 'csv', 'csv', 'csv', 'parquet', undefined, 'json', undefined]);
  });
});

describe('readFocusFile: days and folding', () => {
  it('folds the 24 hourly rows of one resource-day into one line with exact sums', async () => {
    // Prepare
    const file = ws.write(
      'fold.csv',
      csvText([...hourly, { ResourceId: 'i-other' }, { ChargePeriodStart: '2024-09-02 00:00:00' }]),
    );

    // Act
    const { lines, stats } = await ws.read(file);

    // Assess
    expect(stats.rows).toBe(26);
    const day = lines.find((l) => l.resourceId === 'i-0abc' && l.day === '2024-09-01');
    expect(day).toMatchObject({
      rowCount: 24,
      billedCost: hourly.reduce((a, r) => a + parseMoney(r.BilledCost), 0n),
      effectiveCost: parseMoney('-288'), // -(0 + 1 + ... + 23) - 24 * 0.5
      listCost: parseMoney('0.276'),
    });
    expect(day?.billedCost).toBe(3_000n); // 0.00000000001 + ... + 0.00000000024
    expect(lines.map((l) => [l.day, l.resourceId, l.rowCount]).sort()).toEqual([
      ['2024-09-01', 'i-0abc', 24],
      ['2024-09-01', 'i-other', 1],
      ['2024-09-02', 'i-0abc', 1],
    ]);
  });

  it('takes the UTC day of a start written with a UTC offset', async () => {
    // Prepare
    const file = ws.write(
      'offsets.csv',
      csvText([
        { ChargePeriodStart: '2024-09-01T23:30:00-05:00', ResourceId: 'late' },
        { ChargePeriodStart: '2024-09-01T00:00:00Z', ResourceId: 'utc' },
        { ChargePeriodStart: '2024-09-02T01:00:00+02:00', ResourceId: 'east' },
      ]),
    );

    // Act
    const { lines } = await ws.read(file);

    // Assess
    const dayOf = Object.fromEntries(lines.map((l) => [l.resourceId, l.day]));
    expect(dayOf).toEqual({ late: '2024-09-02', utc: '2024-09-01', east: '2024-09-01' });
  });

  it('sums exactly whether every amount fits 64-bit decimals or one needs 128 bits', async () => {
    // Prepare: the same small amounts, once alone and once beside an amount over a million
    const small = Array.from({ length: 50 }, (_, i) => ({
      BilledCost: `0.${String(i + 1).padStart(12, '0')}`,
    }));
    const narrow = ws.write('narrow.csv', csvText(small));
    const wide = ws.write('wide.csv', csvText([...small, { BilledCost: '98765432109.123456789012' }]));

    // Act
    const [a, b] = [await ws.read(narrow), await ws.read(wide)];

    // Assess: 1 + 2 + ... + 50 pico-units = 1275
    expect(a.lines.map((l) => l.billedCost)).toEqual([1275n]);
    expect(b.lines.map((l) => l.billedCost)).toEqual([1275n + 98_765_432_109_123_456_789_012n]);
  });

  it('keeps rows with different tags apart', async () => {
    // Prepare
    const file = ws.write(
      'tags-apart.csv',
      csvText([{}, { Tags: '{"model": "bert"}' }, { Tags: 'NULL' }, {}]),
    );

    // Act
    const { lines } = await ws.read(file);

    // Assess
    expect(lines.map((l) => [JSON.stringify(l.tags), l.rowCount]).sort()).toEqual([
      ['{"model":"bert"}', 1],
      ['{"model":"llama3-70b","env":"prod"}', 2],
      ['{}', 1],
    ]);
  });

  it.each([
    ['2024-09-01T23:30:00-05:00', '2024-09-02'],
    ['2024-09-02T01:00:00+02:00', '2024-09-01'],
    ['2024-09-01T00:00:00Z', '2024-09-01'],
    ['2024-09-30T23:59:59.999Z', '2024-09-30'],
    ['2024-09-01 00:00:00', '2024-09-01'], // no offset: UTC, as FOCUS says
    ['2024-09-01', '2024-09-01'],
  ])('puts a period starting at %s on the UTC day %s', async (start, day) => {
    // Prepare
    const file = ws.write(
      `day-${start.replace(/[^0-9A-Z]/gi, '')}.csv`,
      csvText([{ ChargePeriodStart: start }]),
    );

    // Act
    const { lines } = await ws.read(file);

    // Assess
    expect(lines.map((l) => l.day)).toEqual([day]);
  });

  it('turns tag values into text and drops null ones', async () => {
    // Prepare
    const file = ws.write(
      'tag-types.csv',
      csvText([{ Tags: '{"model": "a", "gpus": 8, "spot": true, "owner": null, "meta": {"k": 1}}' }]),
    );

    // Act
    const { lines } = await ws.read(file);

    // Assess
    expect(lines[0]?.tags).toEqual({ model: 'a', gpus: '8', spot: 'true', meta: '{"k":1}' });
  });
});
