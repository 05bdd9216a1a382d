import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHarness, startSimHarness } from '../helpers/sim-harness.js';

// `costguard run` with a config that names real endpoints: here the simulated clouds stand in for them.
let h: SimHarness;
beforeAll(async () => {
  h = await startSimHarness({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
}, 60_000);
afterAll(async () => h.close());

describe('costguard run: the daily cycle against the configured clouds', () => {
  it('ingests, judges, and rolls up; steps without config are skipped, not failed', async () => {
    // Act
    const r = await h.cli([
      'run',
      '--config',
      h.configFile,
      '--db',
      join(h.dir, 'run.duckdb'),
      '--format',
      'table',
    ]);

    // Assess
    expect(r.code, r.err).toBe(0);
    for (const s of [
      '== ingest',
      '== anomalies',
      '== budgets: skipped',
      '== idle sweep: skipped',
      '== rollup',
    ])
      expect(r.out).toContain(s);
    expect(r.out).toMatch(/Cloud spend for \w+day \d{4}-\d{2}-\d{2}/);
  }, 120_000);

  it('--html writes the report page of this month after the cycle', async () => {
    const page = join(h.dir, 'run.html');
    const r = await h.cli([
      'run',
      '--config',
      h.configFile,
      '--db',
      join(h.dir, 'run-html.duckdb'),
      '--html',
      page,
    ]);
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.steps.at(-1)).toMatchObject({ step: 'report page', status: 'done' });
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('<section data-currency="USD"');
    expect(html).toContain('data-testid="provider-total" data-provider="AWS"');
  }, 120_000);

  it('a cloud that is down fails the run but not the rollup, which says that cloud is behind', async () => {
    // Prepare
    const db = join(h.dir, 'run-down.duckdb');
    h.clouds.gcp.faults.faults = { down: true };

    // Act
    const r = await h.cli(['run', '--config', h.configFile, '--db', db, '--format', 'table']);
    h.clearFaults();

    // Assess
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ingest failed/);
    expect(r.err).toMatch(/finished with failures in: ingest/);
    expect(r.out).toContain('== rollup');
    expect(r.out).toMatch(/Cloud spend for/);
    expect(r.out).not.toMatch(/Google Cloud \w{3} \d+ ·/); // no completeness date for the cloud that never reported
  }, 120_000);

  it('piped, prints one JSON summary: each step with its status and its own JSON output', async () => {
    // Act
    const r = await h.cli(['run', '--config', h.configFile, '--db', join(h.dir, 'run-json.duckdb')]);

    // Assess
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.ok).toBe(true);
    expect(json.steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toEqual([
      'ingest:done',
      'anomalies:done',
      'budgets:skipped',
      'idle sweep:skipped',
      'rollup:done',
    ]);
    expect(json.steps[2].reason).toBe('not configured');
    expect(json.steps[0].output.sources.map((s: { source: string }) => s.source).sort()).toEqual([
      'aws',
      'azure',
      'gcp',
    ]);
    expect(json.steps[4].output.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }, 120_000);
});
