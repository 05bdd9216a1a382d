import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/app/import-files.js';
import { loadConfig } from '../../../src/config/load.js';
import { formatMoney, parseMoney } from '../../../src/core/money.js';
import { buildReport } from '../../../src/core/report.js';
import { DuckDbCostStore } from '../../../src/store/duckdb/duckdb-cost-store.js';

// Expected figures: the output of test/fixtures/focus/expected.py, an independent Python
// implementation of the attribution rules over the same file (exact decimals).
const EXPECTED_PROVIDERS = {
  AWS: ['18.00663861840', '13.00000000000'],
  Microsoft: ['1.97651418586', '1.97651418586'],
  Oracle: ['0.53707392473', '0'],
};
const EXPECTED_MODEL_STAGE_NONZERO = {
  'brightpathmatrix/dev': '16.00000000000',
  'unattributed/serve': '2.12841174764',
  'unattributed/train': '-0.15189756178',
  'unattributed/unattributed': '-3.00000000000',
};

const dir = mkdtempSync(join(tmpdir(), 'costguard-sample-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the FOCUS 1.0 sample export', async () => {
  // Prepare / Act: import through the real reader, attribution and DuckDB store
  const config = loadConfig('examples/focus-sample.config.yaml');
  const store = await DuckDbCostStore.open(join(dir, 'sample.duckdb'));
  await importFiles({
    files: ['test/fixtures/focus/focus_sample.csv'],
    attribution: config.attribution,
    store,
    clock: { now: () => new Date('2026-11-22T00:00:00Z') },
  });
  const facts = await store.queryFacts({ from: '2024-09-01', to: '2024-09-30' });
  await store.close();
  const q = { from: '2024-09-01', to: '2024-09-30' } as const;

  it('reconciles per provider with the file to the last decimal (so to the cent)', () => {
    const billed = buildReport(facts, { ...q, by: ['provider'], metric: 'billed' });
    const effective = buildReport(facts, { ...q, by: ['provider'], metric: 'effective' });
    for (const [provider, [b, e]] of Object.entries(EXPECTED_PROVIDERS)) {
      expect(billed.rows.find((r) => r.keys.provider === provider)?.cost).toBe(parseMoney(b ?? ''));
      expect(effective.rows.find((r) => r.keys.provider === provider)?.cost).toBe(parseMoney(e ?? ''));
      expect(formatMoney(billed.rows.find((r) => r.keys.provider === provider)?.cost ?? 0n)).toBe(
        formatMoney(parseMoney(b ?? '')),
      );
    }
  });

  it('attributes the messy real tag keys as the rules say', () => {
    const report = buildReport(facts, { ...q, by: ['model', 'stage'], metric: 'effective' });
    const nonZero = Object.fromEntries(
      report.rows.filter((r) => r.cost !== 0n).map((r) => [`${r.keys.model}/${r.keys.stage}`, r.cost]),
    );
    expect(nonZero).toEqual(
      Object.fromEntries(Object.entries(EXPECTED_MODEL_STAGE_NONZERO).map(([k, v]) => [k, parseMoney(v)])),
    );
    expect(report.rows).toHaveLength(340);
    // Every Oracle row in the sample carries an application tag: tags win over the Oracle rule.
    const oracle = facts.filter((f) => f.provider === 'Oracle');
    expect(oracle.length).toBeGreaterThan(0);
    expect(oracle.every((f) => f.modelBy === 'tag:application')).toBe(true);
  });
});
