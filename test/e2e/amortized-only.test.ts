import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { billedGaps } from '../../src/core/import-scopes.js';
import type { ImportRecord } from '../../src/core/ports.js';
import { runCli } from '../helpers/cli.js';

// Issue 21: an Azure amortized-cost file imported alone has no billed cost. Its billed column repeated
// the amortized amounts, so `report --metric billed` showed 16.30 where the invoice says 8.55, silently.
// Now the import says so, the days are marked, and billed reports refuse them until the actual-cost
// file is imported (or the config knowingly takes billed from amortized).

const FX = 'test/fixtures/azure-cost';
const ACTUAL = `${FX}/ea-actual-cost-2024-09.csv`;
const AMORTIZED = `${FX}/ea-amortized-cost-2024-09.csv`;
const dir = mkdtempSync(join(tmpdir(), 'costguard-amortized-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => runCli(args, new Date('2024-10-02T08:00:00Z'), '');
const range = ['--from', '2024-09-01', '--to', '2024-09-30'];

describe('amortized cost imported alone', () => {
  it('is said by the import, and billed reports refuse those days until the actual-cost file comes', async () => {
    // Prepare
    const db = join(dir, 'alone.duckdb');

    // Act 1: the amortized file alone
    const imported = await cli('import', AMORTIZED, '--db', db, '--format', 'json');

    // Assess 1
    expect(imported.code, imported.err).toBe(0);
    const summary = JSON.parse(imported.out);
    expect(summary.billedUnavailable).toBe(true);
    expect(summary.scopes.every((s: { billedUnavailable?: boolean }) => s.billedUnavailable)).toBe(true);
    const billed = await cli('report', '--db', db, ...range, '--metric', 'billed', '--format', 'json');
    expect(billed.code).toBe(2);
    expect(billed.err).toContain('billed cost is not in the store for');
    expect(billed.err).toContain('amortized-cost files only');
    const effective = await cli('report', '--db', db, ...range, '--metric', 'effective', '--format', 'json');
    expect(effective.code, effective.err).toBe(0);

    // Act 2: the actual-cost file beside it, as Azure writes the pair
    const both = await runCli(
      ['import', ACTUAL, AMORTIZED, '--db', db, '--format', 'json'],
      new Date('2024-10-03T08:00:00Z'),
      '',
    );

    // Assess 2: the days now have billed cost, and the report gives it
    expect(both.code, both.err).toBe(0);
    expect(JSON.parse(both.out).billedUnavailable).toBe(false);
    const after = await cli('report', '--db', db, ...range, '--metric', 'billed', '--format', 'json');
    expect(after.code, after.err).toBe(0);
    expect(JSON.parse(after.out).rows.length).toBeGreaterThan(0);
  });

  it('the table output says it too', async () => {
    const r = await runCli(
      ['import', AMORTIZED, '--db', join(dir, 'table.duckdb'), '--format', 'table'],
      new Date('2024-10-02T08:00:00Z'),
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('billed cost: not in these files (amortized cost only)');
  });

  it('imports.billedFromAmortized: true takes billed from amortized, knowingly', async () => {
    // Prepare
    const config = join(dir, 'from-amortized.yaml');
    writeFileSync(config, 'imports:\n  billedFromAmortized: true\n');
    const db = join(dir, 'from-amortized.duckdb');

    // Act
    const imported = await cli('import', AMORTIZED, '--config', config, '--db', db, '--format', 'json');
    const billed = await cli(
      'report',
      '--config',
      config,
      '--db',
      db,
      ...range,
      '--metric',
      'billed',
      '--format',
      'json',
    );

    // Assess
    expect(JSON.parse(imported.out).billedUnavailable).toBe(false);
    expect(billed.code, billed.err).toBe(0);
  });
});

describe('billedGaps', () => {
  const record = (id: string, at: string, scope: Partial<ImportRecord['scopes'][number]>): ImportRecord => ({
    id,
    source: 'azure-cost',
    origin: id,
    importedAt: at,
    rowCount: 1,
    factCount: 1,
    scopes: [
      { provider: 'Microsoft', billingAccountId: 'ea-1', from: '2024-09-01', to: '2024-09-30', ...scope },
    ],
  });

  it('keeps a marked scope until a later import of the same account covers its days with billed cost', () => {
    const marked = record('a', '2024-10-01T00:00:00Z', { billedUnavailable: true });
    const otherAccount = record('b', '2024-10-02T00:00:00Z', { billingAccountId: 'ea-2' });
    const earlier = record('c', '2024-09-15T00:00:00Z', {});
    const later = record('d', '2024-10-03T00:00:00Z', {});
    const sep = { from: '2024-09-10', to: '2024-09-12' };
    expect(billedGaps([marked, otherAccount, earlier], sep)).toHaveLength(1);
    expect(billedGaps([marked, otherAccount, earlier], { from: '2024-10-01', to: '2024-10-31' })).toEqual([]);
    expect(billedGaps([marked, later], sep)).toEqual([]);
  });
});
