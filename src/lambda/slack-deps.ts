import { budgetsOf } from '../app/detect.js';
import { AuditLogPresses, IdleGuardForSlack } from '../app/idle-slack.js';
import { toIdlePolicy } from '../config/idle-schema.js';
import type { CostguardConfig } from '../config/schema.js';
import type { Fleet } from '../core/idle/ports.js';
import type { Clock } from '../core/ports.js';
import type { IdleActions, SlackDeps, SlowWork } from '../slack/ports.js';
import { slackSettings } from '../slack/settings.js';
import { DynamoDbAnomalyStore } from '../store/dynamodb/dynamodb-anomaly-store.js';
import { DynamoDbCostStore } from '../store/dynamodb/dynamodb-cost-store.js';
import { DynamoDbIdleAuditLog } from '../store/dynamodb/dynamodb-idle-audit-log.js';
import { DynamoDbSourceStatusStore } from '../store/dynamodb/dynamodb-source-status.js';
import type { DynamoTable } from '../store/dynamodb/table.js';

/** Refuses slow work where none is expected (the rollup and detect functions never hand off). */
const noSlowWork: SlowWork = {
  submit: async (job) => {
    throw new Error(`no slow-work runner in this function (job ${job.kind})`);
  },
};

/**
 * The Slack bot's dependencies on the DynamoDB table, for the functions that use the bot (slack,
 * slackWorker, rollup, detect). `fleets` are the idle guard's cloud adapters (only the worker tags
 * instances); `idleActions` overrides them (the slack function hands answers to the worker).
 */
export function dynamoSlackDeps(o: {
  config: CostguardConfig;
  table: DynamoTable;
  clock: Clock;
  fleets?: readonly Fleet[];
  slowWork?: SlowWork;
  idleActions?: IdleActions;
}): SlackDeps {
  const anomalies = new DynamoDbAnomalyStore(o.table);
  const audit = new DynamoDbIdleAuditLog(o.table);
  const guard = new IdleGuardForSlack({
    fleets: o.fleets ?? [],
    audit,
    clock: o.clock,
    policy: toIdlePolicy(o.config.idle, o.config.attribution),
  });
  return {
    costs: new DynamoDbCostStore(o.table),
    anomalies,
    budgetAlerts: anomalies,
    budgets: budgetsOf(o.config),
    sources: new DynamoDbSourceStatusStore(o.table),
    idleActivity: guard,
    idleActions: o.idleActions ?? guard,
    audit: new AuditLogPresses(audit),
    slowWork: o.slowWork ?? noSlowWork,
    clock: o.clock,
    settings: slackSettings(o.config),
  };
}
