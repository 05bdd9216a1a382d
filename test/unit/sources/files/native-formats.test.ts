import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { CostLine } from '../../../../src/core/cost-line.js';
import { parseMoney } from '../../../../src/core/money.js';
import { FileImportError } from '../../../../src/sources/files/errors.js';
import { readExportFile } from '../../../../src/sources/files/focus-reader.js';
import { parseAzureTags } from '../../../../src/sources/files/formats/azure-columns.js';
import { parseGcpLabels } from '../../../../src/sources/files/formats/gcp-columns.js';
import { describeFile } from '../../../../src/sources/files/formats/registry.js';
import type { FormatName } from '../../../../src/sources/files/line-source.js';
import { workspace } from './focus-files.js';

const ws = workspace('native');
afterAll(() => ws.close());
const FX = 'test/fixtures';
const CUR2 = `${FX}/aws-cur2/cur2-2024-09-00001.csv`;

async function read(file: string, format?: FormatName): Promise<CostLine[]> {
  const e = await ws.engine();
  const lines: CostLine[] = [];
  for await (const l of readExportFile(e.conn, file, format ? { format } : {})) lines.push(l);
  return lines;
}
async function readError(file: string): Promise<FileImportError> {
  try {
    await read(file);
  } catch (e) {
    if (e instanceof FileImportError) return e;
    throw e;
  }
  throw new Error(`${file} was read without an error`);
}
const sum = (
  lines: CostLine[],
  pick: (l: CostLine) => bigint,
  where: (l: CostLine) => boolean = () => true,
) => lines.filter(where).reduce((a, l) => a + pick(l), 0n);

describe('format detection from the header', () => {
  it.each([
    [CUR2, 'aws-cur2'],
    [`${FX}/aws-cur/cur-legacy-2024-09-1.csv`, 'aws-cur'],
    [`${FX}/gcp-export/gcp-billing-2024-09.jsonl`, 'gcp-export'],
    [`${FX}/gcp-export/gcp-billing-2024-09.csv`, 'gcp-export'],
    [`${FX}/azure-cost/ea-actual-cost-2024-09.csv`, 'azure-cost'],
    [`${FX}/azure-cost/mca-cost-details-2024-09.csv`, 'azure-cost'],
    [`${FX}/focus/focus_sample.csv`, 'focus'],
  ])('%s is %s', async (file, format) => {
    const e = await ws.engine();
    expect((await describeFile(e.conn, file)).format).toBe(format);
  });

  it('tells Azure actual from amortized cost by content when the name does not say', async () => {
    // Prepare: the same files under neutral names
    const e = await ws.engine();
    const actual = ws.write('ea-a.csv', readFileSync(`${FX}/azure-cost/ea-actual-cost-2024-09.csv`));
    const amortized = ws.write('ea-b.csv', readFileSync(`${FX}/azure-cost/ea-amortized-cost-2024-09.csv`));

    // Act / Assess
    expect((await describeFile(e.conn, actual)).variant).toBe('actual');
    expect((await describeFile(e.conn, amortized)).variant).toBe('amortized');
  });

  it('refuses a header no format knows', async () => {
    const e = await readError(ws.write('other.csv', 'a,b\n1,2\n'));
    expect(e).toMatchObject({ code: 'UNKNOWN_FORMAT' });
    expect(e.message).toContain('not a billing export costguard knows');
  });
});

describe('AWS CUR: amortization as AWS defines it', () => {
  const byType = async () => {
    const lines = await read(CUR2);
    const day1 = (l: CostLine) => l.day === '2024-09-01';
    return { lines, day1 };
  };

  it('puts Savings Plan covered usage at its SP rate and the negation at 0, keeping billed as the invoice', async () => {
    const { lines } = await byType();
    const sp = lines.filter((l) => l.resourceId === 'i-0a1b2c3d4e5f60002');
    // The covered usage and its negation group into one resource-day line.
    expect(sp).toHaveLength(1);
    expect(sp[0]).toMatchObject({
      billedCost: 0n,
      effectiveCost: parseMoney('5.2'),
      listCost: parseMoney('8'),
      rowCount: 2,
    });
    expect(sp[0]?.tags).toEqual({ user_model: 'gemma-7b', user_stage: 'serve' });
  });

  it('counts only the unused commitment of recurring fees, and no upfront fee', async () => {
    const { lines } = await byType();
    const purchase = lines.filter((l) => l.chargeCategory === 'Purchase');
    // SP recurring 6.00 (unused 0.80), SP upfront 50.00 (0), RI fee 30.00 (unused 0.25), RI upfront 100.00 (0)
    expect(sum(purchase, (l) => l.billedCost)).toBe(parseMoney('186'));
    expect(sum(purchase, (l) => l.effectiveCost)).toBe(parseMoney('1.05'));
    const riUsage = lines.find(
      (l) => l.serviceName === 'Amazon Relational Database Service' && l.chargeCategory === 'Usage',
    );
    expect(riUsage).toMatchObject({ billedCost: 0n, effectiveCost: parseMoney('1.25') });
  });

  it('keeps tax and credits in their own charge category, and the service name from the product map', async () => {
    const { lines } = await byType();
    expect(lines.find((l) => l.chargeCategory === 'Tax')).toMatchObject({
      billedCost: parseMoney('1.23'),
      serviceName: 'Amazon Elastic Compute Cloud',
    });
    expect(lines.find((l) => l.chargeCategory === 'Credit')).toMatchObject({
      effectiveCost: parseMoney('-2.5'),
    });
    expect(lines.every((l) => l.provider === 'AWS' && l.billingAccountId === '111122223333')).toBe(true);
  });

  it('reads CUR 2.0 Parquet (DOUBLE amounts, MAP tags, TIMESTAMP) like the CSV, exact to the pico-unit', async () => {
    // Prepare: the CSV rewritten with the CUR 2.0 Parquet types
    const e = await ws.engine();
    const file = ws.path('cur2.parquet');
    const money = [
      'line_item_unblended_cost',
      'line_item_net_unblended_cost',
      'pricing_public_on_demand_cost',
      'reservation_effective_cost',
      'reservation_unused_amortized_upfront_fee_for_billing_period',
      'reservation_unused_recurring_fee',
      'savings_plan_savings_plan_effective_cost',
      'savings_plan_total_commitment_to_date',
      'savings_plan_used_commitment',
    ];
    const typed = money.map((c) => `TRY_CAST(${c} AS DOUBLE) AS ${c}`).join(', ');
    await e.conn.run(`COPY (SELECT * REPLACE (${typed},
        CAST(line_item_usage_start_date AS TIMESTAMP) AS line_item_usage_start_date,
        CAST(json_transform(product, '"MAP(VARCHAR, VARCHAR)"') AS MAP(VARCHAR, VARCHAR)) AS product,
        CAST(json_transform(coalesce(resource_tags, '{}'), '"MAP(VARCHAR, VARCHAR)"') AS MAP(VARCHAR, VARCHAR)) AS resource_tags)
      FROM read_csv('${CUR2}', all_varchar = true)) TO '${file}' (FORMAT parquet)`);

    // Act
    const csv = await read(CUR2);
    const parquet = await read(file);

    // Assess
    const key = (l: CostLine) =>
      `${l.day}|${l.resourceId}|${l.chargeCategory}|${l.billedCost}|${l.effectiveCost}|${l.listCost}|${JSON.stringify(l.tags)}`;
    expect(parquet.map(key).sort()).toEqual(csv.map(key).sort());
    expect(
      sum(
        parquet,
        (l) => l.billedCost,
        (l) => l.day === '2024-09-02',
      ),
    ).toBe(parseMoney('10.500123456789'));
  });

  it('reads a gzip CUR part like the plain one', async () => {
    const gz = ws.write('cur2.csv.gz', gzipSync(readFileSync(CUR2)));
    expect((await read(gz)).length).toBe((await read(CUR2)).length);
  });

  it('reads legacy CUR tag columns as tags', async () => {
    const lines = await read(`${FX}/aws-cur/cur-legacy-2024-09-1.csv`);
    expect(lines.find((l) => l.resourceId === 'i-0a1b2c3d4e5f60001')?.tags).toEqual({
      'user:model': 'llama3-70b',
      'user:stage': 'train',
    });
  });

  it.each([
    [
      'amount',
      {
        name: 'bad-amount.csv',
        line: 4,
        was: ',i-0a1b2c3d4e5f60002,-8.0,',
        now: ',i-0a1b2c3d4e5f60002,-8.0.1,',
        column: 'line_item_unblended_cost',
        says: (file: string) =>
          `${file}, line 4, column line_item_unblended_cost: "-8.0.1" is not a decimal amount.`,
      },
    ],
    [
      'usage start date',
      {
        name: 'bad-date.csv',
        line: 6,
        was: '2024-09-01T00:00:00Z',
        now: 'sometime',
        column: 'line_item_usage_start_date',
        says: (_file: string) => '"sometime" is not a date',
      },
    ],
  ] as const)(
    'names file, line and column of a bad %s',
    async (_what, { name, line, was, now, column, says }) => {
      // Line n of the file is rows[n - 1]; every `was` on it becomes `now`.
      const rows = readFileSync(CUR2, 'utf8').split('\n');
      rows[line - 1] = (rows[line - 1] ?? '').replaceAll(was, now);
      const file = ws.write(name, rows.join('\n'));
      const e = await readError(file);
      expect(e).toMatchObject({ code: 'BAD_VALUE', file, line, column });
      expect(e.message).toContain(says(file));
    },
  );
});

describe('Google Cloud billing export', () => {
  it('splits credits into Credit lines on the usage line, and maps cost_type', async () => {
    const lines = await read(`${FX}/gcp-export/gcp-billing-2024-09.jsonl`);
    const gpu = lines.filter((l) => l.resourceId.endsWith('/instances/4417382957239'));
    expect(gpu.map((l) => [l.chargeCategory, l.billedCost, l.rowCount])).toEqual(
      expect.arrayContaining([
        ['Usage', parseMoney('12.345678'), 1],
        ['Credit', parseMoney('-2.845678'), 0],
      ]),
    );
    expect(gpu.every((l) => l.tags.model === 'llama3-70b' && l.subAccountId === 'ml-train-prod')).toBe(true);
    expect(lines.find((l) => l.chargeCategory === 'Tax')).toMatchObject({
      billedCost: parseMoney('1.99'),
      provider: 'Google Cloud',
    });
    expect(lines.find((l) => l.chargeCategory === 'Adjustment')?.billedCost).toBe(parseMoney('-0.5'));
  });

  it('reads JSON numbers as written, not through binary scaling', async () => {
    const row = readFileSync(`${FX}/gcp-export/gcp-billing-2024-09.jsonl`, 'utf8').split('\n')[1] ?? '';
    const file = ws.write('exact.jsonl', `${row.replace('"cost": 7.5', '"cost": 123456.123456789')}\n`);
    expect((await read(file))[0]?.billedCost).toBe(parseMoney('123456.123456789'));
  });

  it('parses labels as a repeated key/value record or an object', () => {
    expect(parseGcpLabels('[{"key":"model","value":"x"},{"key":"n","value":null}]')).toEqual({ model: 'x' });
    expect(parseGcpLabels('{"model":"x"}')).toEqual({ model: 'x' });
    expect(parseGcpLabels('[1]')).toBeUndefined();
  });
});

describe('Azure cost details', () => {
  it('maps EA (PascalCase) and MCA (camelCase) names to the same fields', async () => {
    const ea = await read(`${FX}/azure-cost/ea-actual-cost-2024-09.csv`);
    const mca = await read(`${FX}/azure-cost/mca-cost-details-2024-09.csv`);
    expect(ea.find((l) => l.day === '2024-09-01' && l.chargeCategory === 'Usage')).toMatchObject({
      provider: 'Microsoft',
      billingAccountId: '12345678',
      currency: 'USD',
      serviceName: 'Virtual Machines',
    });
    expect(mca.find((l) => l.day === '2024-09-01' && l.chargeCategory === 'Usage')).toMatchObject({
      provider: 'Microsoft',
      subAccountId: '9a8b7c6d-5e4f-3a2b-1c0d-ffeeddccbbaa',
      currency: 'EUR',
      regionId: 'westeurope',
      listCost: parseMoney('6'),
    });
    expect(mca.find((l) => l.chargeCategory === 'Credit')?.billedCost).toBe(parseMoney('-1.25'));
    expect(ea.find((l) => l.chargeCategory === 'Purchase')?.billedCost).toBe(parseMoney('300'));
  });

  it('parses Tags with and without braces, keeping key case', () => {
    expect(parseAzureTags('{"Model": "a", "stage": "b"}')).toEqual({ Model: 'a', stage: 'b' });
    expect(parseAzureTags('"Model": "a","stage": "b"')).toEqual({ Model: 'a', stage: 'b' });
    expect(parseAzureTags('Model=a')).toBeUndefined();
  });

  it('names the line of a date it cannot read', async () => {
    const rows = readFileSync(`${FX}/azure-cost/mca-cost-details-2024-09.csv`, 'utf8').split('\n');
    rows[2] = (rows[2] ?? '').replaceAll(',2024-09-01,', ',31/31/2024,');
    const file = ws.write('bad-date-azure.csv', rows.join('\n'));
    expect(await readError(file)).toMatchObject({ code: 'BAD_VALUE', file, line: 3, column: 'date' });
  });
});
