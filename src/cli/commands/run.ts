import { loadConfig } from '../../config/load.js';
import type { CostguardConfig } from '../../config/schema.js';
import { CostguardError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { withWiring } from '../wiring.js';
import { runAnomalies } from './anomalies.js';
import { runBudgets } from './budgets.js';
import { runIdle } from './idle.js';
import { runIngest } from './ingest.js';
import { runRollup } from './rollup.js';

export interface RunOptions {
  config?: string;
  db?: string;
  apply?: boolean;
}

/**
 * `costguard run`: the daily cycle against the clouds and the Slack workspace the config names (what
 * `npm start` does against the simulated ones). Ingest, anomalies, budgets, the idle sweep and the
 * rollup each run even when an earlier step failed (a cloud down must not silence the rollup, which
 * then says that cloud is stale); the exit code is 1 when any step failed.
 */
export async function runCycle(ctx: CliContext, opts: RunOptions): Promise<void> {
  const config = loadConfig(opts.config);
  // Every step shares one wiring: the config loaded and the store opened once for the whole cycle.
  await withWiring(ctx, opts, (wiring) => cycle({ ...ctx, wiring }, config, opts), config);
}

async function cycle(ctx: CliContext, config: CostguardConfig, opts: RunOptions): Promise<void> {
  const failed: string[] = [];
  const step = async (name: string, enabled: boolean, fn: () => Promise<unknown>) => {
    if (!enabled) {
      ctx.io.out(`\n== ${name}: skipped (not configured)`);
      return;
    }
    ctx.io.out(`\n== ${name}`);
    try {
      await fn();
    } catch (e) {
      failed.push(name);
      ctx.io.err(`costguard run: ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const s = config.sources;
  const idle = config.idle;
  await step('ingest', Boolean(s.aws || s.gcp || s.azure), () => runIngest(ctx, { format: 'table' }));
  await step('anomalies', true, () => runAnomalies(ctx, { format: 'table' }));
  await step('budgets', config.budgets.length > 0, () => runBudgets(ctx, { format: 'table' }));
  await step('idle sweep', Boolean(idle.aws || idle.gcp || idle.azure), () =>
    runIdle(ctx, { format: 'table', ...(opts.apply ? { apply: true } : {}) }),
  );
  await step('rollup', true, () => runRollup(ctx, { format: 'text', post: config.slack !== undefined }));
  if (failed.length) {
    throw new CostguardError(
      'RUN_FAILED',
      `the daily cycle finished with failures in: ${failed.join(', ')}.`,
    );
  }
}
