import { webApi } from '@slack/bolt';
import { AuditLogPresses, IdleGuardForSlack } from '../app/idle-slack.js';
import { toIdlePolicy } from '../config/idle-schema.js';
import type { CostguardConfig } from '../config/schema.js';
import type { IdleActions } from '../core/idle/owner-ports.js';
import type { Fleet } from '../core/idle/ports.js';
import type { Clock } from '../core/ports.js';
import { buildSlackDeps } from '../slack/deps.js';
import type { SlackDeps, SlowWork } from '../slack/ports.js';
import type { WebClient } from '../slack/post.js';
import { DynamoDbAllocationStore } from '../store/dynamodb/dynamodb-allocation-store.js';
import { DynamoDbAnomalyStore } from '../store/dynamodb/dynamodb-anomaly-store.js';
import { DynamoDbCostStore } from '../store/dynamodb/dynamodb-cost-store.js';
import { DynamoDbIdleAuditLog } from '../store/dynamodb/dynamodb-idle-audit-log.js';
import { DynamoDbSourceStatusStore } from '../store/dynamodb/dynamodb-source-status.js';
import type { DynamoTable } from '../store/dynamodb/table.js';
import { parameterNames } from './secrets.js';
import { type LambdaWiring, retryingOnce } from './wiring.js';

// The Lambda runtime's Slack wiring (wiring.ts holds the rest): the Web API client and the bot's
// dependencies on the table, for the functions that talk to Slack.

const clients = new WeakMap<LambdaWiring, () => Promise<WebClient | undefined>>();

/** The Slack Web API client with the bot token from SSM, once per container; undefined without `slack:`. */
export function slackClient(c: LambdaWiring): Promise<WebClient | undefined> {
  let get = clients.get(c);
  if (!get) {
    get = retryingOnce(async () => {
      const slack = (await c.config()).slack;
      if (!slack) return undefined;
      const token = await c.params.get(parameterNames(c.env.parameterPrefix).slackBotToken);
      return new webApi.WebClient(token, slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {});
    });
    clients.set(c, get);
  }
  return get();
}

/**
 * The Slack bot's dependencies on the DynamoDB table, for the functions that use the bot (slack,
 * slackWorker, rollup). `fleets` are the idle guard's cloud adapters (only the worker tags
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
  const audit = new DynamoDbIdleAuditLog(o.table);
  const guard = new IdleGuardForSlack({
    fleets: o.fleets ?? [],
    audit,
    clock: o.clock,
    policy: toIdlePolicy(o.config.idle, o.config.attribution),
  });
  return buildSlackDeps({
    config: o.config,
    stores: {
      costs: new DynamoDbCostStore(o.table),
      anomalies: new DynamoDbAnomalyStore(o.table),
      sources: new DynamoDbSourceStatusStore(o.table),
      allocations: new DynamoDbAllocationStore(o.table),
    },
    idle: guard,
    ...(o.idleActions ? { idleActions: o.idleActions } : {}),
    audit: new AuditLogPresses(audit),
    ...(o.slowWork ? { slowWork: o.slowWork } : {}),
    clock: o.clock,
  });
}
