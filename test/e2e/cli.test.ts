import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SAMPLE = 'test/fixtures/focus/focus_sample.csv';
const CONFIG = 'examples/focus-sample.config.yaml';
const dir = mkdtempSync(join(tmpdir(), 'costguard-cli-'));
const db = join(dir, 'cli.duckdb');

function costguard(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/costguard.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const report = (...extra: string[]) =>
  costguard('report', '--db', db, '--config', CONFIG, '--from', '2024-09-01', '--to', '2024-09-30', ...extra);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('costguard import + report (the real CLI on the FOCUS sample)', () => {
  beforeAll(() => {
    const r = costguard('import', SAMPLE, '--db', db, '--config', CONFIG, '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('reports in the documented JSON shape, sorted by cost, with unattributed spend as its own rows', () => {
    const r = report('--by', 'model,stage', '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['metric', 'from', 'to', 'by', 'rows', 'totals']);
    expect(json).toMatchObject({
      metric: 'effective',
      from: '2024-09-01',
      to: '2024-09-30',
      by: ['model', 'stage'],
    });
    expect(Object.keys(json.rows[0])).toEqual(['model', 'stage', 'currency', 'cost']);
    const costs = json.rows.map((row: { cost: number }) => row.cost);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    expect(json.rows.some((row: { model: string }) => row.model === 'unattributed')).toBe(true);
    // Totals per provider are checked to the cent against the file in test/unit/sources; here, the sum.
    expect(json.totals).toEqual([{ currency: 'USD', cost: 14.976514 }]);
  });

  it('re-importing the same file does not double anything', () => {
    const before = report('--by', 'provider', '--metric', 'billed', '--format', 'json').out;
    expect(costguard('import', SAMPLE, '--db', db, '--config', CONFIG, '--format', 'json').code).toBe(0);
    const after = report('--by', 'provider', '--metric', 'billed', '--format', 'json').out;
    expect(after).toBe(before);
    expect(JSON.parse(after).totals).toEqual([{ currency: 'USD', cost: 20.520227 }]);
  });

  it('rejects a file with a missing column and an unparsable value, naming them, and imports nothing', () => {
    const before = report('--format', 'json').out;
    const lines = readFileSync(SAMPLE, 'utf8').split('\n');
    const noBilled = join(dir, 'no-billed.csv');
    // Drop the second column (BilledCost) from the header and two rows.
    const dropSecond = (l: string) => l.replace(/^([^,]*),[^,]*,/, '$1,');
    writeFileSync(noBilled, [lines[0] ?? '', ...lines.slice(1, 3)].map(dropSecond).join('\n'));
    const missing = costguard('import', noBilled, '--db', db, '--config', CONFIG);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/missing required FOCUS column BilledCost/);

    const badValue = join(dir, 'bad-value.csv');
    const broken = [...lines.slice(0, 10)];
    broken[7] = (broken[7] ?? '').replace(/^NULL,[0-9.]+,/, 'NULL,12.3.4,');
    writeFileSync(badValue, broken.join('\n'));
    const bad = costguard('import', SAMPLE, badValue, '--db', db, '--config', CONFIG);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${badValue}, line 8, column BilledCost: "12.3.4" is not a decimal amount.`);
    expect(report('--format', 'json').out).toBe(before);
  });

  it('explains bad flags with exit code 2', () => {
    const r = costguard('report', '--db', db, '--from', '2024-13-01');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--from must be a day as YYYY-MM-DD, got "2024-13-01"');
    expect(costguard('report', '--db', db, '--by', 'model,team').err).toContain(
      '--by takes a comma-separated list',
    );
  });

  it('writes CSV with a header and exact 6-decimal costs', () => {
    const r = report('--by', 'provider', '--metric', 'billed', '--format', 'csv');
    expect(r.out.trim().split('\n')).toEqual([
      'provider,currency,cost',
      'AWS,USD,18.006639',
      'Microsoft,USD,1.976514',
      'Oracle,USD,0.537074',
    ]);
  });
});

describe('costguard demo --sample', () => {
  it('imports the shipped sample and prints the per-model, per-stage report', () => {
    const r = costguard('demo', '--sample', '--db', join(dir, 'demo.duckdb'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('effective cost, 2024-09-01 .. 2024-09-30, by model, stage');
    expect(r.out).toMatch(/brightpathmatrix\s+dev\s+USD\s+16\.00/);
    expect(r.out).toMatch(/unattributed\s+serve\s+USD\s+2\.13/);
  });
});
