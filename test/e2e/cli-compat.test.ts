import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type Clouds, startClouds } from '../../src/sim/fleet-clouds.js';
import { runCli } from '../helpers/cli.js';
import { IDLE_SCOPE, idleWorld } from './idle-world.js';

// The CLI conventions one by one: the version, renamed flags and their warnings, exit 2 for every
// missing config section, report's grain and filters, and what an empty store or config says.

const SAMPLE = 'test/fixtures/focus/focus_sample.csv';
const CONFIG = 'examples/focus-sample.config.yaml';
const dir = mkdtempSync(join(tmpdir(), 'costguard-compat-'));
const db = join(dir, 'sample.duckdb');
const empty = join(dir, 'empty.yaml');
const NOW = new Date('2024-10-02T12:00:00Z');
const cli = (...args: string[]) => runCli(args, NOW, '');
const SEPT = ['--from', '2024-09-01', '--to', '2024-09-30'];
let fleet: Clouds;

beforeAll(async () => {
  writeFileSync(empty, '# nothing configured\n');
  fleet = await startClouds(() => idleWorld(), dir, IDLE_SCOPE);
  const r = await cli('import', SAMPLE, '--db', db, '--config', CONFIG, '--input-format', 'focus');
  expect(r.code, r.err).toBe(0);
}, 60_000);
afterAll(async () => {
  await fleet.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('version and help', () => {
  it('--version and -V print the package version, exit 0', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
    for (const flag of ['--version', '-V']) {
      const r = await cli(flag);
      expect(r.code).toBe(0);
      expect(r.out.trim()).toBe(version);
    }
  });

  it('required options are shown as required', async () => {
    const r = await cli('anomalies', 'mark', '--help');
    expect(r.out).toMatch(/--by <who>\s+who makes the mark \(required\)/);
  });
});

describe('renamed flags keep working, with a warning', () => {
  it('import: --input-format names the input; piped, the summary is JSON, without a warning', async () => {
    const r = await cli('import', SAMPLE, '--db', join(dir, 'a.duckdb'), '--input-format', 'focus');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).format).toBe('focus');
  });

  it('import: the old --format focus still reads FOCUS, says it is now --input-format', async () => {
    const r = await cli(
      'import',
      SAMPLE,
      '--db',
      join(dir, 'b.duckdb'),
      '--format',
      'focus',
      '--format',
      'json',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('warning: --format focus is now --input-format focus');
    expect(JSON.parse(r.out).rows).toBeGreaterThan(0);
    const bad = await cli('import', SAMPLE, '--db', join(dir, 'c.duckdb'), '--input-format', 'xls');
    expect(bad.code).toBe(2);
  });

  it('import --output (old) fills --format, with a warning', async () => {
    const r = await cli('import', SAMPLE, '--db', join(dir, 'd.duckdb'), '--output', 'table');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('warning: --output is renamed --format');
    expect(r.out).toMatch(/^Imported 1 focus file/);
  });

  it('idle: --provider (old) is --source, with a warning; the sweep is narrowed the same', async () => {
    const config = join(dir, 'idle.yaml');
    writeFileSync(config, stringify({ idle: fleet.config }));
    const args = [
      'idle',
      '--config',
      config,
      '--db',
      join(dir, 'idle.duckdb'),
      '--now',
      '2026-11-23T18:45:00Z',
    ];
    const old = await cli(...args, '--provider', 'gcp');
    const now = await cli(...args, '--source', 'gcp');
    expect(old.code, old.err).toBe(0);
    expect(old.err).toContain('warning: --provider is renamed --source');
    expect(now.err).not.toContain('warning');
    const clouds = (out: string) => [
      ...new Set(JSON.parse(out).decisions.map((d: { provider: string }) => d.provider)),
    ];
    expect(clouds(old.out)).toEqual(['gcp']);
    expect(clouds(now.out)).toEqual(['gcp']);
  });

  it('rollup: text is still accepted, as table', async () => {
    const r = await cli('rollup', '--db', db, '--config', CONFIG, '--date', '2024-09-30', '--format', 'text');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Cloud spend for Monday 2024-09-30/);
    // The terminal shows words, not Slack's markup.
    expect(r.out).not.toMatch(/\*[A-Z][a-z]+[^*\n]*\*/);
    expect(r.out).toContain('Untagged spend');
  });
});

describe('a config section the command needs is missing: exit 2, saying which', () => {
  it.each([
    ['ingest', ['ingest'], 'sources.aws, sources.gcp or sources.azure'],
    ['budgets', ['budgets'], 'no budgets configured'],
    ['idle', ['idle'], 'idle.aws, idle.gcp or idle.azure'],
    ['rollup --post', ['rollup', '--post'], 'no `slack:` section'],
  ])('%s', async (_name, args, says) => {
    const r = await cli(...args, '--config', empty, '--db', join(dir, 'none.duckdb'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(says);
  });
});

describe('report --grain and filters (the FOCUS sample, exact totals)', () => {
  const report = async (...extra: string[]) => {
    const r = await cli('report', '--db', db, '--config', CONFIG, ...SEPT, '--format', 'json', ...extra);
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out);
  };
  const micro = (x: number) => Math.round(x * 1e6);

  it('per week: the rows of each period sum to the same total as without a grain', async () => {
    const all = await report('--by', 'model');
    const weekly = await report('--by', 'model', '--grain', 'week');
    expect(weekly.grain).toBe('week');
    expect(weekly.totals).toEqual(all.totals);
    const periods = [...new Set(weekly.rows.map((r: { period: string }) => r.period))];
    expect(periods).toEqual([...periods].sort());
    for (const p of periods) expect(new Date(`${p}T00:00:00Z`).getUTCDay()).toBe(1); // Mondays
    const sum = weekly.rows.reduce((a: number, r: { cost: number }) => a + micro(r.cost), 0);
    expect(sum).toBe(micro(all.totals[0].cost));
  });

  it('--provider (cloud id or name, repeatable) and --model narrow to exactly those rows', async () => {
    const byProvider = await report('--by', 'provider');
    const cost = (name: string) =>
      byProvider.rows.find((r: { provider: string }) => r.provider === name)?.cost ?? 0;
    const aws = await report('--by', 'model', '--provider', 'aws');
    expect(aws.totals).toEqual([{ currency: 'USD', cost: cost('AWS') }]);
    const two = await report('--by', 'provider', '--provider', 'aws', '--provider', 'Microsoft');
    expect(two.rows.map((r: { provider: string }) => r.provider).sort()).toEqual(['AWS', 'Microsoft']);
    const models = (await report('--by', 'model')).rows;
    const top = models[0];
    const one = await report('--by', 'model,stage', '--model', top.model);
    expect(one.totals[0].cost).toBe(top.cost);
    expect(one.filters).toEqual({ model: [top.model] });
  });

  it('a bad grain exits 2', async () => {
    const r = await cli('report', '--db', db, '--grain', 'hour');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--grain must be day, week, month');
  });
});

describe('an empty store or config is said plainly; nothing is claimed about unseen spend', () => {
  const fresh = () => join(mkdtempSync(join(dir, 'empty-')), 'costguard.duckdb');

  it('report, budgets, rollup on an empty store say it holds no cost data', async () => {
    const store = fresh();
    const r = await cli('report', '--db', store, '--format', 'table');
    expect(r.out).toContain(`The store ${store} holds no cost data yet.`);
    const withBudget = join(dir, 'budget.yaml');
    writeFileSync(withBudget, stringify({ budgets: [{ name: 'all', amount: 100 }] }));
    const b = await cli('budgets', '--db', store, '--config', withBudget, '--format', 'table');
    expect(b.code).toBe(0);
    expect(b.out).toContain('holds no cost data yet: no budget status');
    const roll = await cli('rollup', '--db', store, '--format', 'table');
    expect(roll.code).toBe(0);
    expect(roll.out).toContain('holds no cost data yet, so there is no rollup');
    expect(roll.out).not.toContain('Every cost has a model tag');
  });

  it('run without any config says so and exits 2', async () => {
    const r = await cli('run', '--db', fresh());
    expect(r.code).toBe(2);
    expect(r.err).toContain('no config: `costguard run`');
  });

  it('run with an empty config and store: every step says why it is skipped, no spend claims, no markup', async () => {
    const r = await cli('run', '--config', empty, '--db', fresh(), '--format', 'table');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('== ingest: skipped (not configured)');
    expect(r.out).toContain('== anomalies: skipped (the store holds no cost data yet)');
    expect(r.out).toContain('holds no cost data yet, so there is no rollup');
    expect(r.out).not.toContain('Every cost has a model tag');
    expect(r.out).not.toContain('*');
  });
});
