import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../../../src/app/import-files.js';
import { loadConfig } from '../../../../src/config/load.js';
import { attribute } from '../../../../src/core/attribution/attribute.js';
import type { CostFact } from '../../../../src/core/cost-fact.js';
import type { CostLine, Metric } from '../../../../src/core/cost-line.js';
import { formatMoney, parseMoney } from '../../../../src/core/money.js';
import type { CostStore, ImportRecord } from '../../../../src/core/ports.js';
import { buildReport, type ReportDimension } from '../../../../src/core/report.js';
import { type FileEngine, openFileEngine } from '../../../../src/sources/files/engine.js';
import { openExportFiles } from '../../../../src/sources/files/export-batch.js';
import { type ReadStats, readFocusFile } from '../../../../src/sources/files/focus-reader.js';

const SAMPLE = 'test/fixtures/focus/focus_sample.csv';
const CONFIG = 'test/fixtures/focus/sample.config.yaml';

// The output of `python3 test/fixtures/focus/expected.py`: an independent implementation of the
// attribution rules over the same file, in exact decimals. Do not edit by hand; re-run the script.
const EXPECTED = {
  rows: 1000,
  providers: {
    AWS: { billed: '18.0066386184', effective: '13' },
    Microsoft: { billed: '1.97651418586', effective: '1.97651418586' },
    Oracle: { billed: '0.53707392473', effective: '0' },
  },
  modelStageEffectiveNonZero: {
    'brightpathmatrix/dev': '16',
    'brightpathmatrix/unattributed': '-3',
    'foo/serve': '1.581149012',
    'notebooks/train': '-0.15189756178',
    'unattributed/serve': '0.54726273564',
  },
  modelStagePairs: 340,
  sharedParts: {
    'aws-credits:brightpathmatrix/unattributed': { billed: '-2.6137', effective: '-3' },
    'azure-platform:foo/serve': { billed: '1.58088', effective: '1.58088' },
    'oracle-adjustments:maxcontrollite/dev': { billed: '0.090666666667', effective: '0' },
    'oracle-adjustments:safegridvault/dev': { billed: '0.090666666667', effective: '0' },
    'oracle-adjustments:saferadarcore/dev': { billed: '0.090666666666', effective: '0' },
  },
  sharedLinesWithNoTarget: { 'azure-platform': 3 },
} as const;

const SEPT = { from: '2024-09-01', to: '2024-09-30' } as const;
const report = (facts: CostFact[], by: ReportDimension[], metric: Metric) =>
  buildReport(facts, { ...SEPT, by, metric });
const asMoney = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, parseMoney(v)]));

/** A CostStore that keeps what it is given: importFiles needs one, this test only reads it back. */
class MemoryStore implements CostStore {
  readonly records: ImportRecord[] = [];
  facts: CostFact[] = [];
  async replaceFacts(record: ImportRecord, facts: AsyncIterable<CostFact> | Iterable<CostFact>) {
    this.records.push(record);
    this.facts = [];
    for await (const f of facts) this.facts.push(f);
  }
  async queryFacts() {
    return this.facts;
  }
  async listImports() {
    return this.records;
  }
  async close() {}
}

describe('the FOCUS 1.0 sample export, read and attributed under sample.config.yaml', () => {
  const config = loadConfig(CONFIG);
  let engine: FileEngine;
  let lines: CostLine[];
  let stats: ReadStats;
  let facts: CostFact[];

  beforeAll(async () => {
    // Prepare
    engine = await openFileEngine();

    // Act: the real reader (DuckDB), then the attribution
    lines = [];
    const reader = readFocusFile(engine.conn, SAMPLE);
    let step = await reader.next();
    for (; !step.done; step = await reader.next()) lines.push(step.value);
    stats = step.value;
    facts = attribute(lines, config.attribution);
  });
  afterAll(() => engine?.close());

  it('reads every row once, folded into fewer lines', () => {
    // Assess
    expect(stats.rows).toBe(EXPECTED.rows);
    expect(lines.reduce((a, l) => a + (l.rowCount ?? 0), 0)).toBe(EXPECTED.rows);
    expect(lines.length).toBeLessThan(EXPECTED.rows);
    expect(facts.reduce((a, f) => a + f.rowCount, 0)).toBe(EXPECTED.rows);
    expect(new Set(lines.map((l) => l.day)).size).toBe(30);
  });

  it("reconciles per provider with the file's own sums, exactly and so to the cent", () => {
    // Act
    const byProvider = (metric: Metric) => {
      const r = report(facts, ['provider'], metric);
      expect(r.totals.map((t) => t.currency)).toEqual(['USD']);
      const out: Record<string, bigint> = {};
      for (const row of r.rows) out[row.keys.provider ?? ''] = row.cost;
      return out;
    };
    const cents = (o: Record<string, bigint>) =>
      Object.entries(o)
        .map(([p, c]) => `${p} ${formatMoney(c)}`)
        .sort();

    // Assess
    for (const metric of ['billed', 'effective'] as const) {
      const want: Record<string, bigint> = {};
      for (const [p, v] of Object.entries(EXPECTED.providers)) want[p] = parseMoney(v[metric]);
      const got = byProvider(metric);
      expect(got).toEqual(want);
      expect(cents(got)).toEqual(cents(want));
    }
    expect(cents(byProvider('billed'))).toEqual(['AWS 18.01', 'Microsoft 1.98', 'Oracle 0.54']);
  });

  it('attributes per model and stage as the independent computation does', () => {
    // Act
    const r = report(facts, ['model', 'stage'], 'effective');

    // Assess
    const nonZero = Object.fromEntries(
      r.rows.filter((row) => row.cost !== 0n).map((row) => [`${row.keys.model}/${row.keys.stage}`, row.cost]),
    );
    expect(nonZero).toEqual(asMoney(EXPECTED.modelStageEffectiveNonZero));
    expect(r.rows).toHaveLength(EXPECTED.modelStagePairs);
  });

  it('splits the shared costs as the independent computation does, remainders included', () => {
    // Act
    const parts: Record<string, { billed: bigint; effective: bigint }> = {};
    for (const f of facts.filter((x) => x.modelBy.startsWith('shared:'))) {
      const key = `${f.modelBy.slice('shared:'.length)}:${f.model}/${f.stage}`;
      const p = parts[key] ?? { billed: 0n, effective: 0n };
      parts[key] = { billed: p.billed + f.billedCost, effective: p.effective + f.effectiveCost };
    }

    // Assess
    const want = Object.fromEntries(
      Object.entries(EXPECTED.sharedParts).map(([k, v]) => [
        k,
        { billed: parseMoney(v.billed), effective: parseMoney(v.effective) },
      ]),
    );
    expect(parts).toEqual(want);
    // The three Azure platform lines with no model to go to stay unattributed, on their own days.
    const stuck = facts.filter(
      (f) =>
        f.provider === 'Microsoft' && f.modelBy === 'unattributed' && f.serviceName !== 'Storage Accounts',
    );
    expect(stuck.map((f) => [f.day, f.serviceName])).toEqual([
      ['2024-09-01', 'Virtual Machine Scale Sets'],
      ['2024-09-05', 'Azure DB for MySQL'],
      ['2024-09-17', 'Virtual Machines'],
    ]);
  });

  it('follows the messy real tag keys: tags win over rules, rules fill the rest', () => {
    // Assess: every Oracle usage row carries application and environment tags, so the oracle-erp rule never applies
    const oracle = facts.filter((f) => f.provider === 'Oracle' && !f.modelBy.startsWith('shared:'));
    expect(oracle.length).toBeGreaterThan(0);
    expect(oracle.every((f) => f.modelBy === 'tag:application' && f.stageBy === 'tag:environment')).toBe(
      true,
    );
    // Azure ML instances have no model or stage tag: the rule sets both
    const ml = facts.filter((f) => f.serviceName === 'Azure Machine Learning');
    expect(new Set(ml.map((f) => `${f.model}/${f.stage}/${f.modelBy}/${f.stageBy}`))).toEqual(
      new Set(['notebooks/train/rule:azure-ml-notebooks/rule:azure-ml-notebooks']),
    );
    // Azure's capitalized `Project` key is the configured `project`; its `env: prod` is aliased to serve
    expect(
      facts.some((f) => f.model === 'foo' && f.modelBy === 'tag:project' && f.stageBy === 'tag:env'),
    ).toBe(true);
  });

  it('gives the same facts through importFiles into a store', async () => {
    // Prepare
    const store = new MemoryStore();

    // Act
    const summary = await importFiles({
      exports: openExportFiles,
      files: [SAMPLE],
      attribution: config.attribution,
      store,
      clock: { now: () => new Date('2026-11-22T00:00:00Z') },
    });

    // Assess
    // Facts carry the billing period they came from (the sample's BillingPeriodStart)
    expect((await store.queryFacts()).map(({ billingPeriod, ...f }) => f)).toEqual(
      expect.arrayContaining(facts),
    );
    expect(store.facts).toHaveLength(facts.length);
    expect(summary.record).toMatchObject({
      source: 'focus',
      rowCount: EXPECTED.rows,
      factCount: facts.length,
    });
    // Whole billing periods: Oracle's October period holds one row dated 2024-09-30, a correction-like
    // charge that is added to that day without replacing September
    expect(
      summary.record.scopes.map((s) => [
        s.provider,
        s.from,
        s.to,
        s.billingPeriod?.from,
        s.billingPeriod?.to,
      ]),
    ).toEqual([
      ['AWS', '2024-09-01', '2024-09-30', '2024-09-01', '2024-09-30'],
      ['Microsoft', '2024-09-01', '2024-09-30', '2024-09-01', '2024-09-30'],
      ['Oracle', '2024-09-01', '2024-09-30', '2024-09-01', '2024-09-30'],
      ['Oracle', '2024-09-30', '2024-10-31', '2024-10-01', '2024-10-31'],
    ]);
    const totals = Object.values(EXPECTED.providers).reduce((a, p) => a + parseMoney(p.billed), 0n);
    expect(summary.totals).toEqual([expect.objectContaining({ currency: 'USD', billedCost: totals })]);
  });
});
