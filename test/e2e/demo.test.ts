import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/day.js';
import { formatMoney } from '../../src/core/money.js';
import { buildFleet } from '../../src/sim/fleet.js';
import { buildWorld, truthByModelStage } from '../../src/sim/world.js';

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
    const end = addDays(new Date().toISOString().slice(0, 10), -1);
    const world = buildWorld({ seed: 42, end });
    for (const step of [
      '1. Ingest',
      '2. Cost per model and stage',
      '3. Shared GPU clusters',
      '4. Anomalies',
      '5. Budgets',
    ]) {
      expect(r.stdout).toContain(step);
    }
    // Every injected spike, level shift and weekend runaway is listed once, as an episode from its first
    // day, at its most specific level (the model's own series showing the same change is not listed).
    const episodes = r.stdout
      .split('\n')
      .map((l) => /^(\d{4}-\d{2}-\d{2})\s+(\d+)\s+(.+?)\s{2,}(spike|drop)\s/.exec(l))
      .flatMap((m) => (m ? [{ day: m[1], days: Number(m[2]), label: m[3] ?? '', change: m[4] }] : []));
    expect(episodes.length).toBeGreaterThan(0);
    for (const a of world.anomalies.filter((x) => x.kind !== 'drop' && x.kind !== 'new-series')) {
      const at = episodes.filter((e) => e.day === a.day && e.label.startsWith(`${a.model}, ${a.stage} (`));
      expect(at, `${a.kind} ${a.model} ${a.day}`).toHaveLength(1);
      expect(
        episodes.filter((e) => e.day === a.day && e.label.startsWith(`${a.model} (`)),
        `${a.model} listed again at model level`,
      ).toEqual([]);
    }
    // An episode is one line however many days it lasts: the level shift runs to the end.
    const shift = world.anomalies.find((x) => x.kind === 'level-shift');
    expect(
      episodes.filter((e) => shift && e.label.startsWith(`${shift.model}, ${shift.stage} (`)),
    ).toHaveLength(1);
    expect(r.stdout).not.toMatch(/fraud-gbdt serve on .*-\d+\.\d+%/);
    expect(r.stdout).toMatch(/llama3-70b-chat-serve budget runs out on/);
    // The rollup it posted: per model, yesterday and month to date, equal the world's truth to the cent.
    const truthMtd = sumByModel(truthByModelStage(world, `${end.slice(0, 8)}01`, end));
    // The clusters' table: each cluster with its idle share and its top models, nothing left unsplit.
    const clusters = r.stdout.slice(
      r.stdout.indexOf('3. Shared GPU clusters'),
      r.stdout.indexOf('4. Anomalies'),
    );
    expect(clusters).toMatch(/eks-gpu\s+USD\s+[\d,.]+\s+[\d,.]+\s+44%\s+sentiment-bert/);
    expect(clusters).toMatch(/gke-serve\s+USD/);
    expect(clusters).toMatch(/aks-train\s+USD\s+[\d,.]+\s+[\d,.]+\s+25%\s+diffusion-ads/);
    expect(clusters).not.toMatch(/Not split/);
    const posted = r.stdout.slice(r.stdout.indexOf('7. Daily rollup'));
    expect(posted).toMatch(
      /GPU clusters \(yesterday\)\neks-gpu \$[\d,.]+ · idle \$[\d,.]+ \(44% of GPU-hours\)/,
    );
    for (const [model, cents] of truthMtd) {
      if (model === 'unattributed') continue;
      // Each model a Block Kit field, printed as "model: $X yesterday, ... vs Fri" then "$Y month to date".
      const lines = posted.split('\n');
      const at = lines.findIndex((l) => l.startsWith(`${model}: `));
      // Beyond the rows a message holds, the smallest models are summed into one "N more models" field.
      if (at < 0) {
        expect(posted, model).toMatch(/^\d+ more models?: /m);
        continue;
      }
      expect(lines[at + 1], model).toBe(`$${cents} month to date`);
    }
    const json = spawnSync(
      process.execPath,
      ['bin/costguard.js', 'rollup', '--db', join(dir, 'demo.duckdb'), '--date', end, '--format', 'json'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(json.status, json.stderr).toBe(0);
    const rollup = JSON.parse(json.stdout) as {
      models: { model: string; stages: { stage: string; cost: number }[] }[];
    };
    const truthDay = truthByModelStage(world, end, end).filter((t) => t.currency === 'USD');
    for (const m of rollup.models) {
      for (const st of m.stages) {
        const t = truthDay.find((x) => x.model === m.model && x.stage === st.stage);
        expect(st.cost.toFixed(2), `${m.model}/${st.stage}`).toBe(
          t ? formatMoney(t.effective, 2).replaceAll(',', '') : '0.00',
        );
      }
    }

    // The day-end sweep (dry run) acts on exactly the idle and untagged machines whose team is off-hours.
    const sweepAt = `${new Date().toISOString().slice(0, 10)}T18:15:00Z`;
    const fleet = buildFleet(42, world.models, sweepAt);
    const weekend = [0, 6].includes(new Date(sweepAt).getUTCDay());
    const expected = fleet.world.vms
      .filter((v) => {
        const id = v.provider === 'azure' ? `ml/${v.id}` : v.id;
        const kase = fleet.cases[id];
        const offHours = v.tags.team !== 'ads' || weekend; // New York is at 13:15 on a weekday
        return (kase === 'idle' || kase === 'untagged') && offHours;
      })
      .map((v) => `${v.provider} ${v.provider === 'azure' ? `ml/${v.id}` : v.id}`)
      .sort();
    const acting = r.stdout
      .split('\n')
      .map((l) => /^(warn|stop)\s+(aws|gcp|azure)\s+(\S+)/.exec(l))
      .flatMap((m) => (m ? [`${m[2]} ${m[3]}`] : []))
      .sort();
    expect(acting).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);

    const page = readFileSync(html, 'utf8');
    // The report page every runtime writes (src/app/report-page.ts), with the Slack messages added.
    for (const h of [
      'Spend in USD',
      'Spend in EUR',
      'Anomalies',
      'Budgets',
      'Idle GPU sweep',
      'Shared GPU clusters',
    ]) {
      expect(page).toContain(`<h2>${h}</h2>`);
    }
    expect(page).toContain('<h2>What the Slack bot posted</h2>');
    // The idle section lists the sweep's dry-run decisions, each with its saving per day.
    for (const id of expected.map((e) => e.split(' ')[1] as string)) expect(page).toContain(`<td>${id}</td>`);
    expect(page).toMatch(/\(dry run\)/);
    expect(page).not.toMatch(/https?:\/\/|<script[^>]+src=/);
  }, 150_000);
});

function sumByModel(rows: ReturnType<typeof truthByModelStage>): Map<string, string> {
  const by = new Map<string, bigint>();
  for (const t of rows.filter((x) => x.currency === 'USD'))
    by.set(t.model, (by.get(t.model) ?? 0n) + t.effective);
  // Exact cents, grouped like the message: 54302.86 -> 54,302.86
  const grouped = (v: bigint) => formatMoney(v, 2).replace(/\B(?=(\d{3})+\.)/g, ',');
  return new Map([...by].map(([m, v]) => [m, grouped(v)]));
}
