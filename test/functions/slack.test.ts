import { LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeIdleSweep } from '../../functions/idle-sweep.js';
import { makeHandler as makeRollup } from '../../functions/rollup.js';
import { makeHandler as makeSlack } from '../../functions/slack.js';
import { makeHandler as makeWorker, postResponse } from '../../functions/slack-worker.js';
import type { HttpApiEvent } from '../../src/lambda/events.js';
import { cachedParameters } from '../../src/lambda/secrets.js';
import { signSlackRequest } from '../../src/lambda/slack-signature.js';
import { lambdaSlowWork } from '../../src/lambda/slow-work.js';
import { type LocalServer, startLocalServer } from '../../src/sim/local-server.js';
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
    const name = JSON.parse(body.toString()).Name as string;
    ssmCalls.push(`${req.headers['x-amz-target']} ${name}`);
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(
      JSON.stringify({
        Parameter: { Name: name, Type: 'SecureString', Value: `value of ${name}`, Version: 1 },
      }),
    );
  });
  slackApi = await startLocalServer((_req, body, res) => {
    responses.push(JSON.parse(body.toString()));
    res.writeHead(200).end('ok');
  });
});
afterAll(async () => Promise.all([lambdaApi.close(), ssmApi.close(), slackApi.close()]));

function request(contentType: string, raw: string, sign = SECRET, extra: Record<string, string> = {}) {
  const e = event<HttpApiEvent>('http-api-slack');
  const s = signSlackRequest(sign, raw, NOW);
  e.headers = {
    ...e.headers,
    'content-type': contentType,
    'x-slack-request-timestamp': s.timestamp,
    'x-slack-signature': s.signature,
    ...extra,
  };
  e.body = Buffer.from(raw).toString('base64');
  return e;
}

const slack = () =>
  makeSlack(async () => ({
    signingSecret: SECRET,
    slowWork: lambdaSlowWork(
      new LambdaClient({ endpoint: lambdaApi.url, region: 'us-east-1', credentials: creds }),
      'costguard-dev-slackWorker',
    ),
    nowMs: () => NOW,
    log: memoryLogger(),
  }));

describe('slack handler', () => {
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
    const stale = request('application/json', body);
    const handler = makeSlack(async () => ({
      signingSecret: SECRET,
      slowWork: { submit: async () => {} },
      nowMs: () => NOW + 6 * 60_000,
      log: memoryLogger(),
    }));
    expect((await handler(stale)).statusCode).toBe(401);
  });

  it('hands a slash command to the worker asynchronously and acknowledges at once; a retry is not re-run', async () => {
    invoked.length = 0;
    const form = new URLSearchParams({
      command: '/cost',
      text: 'llama last 7 days',
      user_id: 'U012AB3CD',
      channel_id: 'C0123456',
      response_url: 'https://hooks.slack.com/commands/T0/1/abc',
    }).toString();
    const r = await slack()(request('application/x-www-form-urlencoded', form));
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body ?? '')).toMatchObject({ response_type: 'ephemeral' });
    expect(invoked).toEqual([
      {
        fn: 'costguard-dev-slackWorker',
        type: 'Event',
        payload: {
          kind: 'cost',
          text: 'llama last 7 days',
          userId: 'U012AB3CD',
          channelId: 'C0123456',
          responseUrl: 'https://hooks.slack.com/commands/T0/1/abc',
        },
      },
    ]);
    await slack()(request('application/x-www-form-urlencoded', form, SECRET, { 'x-slack-retry-num': '1' }));
    expect(invoked).toHaveLength(1);
  });
});

describe('slack worker, rollup and idle sweep while their use cases are not wired', () => {
  it('the worker tells the requester on the response_url instead of leaving them waiting', async () => {
    const handler = makeWorker(async () => ({
      runner: undefined,
      respond: postResponse,
      log: memoryLogger(),
    }));
    const job = { ...event('slack-worker-job'), responseUrl: `${slackApi.url}/commands/T0/1/abc` };
    expect(await handler(job)).toEqual({ done: false, reason: 'NOT_WIRED' });
    expect(responses).toEqual([expect.objectContaining({ response_type: 'ephemeral' })]);
    await expect(handler({ kind: 'other' })).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' });
  });

  it('rollup and idleSweep say they did nothing, and call their port once it is there', async () => {
    const clock = { now: () => new Date(NOW) };
    const rollup = makeRollup(async () => ({ rollup: undefined, clock, log: memoryLogger() }));
    expect(await rollup(event('eventbridge-schedule'))).toEqual({
      day: '2026-10-03',
      posted: false,
      reason: 'NOT_WIRED',
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
    expect(await idle(event('scheduler-input'))).toMatchObject({ swept: false, reason: 'NOT_WIRED' });
    await expect(idle({ stop: 'everything' })).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' });
  });
});

describe('secrets', () => {
  it('reads each SSM parameter once per cold start, decrypted, and shares concurrent first reads', async () => {
    const params = cachedParameters(
      new SSMClient({ endpoint: ssmApi.url, region: 'us-east-1', credentials: creds }),
    );
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
});
