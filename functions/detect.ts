import { z } from 'zod';
import { type DailyCheckDeps, runDailyCheck } from '../src/app/daily-check.js';
import type { CostguardConfig } from '../src/config/schema.js';
import type { AlertSink } from '../src/core/anomaly/ports.js';
import type { IamGrant } from '../src/core/permissions.js';
import { UnsupportedEventError } from '../src/lambda/errors.js';
import { directPayload, isDestination, isScheduled, payloadDay } from '../src/lambda/events.js';
import { logGrant, parameterGrant } from '../src/lambda/grants.js';
import { type Logger, lambdaLogger } from '../src/lambda/logger.js';
import { slackClient } from '../src/lambda/slack-wiring.js';
import { coldStart } from '../src/lambda/wiring.js';
import { alsoNotify } from '../src/notify/notify-sink.js';
import { notifierOf } from '../src/notify/targets.js';
import { slackAlertSink } from '../src/slack/alert-sink.js';
import { resolveSecret } from '../src/slack/secrets.js';
import { slackSettings } from '../src/slack/settings.js';
import { ANOMALY_STORE, COST_STORE_READ } from '../src/store/dynamodb/permissions.js';

/** The daily check's ports (src/app/daily-check.ts) and where this function logs. */
export interface DetectDeps extends DailyCheckDeps {
  log: Logger;
}

const direct = z.strictObject({ date: payloadDay.optional() });

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
      date = directPayload('detect', direct, event).date;
    }
    const d = await load();
    const r = await runDailyCheck(d, date ? { date } : {});
    if (r.day === null) {
      d.log.warn('the store holds no cost data yet; nothing to judge');
      return { day: null, anomalies: 0, newAnomalies: 0, budgetAlerts: 0 };
    }
    const summary = {
      day: r.day,
      anomalies: r.anomalies.length,
      newAnomalies: r.fresh.length,
      budgetAlerts: r.budgets.alerts.length,
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

/** The alerts also to the config's Teams and webhook targets (notify.targets), when there are any. */
async function withNotify(sink: AlertSink, config: CostguardConfig, log: Logger): Promise<AlertSink> {
  const n = await notifierOf(config.notify, (ref, what) => resolveSecret(ref, what, process.env));
  return n ? alsoNotify(sink, n, (e) => log.error('notify failed', { error: (e as Error).message })) : sink;
}

export const handler = makeHandler(async () => {
  const c = coldStart();
  const log = lambdaLogger('detect');
  const config = await c.config();
  const client = await slackClient(c);
  return {
    config,
    cost: c.stores.cost,
    store: c.stores.anomalies,
    clock: c.clock,
    sink: await withNotify(
      client ? slackAlertSink(client, slackSettings(config), c.stores.anomalies) : logSink(log),
      config,
      log,
    ),
    log,
  };
});
