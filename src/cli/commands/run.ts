import { existsSync } from 'node:fs';
import { ConfigError } from '../../config/errors.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../config/load.js';
import type { CostguardConfig } from '../../config/schema.js';
import { CostguardError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { outputFormat } from '../conventions.js';
import { type CliWiring, withWiring } from '../wiring.js';
import { runAnomalies } from './anomalies.js';
import { runBudgets } from './budgets.js';
import { runIdle } from './idle.js';
import { runIngest } from './ingest.js';
import { runReport } from './report.js';
import { runRollup } from './rollup.js';

export interface RunOptions {
  config?: string;
  db?: string;
  apply?: boolean;
  format?: string;
  /** After the cycle: the report page of this month, written here. */
  html?: string;
}

/** One step of the cycle as the JSON summary shows it; `output` is the step's own JSON. */
export interface StepReport {
  step: string;
  status: 'done' | 'failed' | 'skipped';
  reason?: string;
  error?: string;
  output?: unknown;
}

/**
 * `costguard run`: the daily cycle against the clouds and the Slack workspace the config names (what
 * `npm start` does against the simulated ones). Ingest, anomalies, budgets, the idle sweep and the
 * rollup each run even when an earlier step failed (a cloud down must not silence the rollup, which
 * then says that cloud is stale); the exit code is 1 when any step failed. On a terminal each step
 * prints its table; piped, one JSON summary of every step.
 */
export async function runCycle(ctx: CliContext, opts: RunOptions): Promise<void> {
  const format = outputFormat(ctx.io, { formats: ['table', 'json'] }, opts.format);
  if (opts.config === undefined && !existsSync(DEFAULT_CONFIG_FILE))
    throw new ConfigError(
      `no config: \`costguard run\` runs the daily cycle on the clouds and the Slack workspace that ` +
        `${DEFAULT_CONFIG_FILE} names, and there is none here (nor a --config). Write one with ` +
        '`costguard init`, or watch the cycle on simulated clouds with `costguard demo`.',
    );
  const config = loadConfig(opts.config);
  // Every step shares one wiring: the config loaded and the store opened once for the whole cycle.
  const steps = await withWiring(
    ctx,
    opts,
    (wiring) => cycle({ ...ctx, wiring }, config, opts, format),
    config,
  );
  if (format === 'json') ctx.io.out(JSON.stringify({ ok: steps.every((s) => s.status !== 'failed'), steps }));
  const failed = steps.filter((s) => s.status === 'failed').map((s) => s.step);
  if (failed.length) {
    throw new CostguardError(
      'RUN_FAILED',
      `the daily cycle finished with failures in: ${failed.join(', ')}.`,
    );
  }
}

async function cycle(
  ctx: CliContext & { wiring: CliWiring },
  config: CostguardConfig,
  opts: RunOptions,
  format: 'table' | 'json',
): Promise<StepReport[]> {
  const steps: StepReport[] = [];
  const step = async (name: string, skip: string | undefined, fn: (c: CliContext) => Promise<unknown>) => {
    if (skip) {
      steps.push({ step: name, status: 'skipped', reason: skip });
      if (format === 'table') ctx.io.out(`\n== ${name}: skipped (${skip})`);
      return;
    }
    if (format === 'table') ctx.io.out(`\n== ${name}`);
    // Piped, each step writes its JSON into the summary instead of onto stdout.
    const written: string[] = [];
    const c: CliContext =
      format === 'table' ? ctx : { ...ctx, io: { ...ctx.io, isTty: false, out: (t) => written.push(t) } };
    try {
      await fn(c);
      steps.push({ step: name, status: 'done', ...outputOf(written) });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      steps.push({ step: name, status: 'failed', error, ...outputOf(written) });
      ctx.io.err(`costguard run: ${name} failed: ${error}`);
    }
  };
  const s = config.sources;
  const idle = config.idle;
  const notConfigured = (on: boolean) => (on ? undefined : 'not configured');
  const noData = async () =>
    (await ctx.wiring.cost.listImports()).length === 0 ? 'the store holds no cost data yet' : undefined;
  await step('ingest', notConfigured(Boolean(s.aws || s.gcp || s.azure)), (c) => runIngest(c, { format }));
  await step('anomalies', await noData(), (c) => runAnomalies(c, { format }));
  await step('budgets', notConfigured(config.budgets.length > 0) ?? (await noData()), (c) =>
    runBudgets(c, { format }),
  );
  await step('idle sweep', notConfigured(Boolean(idle.aws || idle.gcp || idle.azure)), (c) =>
    runIdle(c, { format, ...(opts.apply ? { apply: true } : {}) }),
  );
  await step('rollup', undefined, (c) => runRollup(c, { format, post: config.slack !== undefined }));
  if (opts.html) {
    const out = opts.html;
    await step('report page', await noData(), (c) =>
      runReport(c, { format: 'html', out, ...(opts.config ? { config: opts.config } : {}) }),
    );
  }
  return steps;
}

function outputOf(written: readonly string[]): { output?: unknown } {
  if (written.length === 0) return {};
  try {
    return { output: JSON.parse(written.join('')) };
  } catch {
    return { output: written.join('\n') };
  }
}
