import { AuditLogPresses, IdleGuardForSlack } from '../app/idle-slack.js';
import { toIdlePolicy } from '../config/idle-schema.js';
import type { CostguardConfig } from '../config/schema.js';
import type { IdleActions, IdleActivity } from '../core/idle/owner-ports.js';
import type { Fleet, IdleAuditLog } from '../core/idle/ports.js';
import type { Clock } from '../core/ports.js';
import { configuredFleets } from '../fleet/registry.js';
import { runJob } from '../slack/cost-command.js';
import { buildSlackDeps } from '../slack/deps.js';
import type { SlackDeps } from '../slack/ports.js';
import { InProcessSlowWork } from '../slack/slow-work.js';
import { DuckDbAnomalyStore } from '../store/duckdb/duckdb-anomaly-store.js';
import type { DuckDbCostStore } from '../store/duckdb/duckdb-cost-store.js';
import { DuckDbIdleAuditLog } from '../store/duckdb/duckdb-idle-audit-log.js';
import { DuckDbSourceStatusStore } from '../store/duckdb/duckdb-source-status.js';

/** The CLI's wiring: adapters on the DuckDB file joined to the use cases and the bot. */

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
 * and every press is a line of that audit log. Slow work (`/cost`) runs in this process after the ack.
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
  const slow: InProcessSlowWork = new InProcessSlowWork(
    (job) => runJob(job, deps),
    (e) => log(JSON.stringify({ level: 'error', msg: '/cost job failed', error: (e as Error).message })),
  );
  const deps = buildSlackDeps({
    config,
    stores: { costs: cost, anomalies, sources },
    idle: idle ?? idleGuardFor(config, audit, clock),
    audit: new AuditLogPresses(audit),
    slowWork: slow,
    clock,
  });
  return { deps, slow };
}
