import { webApi } from '@slack/bolt';
import { z } from 'zod';
import {
  type BudgetCheck,
  checkBudgets,
  detectAnomalies,
  judgeSettings,
  latestDay,
} from '../src/app/detect.js';
import type { CostguardConfig } from '../src/config/schema.js';
import { dayNumber, dayString } from '../src/core/anomaly/days.js';
import type { AnomalyStore, BudgetAlertStore } from '../src/core/anomaly/ports.js';
import type { AnomalyRecord } from '../src/core/anomaly/types.js';
import type { BudgetStatus } from '../src/core/budget/budget.js';
import type { Clock, CostStore } from '../src/core/ports.js';
import { UnsupportedEventError } from '../src/lambda/errors.js';
import { isDestination, isScheduled } from '../src/lambda/events.js';
import { type IamGrant, logGrant, parameterGrant } from '../src/lambda/grants.js';
import { type Logger, lambdaLogger } from '../src/lambda/logger.js';
import { coldStart } from '../src/lambda/runtime.js';
import { parameterNames } from '../src/lambda/secrets.js';
import { dynamoSlackDeps } from '../src/lambda/slack-deps.js';
import { sendAnomalyAlerts } from '../src/slack/anomaly-alerts.js';
import { budgetAlert } from '../src/slack/blocks/budget-blocks.js';
import type { SlackDeps } from '../src/slack/ports.js';
import { postMessage, type WebClient } from '../src/slack/post.js';
import { DynamoDbAnomalyStore } from '../src/store/dynamodb/dynamodb-anomaly-store.js';
import { DynamoDbCostStore } from '../src/store/dynamodb/dynamodb-cost-store.js';
import { ANOMALY_STORE, COST_STORE_READ } from '../src/store/dynamodb/permissions.js';

/**
 * Where new anomalies and budget alerts go: Slack (chat.postMessage) when the config has a `slack:`
 * section, else structured log lines. A budget alert is claimed, then delivered; a delivery that
 * throws gives the claim back (src/app/budget-delivery.ts), so the next run posts it.
 */
export interface AlertSink {
  anomalies(found: readonly AnomalyRecord[]): Promise<void>;
  budget(alert: BudgetCheck['alerts'][number], status: BudgetStatus): Promise<void>;
}

export interface DetectDeps {
  config: CostguardConfig;
  cost: CostStore;
  store: AnomalyStore & BudgetAlertStore;
  clock: Clock;
  sink: AlertSink;
  log: Logger;
}

const direct = z.strictObject({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export interface DetectSummary {
  day: string | null;
  anomalies: number;
  newAnomalies: number;
  budgetAlerts: number;
}

export function makeHandler(load: () => Promise<DetectDeps>) {
  return async (event: unknown): Promise<DetectSummary> => {
    let date: string | undefined;
    if (isDestination(event)) {
      // Chained by Lambda Destinations after a successful ingest; a failed one never gets here.
      if (event.requestContext.condition !== 'Success')
        throw new UnsupportedEventError('detect', 'a failed ingest');
    } else if (!isScheduled(event)) {
      const parsed = direct.safeParse(event ?? {});
      if (!parsed.success)
        throw new UnsupportedEventError('detect', `the event ${JSON.stringify(event).slice(0, 200)}`);
      date = parsed.data.date;
    }
    const d = await load();
    const today = d.clock.now().toISOString().slice(0, 10);
    const day = date ?? (await latestDay(d.cost, today));
    if (!day) {
      d.log.warn('the store holds no cost data yet; nothing to judge');
      return { day: null, anomalies: 0, newAnomalies: 0, budgetAlerts: 0 };
    }
    const settings = judgeSettings(d.config);
    const found = await detectAnomalies({
      config: d.config,
      cost: d.cost,
      anomalies: d.store,
      settings,
      day,
      clock: d.clock,
    });
    const fresh = found.filter((a) => a.status === 'new');
    if (fresh.length) await d.sink.anomalies(fresh);
    // Budgets judge complete days only: through yesterday (UTC) unless a date was given.
    const asOf = date ?? dayString(dayNumber(today) - 1);
    const budgets = d.config.budgets.length
      ? await checkBudgets({
          config: d.config,
          cost: d.cost,
          alerts: d.store,
          asOf,
          clock: d.clock,
          deliver: (a, s) => d.sink.budget(a, s),
        })
      : { statuses: [], alerts: [] };
    const summary = {
      day,
      anomalies: found.length,
      newAnomalies: fresh.length,
      budgetAlerts: budgets.alerts.length,
    };
    d.log.info('detect done', { ...summary });
    return summary;
  };
}

export const grants: readonly IamGrant[] = [
  logGrant('detect'),
  parameterGrant('config'),
  parameterGrant('slackBotToken'),
  ...COST_STORE_READ,
  ...ANOMALY_STORE,
  // Releasing a budget claim whose Slack post failed.
  { actions: ['dynamodb:DeleteItem'], resource: { kind: 'table' } },
];

export function logSink(log: Logger): AlertSink {
  return {
    anomalies: async (found) => {
      for (const a of found) log.warn('anomaly', { id: a.id, explanation: a.explanation });
    },
    budget: async (a) => log.warn('budget alert', { budget: a.budget, alert: a.message }),
  };
}

/** Anomaly and budget alerts as Slack messages in the configured channel. */
export function slackSink(client: WebClient, deps: SlackDeps): AlertSink {
  return {
    anomalies: async (found) => void (await sendAnomalyAlerts(client, deps, found)),
    budget: async (a, status) => {
      const c = status.crossed.find((x) => x.kind === a.kind && x.threshold === a.threshold);
      if (c) await postMessage(client, deps.settings.channel, budgetAlert(status, c));
    },
  };
}

export const handler = makeHandler(async () => {
  const c = coldStart();
  const log = lambdaLogger('detect');
  const config = await c.config();
  let sink = logSink(log);
  if (config.slack) {
    const token = await c.params.get(parameterNames(c.env.parameterPrefix).slackBotToken);
    const client = new webApi.WebClient(
      token,
      config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {},
    );
    sink = slackSink(client, dynamoSlackDeps({ config, table: c.table, clock: c.clock }));
  }
  return {
    config,
    cost: new DynamoDbCostStore(c.table),
    store: new DynamoDbAnomalyStore(c.table),
    clock: c.clock,
    sink,
    log,
  };
});
