import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { detectAnomalies, judgeSettings } from '../../app/daily-check.js';
import { episodesOf } from '../../core/anomaly/episodes.js';
import { coveredBy } from '../../core/anomaly/same-change.js';
import type { AnomalyRecord } from '../../core/anomaly/types.js';
import { addDays, utcDay } from '../../core/day.js';
import { formatMoney, parseMoney } from '../../core/money.js';
import { startSimulatedClouds } from '../../sim/clouds.js';
import { startFakeSlackApi } from '../../sim/fakes/slack-api.js';
import { buildFleet } from '../../sim/fleet.js';
import { startClouds } from '../../sim/fleet-clouds.js';
import { buildWorld, SIM_ATTRIBUTION, type SimWorld } from '../../sim/world.js';
import type { CliContext } from '../context.js';
import { projectRoot } from '../project-root.js';
import { type CliWiring, withWiring } from '../wiring.js';
import { runBudgets } from './budgets.js';
import { runClusters } from './clusters.js';
import { anomalyTable, idleSummary, quiet, writeHtml } from './demo-output.js';
import { runIdle } from './idle.js';
import { runImport } from './import.js';
import { runIngest } from './ingest.js';
import { runReport } from './report.js';
import { runRollup } from './rollup.js';

const root = projectRoot();

/** The FOCUS 1.0 sample export the project ships (FinOps Foundation, CC BY 4.0) and its config. */
export const SAMPLE_EXPORT = join(root, 'test', 'fixtures', 'focus', 'focus_sample.csv');
export const SAMPLE_CONFIG = join(root, 'examples', 'focus-sample.config.yaml');

export interface DemoOptions {
  db?: string;
  html?: string;
  sample?: boolean;
  seed?: string;
}

/**
 * `npm start`: the daily cycle on a simulated ML organisation, with no credentials and no network.
 * Starts the three clouds' billing endpoints in process, ingests 120 days through the real SDK
 * clients, reports per model and stage, judges the last two weeks for anomalies, checks budgets, and
 * writes a self-contained HTML report. `--sample` instead imports the shipped FOCUS sample export.
 */
export async function runDemo(ctx: CliContext, opts: DemoOptions): Promise<void> {
  if (opts.sample) return sampleDemo(ctx, opts);
  const started = Date.now();
  const db = resolve(opts.db ?? 'costguard-demo.duckdb');
  const html = resolve(opts.html ?? 'costguard-report.html');
  const end = addDays(utcDay(ctx.clock.now()), -1);
  const world = buildWorld({ seed: Number(opts.seed ?? 42), end });
  const dir = mkdtempSync(join(tmpdir(), 'costguard-demo-'));
  const clouds = await startSimulatedClouds(world, dir);
  const sweepAt = `${utcDay(ctx.clock.now())}T18:15:00Z`; // after day-end in Berlin, night in Tokyo
  const fleet = buildFleet(Number(opts.seed ?? 42), world.models, sweepAt);
  const fleetClouds = await startClouds(() => fleet.world, dir, fleet.scope);
  const slack = await startFakeSlackApi();
  const env = { ...clouds.env, COSTGUARD_DEMO_SLACK_TOKEN: 'xoxb-simulated-demo-token' };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  // A fresh file each run: the simulated world is regenerated, so nothing old should linger.
  for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  try {
    const config = join(dir, 'costguard.config.yaml');
    writeFileSync(
      config,
      stringify({
        attribution: { ...SIM_ATTRIBUTION, clusters: clouds.clusters },
        sources: clouds.sources,
        budgets: demoBudgets(world),
        idle: { ...fleetClouds.config, timeZone: 'Europe/Berlin', schedules: fleet.schedules },
        slack: {
          channel: 'C0COSTS',
          apiUrl: slack.apiUrl,
          botToken: { env: 'COSTGUARD_DEMO_SLACK_TOKEN' },
          rollup: { hour: 9, timeZone: 'Europe/Berlin', chart: true },
        },
      }),
    );
    const from = world.days[0] as string;
    ctx.io.out(
      `costguard demo: a simulated ML organisation (20 models on AWS, Google Cloud and Azure), ${from} to ${end}\n`,
    );
    ctx.io.out(
      "1. Ingest from the three clouds through their SDKs (local endpoints in their wire formats), and each shared GPU cluster's OpenCost allocations",
    );
    // Every step shares one wiring: one store, opened once for the whole cycle.
    await withWiring(ctx, { config, db }, async (wiring) => {
      const c: CliContext = { ...ctx, wiring };
      await runIngest(c, { from, to: end, format: 'table' });
      ctx.io.out('\n2. Cost per model and stage, last 30 days');
      await runReport(c, {
        from: addDays(end, -29),
        to: end,
        by: 'model,stage',
        format: 'table',
        limit: '12',
      });
      ctx.io.out('\n3. Shared GPU clusters (EKS, GKE, AKS), split per model from OpenCost, last 30 days');
      await runClusters(c, { from: addDays(end, -29), to: end, format: 'table' });
      ctx.io.out('\n4. Anomalies, judged day by day over the last 14 days');
      const anomalies = await judgeRecentDays(wiring, end, 14);
      ctx.io.out(anomalyTable(anomalies));
      ctx.io.out('\n5. Budgets with month-end forecast');
      await runBudgets(c, { format: 'table', date: end });
      ctx.io.out(`\n6. Day-end idle GPU sweep at ${sweepAt} (dry run: warns and stops nothing)`);
      const sweep = await runIdle(quiet(c), { now: sweepAt, format: 'json' });
      ctx.io.out(idleSummary(sweep));
      ctx.io.out('\n7. Daily rollup, posted to Slack (a local fake of the Slack Web API)');
      await runRollup(c, { date: end, post: true, format: 'text' });
      await writeHtml(c, wiring, { html, world, slack });
    });
    ctx.io.out(`\nWrote ${html} (charts, anomalies, budgets). Store: ${db}.`);
    ctx.io.out(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Try: npx costguard report --db ${db} --by provider,currency`,
    );
  } finally {
    await Promise.all([clouds.close(), fleetClouds.close(), slack.close()]);
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Budgets sized from the world's last full month, so that some run hot and some do not. */
function demoBudgets(world: SimWorld) {
  const lastMonth = addDays(`${world.end.slice(0, 8)}01`, -1).slice(0, 7);
  const spent = (pick: (r: SimWorld['rows'][number]) => boolean) =>
    world.rows
      .filter((r) => r.day.startsWith(lastMonth) && pick(r))
      .reduce((a, r) => a + parseMoney(r.effective), 0n);
  const amount = (m: bigint, pct: bigint) => formatMoney((m * pct) / 100n, 0).replaceAll(',', '');
  return [
    {
      name: 'total-usd',
      amount: amount(
        spent((r) => r.currency === 'USD'),
        105n,
      ),
      currency: 'USD',
    },
    {
      name: 'total-eur',
      amount: amount(
        spent((r) => r.currency === 'EUR'),
        110n,
      ),
      currency: 'EUR',
    },
    {
      name: 'llama3-70b-chat-serve',
      model: 'llama3-70b-chat',
      stage: 'serve',
      amount: amount(
        spent((r) => r.model === 'llama3-70b-chat' && r.stage === 'serve'),
        95n,
      ),
    },
    {
      name: 'recsys-home',
      model: 'recsys-home',
      amount: amount(
        spent((r) => r.model === 'recsys-home'),
        120n,
      ),
    },
  ];
}

/**
 * The last `n` days judged one by one, as a person reads them: episodes (consecutive days of a series
 * off its expectation), one per change (a broader series showing the same change is not listed again).
 */
async function judgeRecentDays(w: CliWiring, end: string, n: number) {
  const settings = judgeSettings(w.config);
  const anomalies = await w.anomalies();
  const alerting: AnomalyRecord[] = [];
  for (let k = n - 1; k >= 0; k--) {
    const day = addDays(end, -k);
    const judged = await detectAnomalies({
      config: w.config,
      settings,
      cost: w.cost,
      anomalies,
      day,
      clock: w.clock,
    });
    const shown = judged.filter((a) => a.status !== 'suppressed');
    const covered = coveredBy(shown);
    alerting.push(...shown.filter((a) => !covered.has(a.id)));
  }
  return episodesOf(alerting);
}

async function sampleDemo(ctx: CliContext, opts: DemoOptions): Promise<void> {
  if (!existsSync(SAMPLE_EXPORT)) throw new Error(`sample export missing: ${SAMPLE_EXPORT}`);
  const db = opts.db ?? 'costguard.duckdb';
  ctx.io.out(
    'costguard demo --sample: importing the FOCUS 1.0 sample export (FinOps Foundation, CC BY 4.0)\n',
  );
  const summary = await runImport(ctx, [SAMPLE_EXPORT], { config: SAMPLE_CONFIG, db, format: 'table' });
  const from = summary.chargeDays?.from ?? '';
  const to = summary.chargeDays?.to ?? '';
  ctx.io.out('');
  const common = { config: SAMPLE_CONFIG, db, from, to, format: 'table' };
  await runReport(ctx, { ...common, by: 'model,stage', limit: '15' });
  ctx.io.out('');
  await runReport(ctx, { ...common, by: 'provider', metric: 'billed' });
  ctx.io.out(
    `\nTry: npx costguard report --db ${db} --config ${SAMPLE_CONFIG} --from ${from} --to ${to} --by model,stage --format json`,
  );
}
