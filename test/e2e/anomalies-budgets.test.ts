import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSuite, suiteCsv } from '../../scripts/anomaly-suite.js';
import { anomalyId } from '../../src/core/anomaly/anomaly-id.js';
import type { CostFact } from '../../src/core/cost-fact.js';
import { dayNumber, dayString, weekdayOf } from '../../src/core/day.js';
import { scopesOf } from '../../src/core/import-scopes.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { fact } from '../helpers/facts.js';

const TRAIN_ID = anomalyId({
  seriesId: 'model-stage|llama3-70b|train|USD',
  day: '2026-11-10',
  direction: 'up',
});

const dir = mkdtempSync(join(tmpdir(), 'costguard-anomaly-e2e-'));
const db = join(dir, 'e2e.duckdb');
const config = join(dir, 'costguard.config.yaml');

function costguard(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/costguard.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** 60 days to 2026-11-10: serve steady with quiet weekends, a sub-account blowing up train on the last day. */
function history(): CostFact[] {
  const facts: CostFact[] = [];
  const last = dayNumber('2026-11-10');
  for (let n = last - 59; n <= last; n++) {
    const day = dayString(n);
    const weekend = weekdayOf(n) === 0 || weekdayOf(n) === 6;
    const wiggle = ((n * 7919) % 13) - 6; // deterministic noise, +-6
    facts.push(
      fact({ day, model: 'llama3-70b', stage: 'serve', billed: String((weekend ? 40 : 300) + wiggle) }),
    );
    facts.push(
      fact({
        day,
        model: 'llama3-70b',
        stage: 'train',
        subAccountId: 'acct-a',
        billed: String(100 + wiggle),
      }),
    );
    if (n === last) {
      facts.push(
        fact({
          day,
          model: 'llama3-70b',
          stage: 'train',
          subAccountId: 'acct-b',
          serviceName: 'Amazon SageMaker',
          billed: '2500',
        }),
      );
    }
  }
  return facts;
}

beforeAll(async () => {
  writeFileSync(
    config,
    [
      'budgets:',
      '  - name: llama serve',
      '    model: llama3-70b',
      '    stage: serve',
      '    amount: 2500',
      '  - name: everything',
      '    amount: 100000',
    ].join('\n'),
  );
  const store = await DuckDbCostStore.open(db);
  const facts = history();
  await store.replaceFacts(
    {
      id: 'i1',
      source: 'focus',
      origin: 'e2e',
      scopes: scopesOf(facts),
      importedAt: '2026-11-11T00:00:00.000Z',
      rowCount: facts.length,
      factCount: facts.length,
    },
    facts,
  );
  await store.close();
});
afterAll(() => (process.env.KEEP ? undefined : rmSync(dir, { recursive: true, force: true })));

describe('store to alerts: costguard anomalies and budgets on a real DuckDB file', () => {
  it('finds the train spike on the latest day, explains it and names the sub-account', () => {
    const r = costguard('anomalies', '--db', db, '--config', config, '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.day).toBe('2026-11-10');
    const train = json.anomalies.find((a: { id: string }) => a.id === TRAIN_ID);
    expect(train).toBeDefined();
    expect(train.id).toMatch(/^a-[a-z2-7]{12}$/);
    expect(train.status).toBe('new');
    expect(train.actual).toBeCloseTo(2500 + 100 + (((dayNumber('2026-11-10') * 7919) % 13) - 6), 6);
    expect(train.explanation).toMatch(
      /^llama3-70b train on 2026-11-10: expected \$\d+\.\d\d \(.+\), got \$2,\d{3}\.00, \+\d+\.\d%, impact \+\$2,\d{3}\.\d\d$/,
    );
    expect(train.rootCause[0]).toMatchObject({ dimension: 'subAccount', value: 'acct-b' });
    expect(train.rootCause[0].share).toBeGreaterThan(0.95);
    // Serve did nothing unusual, and drops are off.
    expect(json.anomalies.some((a: { series: { stage?: string } }) => a.series.stage === 'serve')).toBe(
      false,
    );
    expect(json.anomalies.every((a: { direction: string }) => a.direction === 'up')).toBe(true);
  });

  it('as a table: within 120 columns, the series in words, details left to --format json', () => {
    const r = costguard('anomalies', '--db', db, '--config', config, '--format', 'table');
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(120);
    const row = lines.find((l) => l.includes(TRAIN_ID));
    expect(row).toMatch(
      /^llama3-70b, train \(USD\)\s+up new \+\d\s+\$2,\d{3}\.00\s+\$\d+\.\d\d\s+\+\$2,\d{3}\.\d\d\s+subAccount=acct-b (9\d|100)%/,
    );
    expect(r.out).not.toContain('model-stage|');
    // One line per change: the model's own series (and the broader ones) show the train stage's change.
    expect(lines.some((l) => l.startsWith('llama3-70b (USD)'))).toBe(false);
    const json = JSON.parse(costguard('anomalies', '--db', db, '--config', config, '--format', 'json').out);
    const covered = json.anomalies.filter((a: { coveredBy: string | null }) => a.coveredBy === TRAIN_ID);
    expect(covered.map((a: { series: { level: string } }) => a.series.level)).toContain('model');
  });

  it('a mark of expected, with who, silences the same series and cause on the next run', () => {
    // The id of the old form (series|day|direction) still names the anomaly.
    const id = 'model-stage|llama3-70b|train|USD|2026-11-10|up';
    const bad = costguard('anomalies', 'mark', id, 'maybe', '--by', 'alice', '--db', db, '--config', config);
    expect(bad.code).toBe(2);
    const m = costguard(
      'anomalies',
      'mark',
      id,
      'expected',
      '--by',
      'alice',
      '--note',
      'planned',
      '--format',
      'table',
      '--db',
      db,
      '--config',
      config,
    );
    expect(m.err).toBe('');
    expect(m.out).toBe(
      `Marked ${TRAIN_ID} expected; the same series and cause will not alert for 14 days.\n`,
    );
    const again = JSON.parse(costguard('anomalies', '--db', db, '--config', config, '--format', 'json').out);
    const train = again.anomalies.find((a: { id: string }) => a.id === TRAIN_ID);
    expect(train).toMatchObject({ status: 'suppressed', suppressedBy: TRAIN_ID });
  });

  it('budgets: forecast, burn-rate ETA, and each threshold alerts once per month', () => {
    const first = costguard(
      'budgets',
      '--db',
      db,
      '--config',
      config,
      '--date',
      '2026-11-10',
      '--format',
      'json',
    );
    expect(first.err).toBe('');
    const json = JSON.parse(first.out);
    const serve = json.budgets.find((b: { name: string }) => b.name === 'llama serve');
    // Serve spent 10 days of Nov 1..10 at 300 on weekdays and 40 on weekends: past 80% of 2500.
    expect(serve.spentPct).toBeGreaterThan(80);
    expect(serve.forecast).toBeGreaterThan(serve.spent);
    expect(serve.forecastLow).toBeLessThanOrEqual(serve.forecast);
    expect(serve.forecastHigh).toBeGreaterThanOrEqual(serve.forecast);
    expect(serve.runsOutOn).toMatch(/^2026-11-1\d$/);
    expect(serve.summary).toMatch(/at this pace the llama serve budget runs out on Nov 1\d/);
    const alerted = json.alerts.map(
      (a: { budget: string; kind: string; threshold: number }) => `${a.budget}:${a.kind}:${a.threshold}`,
    );
    expect(alerted).toEqual(['llama serve:actual:50', 'llama serve:actual:80', 'llama serve:forecast:100']);
    const second = JSON.parse(
      costguard('budgets', '--db', db, '--config', config, '--date', '2026-11-10', '--format', 'json').out,
    );
    expect(second.alerts).toEqual([]);
  });

  it('scoring mode reads series,date,cost in any order and writes one JSON object per alert', () => {
    const rows = ['series,date,cost'];
    for (let i = 0; i < 40; i++)
      rows.push(`a,${dayString(dayNumber('2026-01-01') + i)},${i === 30 ? 500 : 100 + (i % 3)}`);
    const csv = join(dir, 'series.csv');
    writeFileSync(csv, [rows[0], ...rows.slice(1).reverse()].join('\n'));
    const r = costguard('anomalies', '--input', csv, '--format', 'jsonl');
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0])).toEqual([
      'series',
      'date',
      'actual',
      'expected',
      'impact',
      'score',
      'direction',
    ]);
    expect(lines[0]).toMatchObject({ series: 'a', date: '2026-01-31', actual: 500, direction: 'up' });
    expect(costguard('anomalies', '--input', csv, '--min-impact', 'x').code).toBe(2);
  });

  it('scoring mode on worker threads writes the same alerts, in the same order, as on one thread', () => {
    // Prepare: 600 seeded suite series (shapes and injected anomalies; three 256-series tasks) as one CSV.
    const suite = generateSuite(41, 600, 120);
    const csv = join(dir, 'suite.csv');
    writeFileSync(csv, suiteCsv(suite));
    // Act: the real CLI (its bundle, with the worker entry beside it), one thread and three.
    const one = costguard('anomalies', '--input', csv, '--threads', '1');
    const three = costguard('anomalies', '--input', csv, '--threads', '3');
    // Assess
    expect(one.code).toBe(0);
    expect(three.code).toBe(0);
    expect(one.out.trim().split('\n').length).toBeGreaterThan(50);
    expect(three.out).toBe(one.out);
    expect(costguard('anomalies', '--input', csv, '--threads', '0').code).toBe(2);
    expect(costguard('anomalies', '--threads', '2').code).toBe(2);
  });
});
