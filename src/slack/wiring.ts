import { budgetsOf } from '../cli/commands/budgets.js';
import type { CostguardConfig } from '../config/schema.js';
import type { Clock } from '../core/ports.js';
import { DuckDbAnomalyStore } from '../store/duckdb/duckdb-anomaly-store.js';
import type { DuckDbCostStore } from '../store/duckdb/duckdb-cost-store.js';
import { DuckDbSourceStatusStore } from '../store/duckdb/duckdb-source-status.js';
import { runCostJob } from './cost-command.js';
import { SlackConfigError } from './errors.js';
import { InMemoryIdle, LogPressAudit } from './in-memory.js';
import type { IdleActions, IdleActivity, SlackDeps, SlackSettings } from './ports.js';
import { InProcessSlowWork } from './slow-work.js';

export function slackSettings(config: CostguardConfig): SlackSettings {
  const s = config.slack;
  if (!s)
    throw new SlackConfigError(
      'no `slack:` section in the config: add one with at least `channel:` (see README).',
    );
  return {
    channel: s.channel,
    owners: s.owners,
    allowList: s.allowList,
    timeZone: s.rollup.timeZone,
    workdayStartHour: s.rollup.hour,
    metric: config.anomalies.metric,
    unattributed: config.attribution.unattributed,
    chart: s.rollup.chart,
  };
}

/**
 * The bot's dependencies on the CLI's DuckDB file. The idle guard is not wired yet: until it is, its
 * activity is empty and button presses are recorded in memory (the idle issue supplies the real port).
 */
export async function duckDbSlackDeps(
  config: CostguardConfig,
  cost: DuckDbCostStore,
  clock: Clock,
  log: (line: string) => void,
  idle: IdleActions & IdleActivity = new InMemoryIdle(),
): Promise<{ deps: SlackDeps; slow: InProcessSlowWork }> {
  const anomalies = await DuckDbAnomalyStore.on(cost);
  const sources = await DuckDbSourceStatusStore.on(cost);
  const slow: InProcessSlowWork = new InProcessSlowWork(
    (job) => runCostJob(job, deps),
    (e) => log(JSON.stringify({ level: 'error', msg: '/cost job failed', error: (e as Error).message })),
  );
  const deps: SlackDeps = {
    costs: cost,
    anomalies,
    budgetAlerts: anomalies,
    budgets: budgetsOf(config),
    sources,
    idleActivity: idle,
    idleActions: idle,
    audit: new LogPressAudit(log),
    slowWork: slow,
    clock,
    settings: slackSettings(config),
  };
  return { deps, slow };
}
