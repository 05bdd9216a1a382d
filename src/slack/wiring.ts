import { AuditLogPresses, IdleGuardForSlack } from '../app/idle-slack.js';
import { budgetsOf } from '../cli/commands/budgets.js';
import { toIdlePolicy } from '../config/idle-schema.js';
import type { CostguardConfig } from '../config/schema.js';
import type { Fleet, IdleAuditLog } from '../core/idle/ports.js';
import type { Clock } from '../core/ports.js';
import { configuredFleets } from '../fleet/registry.js';
import { DuckDbAnomalyStore } from '../store/duckdb/duckdb-anomaly-store.js';
import type { DuckDbCostStore } from '../store/duckdb/duckdb-cost-store.js';
import { DuckDbIdleAuditLog } from '../store/duckdb/duckdb-idle-audit-log.js';
import { DuckDbSourceStatusStore } from '../store/duckdb/duckdb-source-status.js';
import { runJob } from './cost-command.js';
import type { IdleActions, IdleActivity, SlackDeps } from './ports.js';
import { slackSettings } from './settings.js';

export { slackSettings } from './settings.js';

import { InProcessSlowWork } from './slow-work.js';

/** The real idle guard behind the bot's buttons and its idle reports. */
export function idleGuardFor(
  config: CostguardConfig,
  audit: IdleAuditLog,
  clock: Clock,
  fleets: readonly Fleet[] = configuredFleets(config.idle),
): IdleGuardForSlack {
  return new IdleGuardForSlack({
    fleets,
    audit,
    clock,
    policy: toIdlePolicy(config.idle, config.attribution),
  });
}

/**
 * The bot's dependencies on the CLI's DuckDB file: the idle guard's audit log in the same file feeds
 * `/cost idle` and the rollup, button presses write the instance's tags through the fleet adapters,
 * and every press is a line of that audit log.
 */
export async function duckDbSlackDeps(
  config: CostguardConfig,
  cost: DuckDbCostStore,
  clock: Clock,
  log: (line: string) => void,
  idle?: IdleActions & IdleActivity,
): Promise<{ deps: SlackDeps; slow: InProcessSlowWork }> {
  const anomalies = await DuckDbAnomalyStore.on(cost);
  const sources = await DuckDbSourceStatusStore.on(cost);
  const audit = await DuckDbIdleAuditLog.open(cost.connection);
  const guard = idle ?? idleGuardFor(config, audit, clock);
  const slow: InProcessSlowWork = new InProcessSlowWork(
    (job) => runJob(job, deps),
    (e) => log(JSON.stringify({ level: 'error', msg: '/cost job failed', error: (e as Error).message })),
  );
  const deps: SlackDeps = {
    costs: cost,
    anomalies,
    budgetAlerts: anomalies,
    budgets: budgetsOf(config),
    sources,
    idleActivity: guard,
    idleActions: guard,
    audit: new AuditLogPresses(audit),
    slowWork: slow,
    clock,
    settings: slackSettings(config),
  };
  return { deps, slow };
}
