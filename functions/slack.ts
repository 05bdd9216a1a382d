import { LambdaClient } from '@aws-sdk/client-lambda';
import { UnsupportedEventError } from '../src/lambda/errors.js';
import { bodyText, type HttpApiEvent, type HttpApiResult, header, isHttpApi } from '../src/lambda/events.js';
import { type IamGrant, logGrant, parameterGrant } from '../src/lambda/grants.js';
import { jsonLogger, type Logger } from '../src/lambda/logger.js';
import { coldStart } from '../src/lambda/runtime.js';
import { parameterNames } from '../src/lambda/secrets.js';
import { verifySlackSignature } from '../src/lambda/slack-signature.js';
import { lambdaSlowWork, type SlowWork, slowWorkGrant } from '../src/lambda/slow-work.js';

export interface SlackDeps {
  signingSecret: string;
  slowWork: SlowWork;
  nowMs: () => number;
  log: Logger;
}

const ok = (body?: unknown): HttpApiResult =>
  body === undefined
    ? { statusCode: 200 }
    : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };

/**
 * POST /slack/events (HTTP API): verifies Slack's signature, answers the URL check, and hands slash
 * commands to the worker so the acknowledgement leaves within Slack's 3 seconds. The Slack issue's
 * Bolt app (listeners, interactivity) plugs in here; until then interactive payloads are acknowledged
 * and logged only.
 */
export function makeHandler(load: () => Promise<SlackDeps>) {
  return async (event: unknown): Promise<HttpApiResult> => {
    if (!isHttpApi(event)) throw new UnsupportedEventError('slack', 'anything but an HTTP API request');
    const d = await load();
    const raw = bodyText(event as HttpApiEvent);
    const signed = verifySlackSignature(
      d.signingSecret,
      {
        timestamp: header(event, 'x-slack-request-timestamp'),
        signature: header(event, 'x-slack-signature'),
      },
      raw,
      d.nowMs(),
    );
    if (!signed) {
      d.log.warn('rejected a request without a valid Slack signature');
      return { statusCode: 401, body: 'invalid signature' };
    }
    // Slack retries carry X-Slack-Retry-Num; the first delivery already did the work.
    if (header(event, 'x-slack-retry-num')) return ok();
    const type = header(event, 'content-type') ?? '';
    if (type.startsWith('application/json')) {
      const body = JSON.parse(raw) as { type?: string; challenge?: string };
      if (body.type === 'url_verification') return ok({ challenge: body.challenge });
      d.log.info('event received', { type: body.type });
      return ok();
    }
    const form = new URLSearchParams(raw);
    const command = form.get('command');
    if (command) {
      await d.slowWork.submit({
        kind: 'cost',
        text: form.get('text') ?? '',
        userId: form.get('user_id') ?? '',
        channelId: form.get('channel_id') ?? '',
        responseUrl: form.get('response_url') ?? '',
      });
      return ok({ response_type: 'ephemeral', text: `Working on \`${command} ${form.get('text') ?? ''}\`…` });
    }
    d.log.warn('interactive payload acknowledged; no listener is wired in this build');
    return ok();
  };
}

export const grants: readonly IamGrant[] = [
  logGrant('slack'),
  parameterGrant('slackSigningSecret'),
  slowWorkGrant('slackWorker'),
];

export const handler = makeHandler(async () => {
  const c = coldStart();
  if (!c.env.slackWorker)
    throw new UnsupportedEventError('slack', 'requests without COSTGUARD_SLACK_WORKER set');
  return {
    signingSecret: await c.params.get(parameterNames(c.env.parameterPrefix).slackSigningSecret),
    slowWork: lambdaSlowWork(lambdaClient(), c.env.slackWorker),
    nowMs: () => Date.now(),
    log: jsonLogger('slack'),
  };
});

let lambda: LambdaClient | undefined;
const lambdaClient = () => {
  lambda ??= new LambdaClient({});
  return lambda;
};
