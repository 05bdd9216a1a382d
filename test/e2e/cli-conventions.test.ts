import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildProgram } from '../../src/cli/main.js';
import { type Clouds, startClouds } from '../../src/sim/fleet-clouds.js';
import { END, type SimHarness, startSimHarness } from '../helpers/sim-harness.js';
import { IDLE_SCOPE, idleWorld } from './idle-world.js';

// The CLI's conventions, checked on every command the program has: --help exits 0 and states the
// exit codes, an unknown flag and a bad --format exit 2, and --format json (or, piped, the default)
// prints one JSON document. The command list is read from the program, so a new command without a
// row here fails the first test.

const SAMPLE = 'test/fixtures/focus/focus_sample.csv';
const dir = mkdtempSync(join(tmpdir(), 'costguard-conventions-'));
const db = join(dir, 'store.duckdb');
const config = join(dir, 'costguard.config.yaml');
let h: SimHarness;
let fleet: Clouds;
let anomalyId = '';

/** Every command path of the program: `report`, `anomalies mark`, `slack serve`, ... */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) => {
    const path = [...prefix, c.name()];
    return [path, ...commandPaths(c, path)];
  });
}
const program = buildProgram({
  io: { out: () => {}, err: () => {}, isTty: false, errIsTty: false },
  clock: { now: () => new Date() },
});
const PATHS = commandPaths(program).map((p) => p.join(' '));

interface Row {
  /** Arguments after the command that print JSON (piped or with --format json). */
  json?: () => string[];
  /** Why the command has no JSON output. */
  noJson?: string;
  /** What the command requires, so that the flag under test is what fails. */
  needs?: string[];
}
const common = () => ['--config', config, '--db', db];
/** A small OpenCost CSV export (its exporter's columns) for `clusters import`. */
function openCostCsv(): string {
  const file = join(dir, 'opencost.csv');
  writeFileSync(
    file,
    'Date,Namespace,ControllerKind,ControllerName,Pod,Container,CPUCost,RAMCost,NetworkCost,PVCost,GPUCost,TotalCost\n' +
      `${END},nlp-train,job,sentiment-bert-ft,sentiment-bert-ft-0,main,1,1,0,0,8,10\n`,
  );
  return file;
}

const ROWS: Record<string, Row> = {
  import: { json: () => [SAMPLE, '--db', join(dir, 'import.duckdb'), '--format', 'json'] },
  // The file is the export; what is said about it is JSON when piped.
  export: { json: () => ['--db', db, '--out', join(dir, 'export.csv')], needs: ['--out', 'x.csv'] },
  report: { json: () => [...common(), '--from', '2026-11-01', '--to', END, '--format', 'json'] },
  anomalies: { json: () => [...common(), '--format', 'json'] },
  'anomalies mark': {
    json: () => [anomalyId, 'real', '--by', 'ci', ...common(), '--format', 'json'],
    needs: ['a-aaaaaaaaaaaa', 'real', '--by', 'ci'],
  },
  budgets: { json: () => [...common(), '--date', END, '--format', 'json'] },
  clusters: { json: () => [...common(), '--from', '2026-11-01', '--to', END, '--format', 'json'] },
  'clusters import': {
    json: () => [openCostCsv(), '--cluster', 'eks-gpu', ...common(), '--dry-run', '--format', 'json'],
    needs: ['x.csv'],
  },
  ingest: { json: () => [...common(), '--from', END, '--to', END, '--dry-run', '--format', 'json'] },
  rollup: { json: () => [...common(), '--date', END, '--format', 'json'] },
  run: { json: () => ['--config', config, '--db', join(dir, 'run.duckdb'), '--format', 'json'] },
  idle: { json: () => [...common(), '--now', '2026-11-23T18:45:00Z', '--format', 'json'] },
  doctor: { json: () => ['--config', config, '--format', 'json'] },
  init: { json: () => ['--yes', '--clouds', 'aws', '--config', join(dir, 'init.yaml'), '--format', 'json'] },
  config: { noJson: 'a group: check and schema are its commands' },
  'config check': { json: () => ['--config', config, '--format', 'json'] },
  'config schema': { json: () => [] },
  demo: { noJson: 'a narrated walkthrough that writes an HTML report' },
  slack: { noJson: 'a group: serve is its command' },
  'slack serve': { noJson: 'a server' },
};

beforeAll(async () => {
  h = await startSimHarness();
  fleet = await startClouds(() => idleWorld(), dir, IDLE_SCOPE);
  const base = parse(readFileSync(h.configFile, 'utf8'));
  writeFileSync(
    config,
    stringify({ ...base, idle: fleet.config, budgets: [{ name: 'all', amount: 100000, currency: 'USD' }] }),
  );
  const ingested = await h.cli([
    'ingest',
    ...common(),
    '--from',
    '2026-09-01',
    '--to',
    END,
    '--format',
    'json',
  ]);
  expect(ingested.code, ingested.err).toBe(0);
  // Some day of the last weeks has an anomaly: the id `anomalies mark` is checked with.
  for (let back = 0; back < 30 && !anomalyId; back++) {
    const day = new Date(Date.parse(`${END}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
    const r = await h.cli(['anomalies', ...common(), '--date', day, '--format', 'json']);
    anomalyId = JSON.parse(r.out).anomalies[0]?.id ?? '';
  }
}, 180_000);

afterAll(async () => {
  await Promise.all([h?.close(), fleet?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the conventions hold on every command (the list read from the program)', () => {
  it('every command has a row, and every row a command', () => {
    expect(Object.keys(ROWS).sort()).toEqual([...PATHS].sort());
  });

  it.each(PATHS)('%s: --help exits 0 and states the exit codes', async (path) => {
    const r = await h.cli([...path.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Exit codes:\n  0  success\n  1  the work failed');
    expect(r.out).toContain('2  usage or config error');
  });

  it.each(PATHS)('%s: an unknown flag exits 2', async (path) => {
    const r = await h.cli([...path.split(' '), ...(ROWS[path]?.needs ?? []), '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option '--no-such-flag'");
  });

  it.each(PATHS)('%s: a bad --format exits 2', async (path) => {
    const r = await h.cli([...path.split(' '), ...(ROWS[path]?.needs ?? []), '--format', 'xml']);
    expect(r.code).toBe(2);
    // Rejected for the format (or, where there is no --format, as an unknown flag), nothing else.
    expect(r.err).toMatch(/'--format <format>' argument 'xml' is invalid|unknown option '--format'/);
  });

  it.each(PATHS.filter((p) => ROWS[p]?.json))(
    '%s: prints one JSON document',
    async (path) => {
      expect(anomalyId).toMatch(/^a-[a-z2-7]{12}$/);
      const r = await h.cli([...path.split(' '), ...(ROWS[path]?.json?.() ?? [])]);
      expect(r.code, r.err).toBe(0);
      expect(() => JSON.parse(r.out)).not.toThrow();
    },
    60_000,
  );
});
