import { LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeHandler as makeIdleSweep } from '../../functions/idle-sweep.js';
import { makeHandler as makeRollup } from '../../functions/rollup.js';
import { makeHandler as makeSlack } from '../../functions/slack.js';
import { makeHandler as makeWorker } from '../../functions/slack-worker.js';
import { instanceKey } from '../../src/core/idle/types.js';
import type { HttpApiEvent } from '../../src/lambda/events.js';
import { cachedParameters } from '../../src/lambda/secrets.js';
import { lambdaSlowWork } from '../../src/lambda/slow-work.js';
import { type LocalServer, startLocalServer } from '../../src/sim/local-server.js';
import { IDLE_SNOOZE, idleWarning } from '../../src/slack/blocks/idle-blocks.js';
import { IDLE_TAG_FORM } from '../../src/slack/blocks/idle-tag-blocks.js';
import { handOffIdleActions } from '../../src/slack/cost-command.js';
import { actionBody, signedHeaders, slashBody, viewSubmissionBody } from '../helpers/slack-requests.js';
import { notice, openWorld, type SlackWorld } from '../helpers/slack-world.js';
import { event, memoryLogger } from './events.js';

// Slack requests signed the way Slack signs them, the real Lambda and SSM clients against local
// endpoints speaking their wire formats (Lambda REST Invoke, SSM JSON 1.1), a local response_url.
const SECRET = 'e3b0c44298fc1c149afbf4c8996fb924';
const NOW = Date.parse('2026-10-04T08:00:00Z');
const creds = { accessKeyId: 'local', secretAccessKey: 'local' };

let lambdaApi: LocalServer;
let ssmApi: LocalServer;
let slackApi: LocalServer;
const invoked: { fn: string; type: string | undefined; payload: unknown }[] = [];
const ssmCalls: string[] = [];
const responses: unknown[] = [];

beforeAll(async () => {
  // Lambda Invoke: POST /2015-03-31/functions/<name>/invocations; an async ("Event") one answers 202.
  lambdaApi = await startLocalServer((req, body, res) => {
    const fn = decodeURIComponent(/functions\/([^/]+)\/invocations/.exec(req.url ?? '')?.[1] ?? '');
    invoked.push({
      fn,
      type: req.headers['x-amz-invocation-type'] as string,
      payload: JSON.parse(body.toString()),
    });
    res.writeHead(202, { 'content-type': 'application/json' }).end();
  });
  // SSM: AWS JSON 1.1, the operation in X-Amz-Target.
  ssmApi = await startLocalServer((req, body, res) => {
    const { Name: name, WithDecryption: decrypt } = JSON.parse(body.toString());
    ssmCalls.push(`${req.headers['x-amz-target']} ${name}${decrypt ? '' : ' (not decrypted)'}`);
    if (name.endsWith('/missing')) {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'ParameterNotFound', message: `${name} not found` }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(
      JSON.stringify({
        Parameter: { Name: name, Type: 'SecureString', Value: `value of ${name}`, Version: 1 },
      }),
    );
  });
  // response_url posts and Web API calls (chat.update after a press) land here.
  slackApi = await startLocalServer((req, body, res) => {
    if ((req.url ?? '').startsWith('/api/')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      return;
    }
    responses.push(JSON.parse(body.toString()));
    res.writeHead(200).end('ok');
  });
});
afterAll(async () => Promise.all([lambdaApi.close(), ssmApi.close(), slackApi.close()]));

function request(
  contentType: string,
  raw: string,
  sign = SECRET,
  extra: Record<string, string> = {},
  at = Date.now(),
) {
  const e = event<HttpApiEvent>('http-api-slack');
  const s = signedHeaders(sign, raw, Math.floor(at / 1000));
  e.headers = {
    ...e.headers,
    'content-type': contentType,
    'x-slack-request-timestamp': s['X-Slack-Request-Timestamp'],
    'x-slack-signature': s['X-Slack-Signature'],
    ...extra,
  };
  e.body = Buffer.from(raw).toString('base64');
  return e;
}

let world: SlackWorld;
beforeAll(async () => {
  world = await openWorld();
});
afterAll(async () => world.close());

// The Bolt app on AwsLambdaReceiver with the bot's ports; slow work goes to the worker function
// through the real Lambda client (asynchronous Invoke) on a local endpoint.
const slack = () => {
  const slowWork = lambdaSlowWork(
    new LambdaClient({ endpoint: lambdaApi.url, region: 'us-east-1', credentials: creds }),
    'costguard-dev-slackWorker',
  );
  return makeSlack(async () => ({
    signingSecret: SECRET,
    botToken: 'xoxb-fn',
    deps: { ...world.deps, slowWork, idleActions: handOffIdleActions(slowWork) },
    slackApiUrl: `${slackApi.url}/api/`,
  }));
};

/** The slack function's hand-off: exactly one asynchronous Invoke of the worker with `payload`. */
const workerInvokes = (payload: unknown) => [{ fn: 'costguard-dev-slackWorker', type: 'Event', payload }];

describe('slack handler (Bolt on AwsLambdaReceiver)', () => {
  it('answers the URL verification of a signed request and rejects a forged or stale one', async () => {
    const body = JSON.stringify({
      type: 'url_verification',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
    const ok = await slack()(request('application/json', body));
    expect(ok).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(ok.body ?? '')).toEqual({
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
    expect((await slack()(request('application/json', body, 'wrong-secret'))).statusCode).toBe(401);
    const stale = request('application/json', body, SECRET, {}, Date.now() - 6 * 60_000);
    expect((await slack()(stale)).statusCode).toBe(401);
    await expect(slack()({ source: 'aws.events' })).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' });
  });

  it('hands a slash command to the worker asynchronously and acknowledges at once; a retry is not re-run', async () => {
    invoked.length = 0;
    const form = slashBody('llama3-70b 7d', 'https://hooks.slack.com/commands/T0/1/abc', 'U012AB3CD');
    const handler = slack();
    const r = await handler(request('application/x-www-form-urlencoded', form));
    expect(r.statusCode).toBe(200);
    expect(invoked).toEqual(
      workerInvokes({
        kind: 'cost',
        text: 'llama3-70b 7d',
        userId: 'U012AB3CD',
        channelId: 'C0COSTS',
        responseUrl: 'https://hooks.slack.com/commands/T0/1/abc',
      }),
    );
    await handler(request('application/x-www-form-urlencoded', form, SECRET, { 'x-slack-retry-num': '1' }));
    expect(invoked).toHaveLength(1);
  });

  it("hands an owner's Snooze to the worker as an idle-answer job and updates the message", async () => {
    invoked.length = 0;
    const n = notice({ owner: 'bob' });
    const msg = idleWarning(n, 'U0BOB');
    const value = (
      (msg.blocks as { elements?: unknown[] }[]).flatMap((b) => b.elements ?? []) as {
        action_id?: string;
        value?: string;
      }[]
    ).find((e) => e.action_id === IDLE_SNOOZE)?.value;
    const body = actionBody({
      actionId: IDLE_SNOOZE,
      value: value ?? '',
      user: 'U0BOB',
      responseUrl: `${slackApi.url}/response/snooze`,
      message: msg,
    });
    const r = await slack()(request('application/x-www-form-urlencoded', body));
    expect(r.statusCode).toBe(200);
    expect(invoked).toEqual(
      workerInvokes({
        kind: 'idle-answer',
        choice: 'snooze',
        instanceKey: instanceKey(n),
        until: '2026-11-11T10:00:00.000Z',
        by: 'slack:U0BOB',
        responseUrl: `${slackApi.url}/response/snooze`,
      }),
    );
  });
});

describe('slack handler: the Tag form of a busy untagged warning', () => {
  it("hands the owner's Tag submission to the worker as an idle-answer job", async () => {
    invoked.length = 0;
    const n = notice({ owner: 'bob' });
    const body = viewSubmissionBody({
      callbackId: IDLE_TAG_FORM,
      privateMetadata: JSON.stringify({ k: instanceKey(n), o: 'U0BOB' }),
      user: 'U0BOB',
      values: { model: 'llama3-70b', stage: 'serve' },
    });
    const r = await slack()(request('application/x-www-form-urlencoded', body));
    expect(r.statusCode).toBe(200);
    expect(invoked).toEqual(
      workerInvokes({
        kind: 'idle-answer',
        choice: 'tag',
        instanceKey: instanceKey(n),
        names: { model: 'llama3-70b', stage: 'serve' },
        by: 'slack:U0BOB',
        responseUrl: '',
      }),
    );
  });
});

describe('slack worker', () => {
  it('answers a /cost job on its response_url, runs an idle answer, and refuses anything else', async () => {
    responses.length = 0;
    const handler = makeWorker(async () => ({ deps: world.deps, log: memoryLogger() }));
    const job = {
      ...event('slack-worker-job'),
      text: 'top 3',
      responseUrl: `${slackApi.url}/commands/T0/1/abc`,
    };
    expect(await handler(job)).toEqual({ done: true, kind: 'cost' });
    expect(JSON.stringify(responses[0])).toContain('llama3-70b');
    expect(
      await handler({
        kind: 'idle-answer',
        choice: 'exempt',
        instanceKey: 'aws:222222222222:us-east-1:i-0abc123',
        by: 'slack:U0BOB',
        responseUrl: `${slackApi.url}/response/x`,
      }),
    ).toEqual({ done: true, kind: 'idle-answer' });
    expect(world.idle.tags.get('aws:222222222222:us-east-1:i-0abc123')).toEqual({
      'costguard:exempt': 'slack:U0BOB',
    });
    // A Tag answer comes from a form: no response_url.
    expect(
      await handler({
        kind: 'idle-answer',
        choice: 'tag',
        instanceKey: 'aws:222222222222:us-east-1:i-0abc124',
        names: { model: 'whisper', stage: 'serve' },
        by: 'slack:U0BOB',
        responseUrl: '',
      }),
    ).toEqual({ done: true, kind: 'idle-answer' });
    expect(world.idle.tags.get('aws:222222222222:us-east-1:i-0abc124')).toEqual({
      model: 'whisper',
      stage: 'serve',
    });
    await expect(handler({ kind: 'other' })).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' });
  });

  it('rollup and idleSweep say they did nothing without Slack or fleets, and call their port once it is there', async () => {
    const clock = { now: () => new Date(NOW) };
    const rollup = makeRollup(async () => ({ rollup: undefined, clock, log: memoryLogger() }));
    expect(await rollup(event('eventbridge-schedule'))).toEqual({
      day: '2026-10-03',
      posted: false,
      reason: 'NO_SLACK',
    });
    const posted: string[] = [];
    const wired = makeRollup(async () => ({
      rollup: {
        post: async (day) => {
          posted.push(day);
          return { posted: true };
        },
      },
      clock,
      log: memoryLogger(),
    }));
    expect(await wired({ day: '2026-10-01' })).toEqual({ day: '2026-10-01', posted: true });
    expect(posted).toEqual(['2026-10-01']);
    const idle = makeIdleSweep(async () => ({ sweeper: undefined, clock, log: memoryLogger() }));
    expect(await idle(event('scheduler-input'))).toMatchObject({ swept: false, reason: 'NO_FLEET' });
    await expect(idle({ stop: 'everything' })).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' });
  });
});

describe('secrets', () => {
  const ssm = () => new SSMClient({ endpoint: ssmApi.url, region: 'us-east-1', credentials: creds });
  afterEach(() => {
    vi.useRealTimers();
    ssmCalls.length = 0;
  });

  it('reads each SSM parameter once while cached, decrypted, and shares concurrent first reads', async () => {
    const params = cachedParameters(ssm());
    const [a, b] = await Promise.all([
      params.get('/costguard/dev/slack/signing-secret'),
      params.get('/costguard/dev/slack/signing-secret'),
    ]);
    await params.get('/costguard/dev/slack/signing-secret');
    expect([a, b]).toEqual([
      'value of /costguard/dev/slack/signing-secret',
      'value of /costguard/dev/slack/signing-secret',
    ]);
    expect(ssmCalls).toEqual(['AmazonSSM.GetParameter /costguard/dev/slack/signing-secret']);
  });

  it('reads a parameter again once its cache time is over (a rotated secret reaches warm containers)', async () => {
    // Prepare: only Date is faked (the cache's clock); the HTTP calls keep real timers
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-10-04T08:00:00Z'));
    const params = cachedParameters(ssm());
    await params.get('/costguard/dev/slack/bot-token');
    // Act
    vi.setSystemTime(Date.parse('2026-10-04T08:14:00Z'));
    await params.get('/costguard/dev/slack/bot-token');
    vi.setSystemTime(Date.parse('2026-10-04T08:16:00Z'));
    await params.get('/costguard/dev/slack/bot-token');
    // Assess: 14 minutes later from the cache, 16 minutes later from SSM
    expect(ssmCalls).toEqual([
      'AmazonSSM.GetParameter /costguard/dev/slack/bot-token',
      'AmazonSSM.GetParameter /costguard/dev/slack/bot-token',
    ]);
  });

  it('says which parameter is missing and does not cache the failure', async () => {
    const params = cachedParameters(ssm());
    for (let i = 0; i < 2; i++) {
      await expect(params.get('/costguard/dev/missing')).rejects.toMatchObject({
        code: 'PARAMETER_UNREADABLE',
        message: expect.stringContaining('/costguard/dev/missing'),
      });
    }
    expect(ssmCalls).toHaveLength(2);
  });
});
