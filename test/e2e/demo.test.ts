import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dayBefore } from '../../src/sim/spend.js';
import { buildWorld } from '../../src/sim/world.js';

const dir = mkdtempSync(join(tmpdir(), 'costguard-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('costguard demo (npm start): the daily cycle on the simulated organisation', () => {
  it('ingests, reports, finds the injected anomalies, checks budgets and writes the HTML report', () => {
    // Act: the real CLI, as `npm start` runs it (no credentials, local endpoints only)
    const html = join(dir, 'report.html');
    const r = spawnSync(
      process.execPath,
      ['bin/costguard.js', 'demo', '--db', join(dir, 'demo.duckdb'), '--html', html],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);

    // Assess: the world the demo simulated (same seed, its end is yesterday, UTC)
    const end = dayBefore(new Date().toISOString().slice(0, 10), 1);
    const world = buildWorld({ seed: 42, end });
    for (const step of ['1. Ingest', '2. Cost per model and stage', '3. Anomalies', '4. Budgets']) {
      expect(r.stdout).toContain(step);
    }
    // Every injected spike, level shift and weekend runaway is reported on its first day; drops stay off.
    const found = r.stdout.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2}\s+model-stage\|/.test(l));
    for (const a of world.anomalies.filter((x) => x.kind !== 'drop' && x.kind !== 'new-series')) {
      expect(
        found.some((l) => l.startsWith(a.day) && l.includes(`model-stage|${a.model}|${a.stage}|`)),
        `${a.kind} ${a.model} ${a.day}`,
      ).toBe(true);
    }
    expect(r.stdout).not.toMatch(/fraud-gbdt serve on .*-\d+\.\d+%/);
    expect(r.stdout).toMatch(/llama3-70b-chat-serve budget runs out on/);
    const page = readFileSync(html, 'utf8');
    for (const h of [
      'Spend by model, per day',
      'Stage split, last 30 days',
      'Budgets: burn-down',
      'Anomalies',
    ]) {
      expect(page).toContain(`<h2>${h}</h2>`);
    }
    expect(page).not.toMatch(/<script/);
  }, 150_000);
});
