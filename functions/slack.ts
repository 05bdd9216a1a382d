import { LambdaClient } from '@aws-sdk/client-lambda';
import type { IamGrant } from '../src/core/permissions.js';
import { UnsupportedEventError } from '../src/lambda/errors.js';
import { type HttpApiResult, isHttpApi } from '../src/lambda/events.js';
import { logGrant, parameterGrant } from '../src/lambda/grants.js';
import { parameterNames } from '../src/lambda/secrets.js';
import { dynamoSlackDeps } from '../src/lambda/slack-wiring.js';
import { lambdaSlowWork, slowWorkGrant } from '../src/lambda/slow-work.js';
import { coldStart } from '../src/lambda/wiring.js';
import { handOffIdleActions } from '../src/slack/cost-command.js';
import type { SlackDeps } from '../src/slack/ports.js';
import { makeSlackLambdaHandler } from '../src/slack/runtimes.js';
import { ANOMALY_STORE } from '../src/store/dynamodb/permissions.js';

export interface SlackFunctionDeps {
  signingSecret: string;
  botToken: string;
  /** The bot's ports; slow work (`/cost`, idle answers) goes to the worker function. */
  deps: SlackDeps;
  slackApiUrl?: string;
}

type BoltHandler = (event: unknown, context: unknown, callback: () => void) => Promise<HttpApiResult>;

/**
 * POST /slack/events (HTTP API) into the Bolt app (src/slack/app.ts) on Bolt's AwsLambdaReceiver,
 * which checks every request's signature and timestamp and answers only once the listener returned:
 * so listeners ack and hand slow work to the worker function (an asynchronous invoke). The app is
 * built once per container.
 */
export function makeHandler(load: () => Promise<SlackFunctionDeps>) {
  let bolt: Promise<BoltHandler> | undefined;
  return async (event: unknown, context: unknown = {}): Promise<HttpApiResult> => {
    if (!isHttpApi(event)) throw new UnsupportedEventError('slack', 'anything but an HTTP API request');
    bolt ??= load().then(
      async (d) =>
        (await makeSlackLambdaHandler({
          deps: d.deps,
          botToken: d.botToken,
          signingSecret: d.signingSecret,
          ...(d.slackApiUrl ? { slackApiUrl: d.slackApiUrl } : {}),
        })) as unknown as BoltHandler,
    );
    bolt.catch(() => {
      bolt = undefined;
    });
    return (await bolt)(event, context, () => {});
  };
}

export const grants: readonly IamGrant[] = [
  logGrant('slack'),
  parameterGrant('config'),
  parameterGrant('slackSigningSecret'),
  parameterGrant('slackBotToken'),
  slowWorkGrant('slackWorker'),
  // Expected / Real marks on anomalies are stored here; everything slower goes to the worker.
  ...ANOMALY_STORE,
  // Every button press is a line of the idle audit log.
  { actions: ['dynamodb:BatchWriteItem'], resource: { kind: 'table' } },
];

export const handler = makeHandler(async () => {
  const c = coldStart();
  if (!c.env.slackWorker)
    throw new UnsupportedEventError('slack', 'requests without COSTGUARD_SLACK_WORKER set');
  const names = parameterNames(c.env.parameterPrefix);
  const config = await c.config();
  const slowWork = lambdaSlowWork(new LambdaClient({}), c.env.slackWorker);
  return {
    signingSecret: await c.params.get(names.slackSigningSecret),
    botToken: await c.params.get(names.slackBotToken),
    deps: dynamoSlackDeps({
      config,
      table: c.table,
      clock: c.clock,
      slowWork,
      idleActions: handOffIdleActions(slowWork),
    }),
    ...(config.slack?.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
  };
});
