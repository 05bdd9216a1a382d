import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceKey } from '../../src/core/idle/types.js';
import type { FakeSlackApi } from '../../src/sim/fakes/slack-api.js';
import { idleWarning } from '../../src/slack/blocks/idle-blocks.js';
import { blockViolations } from '../../src/slack/blocks/limits.js';
import { sendIdleWarning } from '../../src/slack/idle-warnings.js';
import { OwnerDirectory } from '../../src/slack/owners.js';
import { type SlackLambda, slackLambda, startSlackApi } from '../helpers/slack-bot.js';
import { actionBody, signedHeaders, slashBody } from '../helpers/slack-requests.js';
import { notice, openWorld, type SlackWorld } from '../helpers/slack-world.js';

const SECRET = 'lambda-signing-secret';
const TOKEN = 'xoxb-lambda-token';

let api: FakeSlackApi;
let world: SlackWorld;
let handler: SlackLambda;

beforeAll(async () => {
  api = await startSlackApi();
  world = await openWorld();
  handler = await slackLambda(world, api, SECRET, TOKEN);
});
afterAll(async () => {
  await world.close();
  await api.close();
});

/** An API Gateway (REST, v1) proxy event as the slack function receives it. */
const apiGatewayEvent = (body: string, headers: Record<string, string>) => ({
  resource: '/slack/events',
  path: '/slack/events',
  httpMethod: 'POST',
  headers,
  multiValueHeaders: {},
  queryStringParameters: null,
  requestContext: { stage: 'prod', requestId: 'r-1' },
  body,
  isBase64Encoded: false,
});

async function slash(text: string, id: string, extraHeaders: Record<string, string> = {}) {
  const body = slashBody(text, api.responseUrl(id));
  const res = await handler(apiGatewayEvent(body, { ...signedHeaders(SECRET, body), ...extraHeaders }), {});
  await world.slow.drain();
  return { res, answer: api.callsTo('response_url').find((c) => c.args.path === `/response/${id}`) };
}

const textOf = (a: { args: Record<string, unknown> } | undefined) => JSON.stringify(a?.args.blocks ?? '');

describe('Slack on Lambda (AwsLambdaReceiver fed signed API Gateway events)', () => {
  it('returns the acknowledgement before slow work finishes (the store takes 4 s)', async () => {
    const slowWorld = await openWorld({ delayMs: 4000 });
    try {
      const h = await slackLambda(slowWorld, api, SECRET, TOKEN);
      const body = slashBody('top 3', api.responseUrl('lambda-slow'));
      const started = Date.now();
      const res = await h(apiGatewayEvent(body, signedHeaders(SECRET, body)), {});
      expect(res.statusCode).toBe(200);
      expect(Date.now() - started).toBeLessThan(3000);
      const answered = () => api.callsTo('response_url').some((c) => c.args.path === '/response/lambda-slow');
      expect(answered()).toBe(false);
      await slowWorld.slow.drain();
      expect(answered()).toBe(true);
    } finally {
      await slowWorld.close();
    }
  }, 30_000);

  it('answers every /cost form, each within Block Kit limits', async () => {
    const cases: [string, RegExp][] = [
      ['', /Month to date[\s\S]*Top models this month[\s\S]*llama3-70b/],
      ['help', /cost top \[N\]/],
      ['LLAMA3-70', /\*llama3-70b\*: \*\$[\d,.]+\* last 30 days/],
      ['whisp serve mtd', /\*whisper-large\* \/ serve.*month to date/],
      ['llama3-8b 2026-10', /2026-10-01\.\.2026-10-31/],
      ['llama3-8b train 2026-11-01..2026-11-07', /2026-11-01\.\.2026-11-07/],
      ['top 5', /Top 5 models[\s\S]*llama3-70b[\s\S]*16 more[\s\S]*ALL MODELS/],
      ['budgets', /llama serve[\s\S]*forecast/],
      ['anomalies', /Open anomalies[\s\S]*llama3-70b train/],
      ['idle', /stopped 1, warned 2/],
      ['lama3', /No model \\"lama3\\"\. Did you mean `llama3-70b`, `llama3-8b`/],
      ['llama3', /matches several models: llama3-70b, llama3-8b/],
      ['whisper dinner', /No stage \\"dinner\\"/],
      ['top 99', /from 1 to 50/],
    ];
    for (const [i, [text, expected]] of cases.entries()) {
      const { res, answer } = await slash(text, `form${i}`);
      expect(res.statusCode, text).toBe(200);
      expect(answer?.args.response_type, text).toBe('ephemeral');
      expect(textOf(answer), text).toMatch(expected);
      expect(blockViolations((answer?.args.blocks ?? []) as never), text).toEqual([]);
    }
  }, 60_000);

  it('answers the model query with the exact total from the store', async () => {
    const facts = await world.cost.queryFacts({ from: '2026-11-04', to: '2026-11-10' });
    const cents =
      facts.filter((f) => f.model === 'whisper-large').reduce((a, f) => a + f.effectiveCost, 0n) / 10n ** 10n;
    const { answer } = await slash('whisper-large 7d public', 'exact');
    expect(answer?.args.response_type).toBe('in_channel');
    const shown = `$${(Number(cents) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    expect(textOf(answer)).toContain(shown);
  });

  it('refuses forged and stale events with 401 and drops Slack retries without side effects', async () => {
    const body = slashBody('budgets', api.responseUrl('bad'));
    expect((await handler(apiGatewayEvent(body, signedHeaders('forged', body)), {})).statusCode).toBe(401);
    const stale = signedHeaders(SECRET, body, Math.floor(Date.now() / 1000) - 301);
    expect((await handler(apiGatewayEvent(body, stale), {})).statusCode).toBe(401);
    const retry = await slash('budgets', 'retry', {
      'X-Slack-Retry-Num': '1',
      'X-Slack-Retry-Reason': 'http_timeout',
    });
    expect(retry.res.statusCode).toBe(200);
    expect(retry.answer).toBeUndefined();
    expect(api.callsTo('response_url').filter((c) => c.args.path === '/response/bad')).toHaveLength(0);
  });

  it('sends the idle warning to the owner found by email, and Keep until tomorrow tags, audits and updates in place', async () => {
    // Prepare: the warning goes out as a DM to alice (users.lookupByEmail).
    const n = notice();
    const client = new webApi.WebClient(TOKEN, { slackApiUrl: api.apiUrl });
    const sent = await sendIdleWarning(client, world.deps, new OwnerDirectory(client, {}), n);
    expect(sent.channel).toBe('U0ALICE');
    const warning = idleWarning(n, 'U0ALICE');
    const press = (user: string, actionId: string, id: string) => {
      const body = actionBody({
        actionId,
        user,
        responseUrl: api.responseUrl(id),
        channel: 'D0ALICE',
        ts: sent.ts,
        message: warning,
        value: String((warning.blocks[1] as { elements: { value: string }[] }).elements[0]?.value),
      });
      return handler(apiGatewayEvent(body, signedHeaders(SECRET, body)), {});
    };
    // Act: a stranger is refused, the owner keeps it.
    expect((await press('U0MALLORY', 'idle_keep_until_tomorrow', 'mallory')).statusCode).toBe(200);
    expect((await press('U0ALICE', 'idle_keep_until_tomorrow', 'alice')).statusCode).toBe(200);
    // Assess
    const refusal = api.callsTo('response_url').find((c) => c.args.path === '/response/mallory');
    expect(refusal?.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(refusal?.args.text)).toContain('Only the instance owner');
    // 09:00 Berlin (CET, UTC+1) on 2026-11-12
    expect(world.idle.tags.get(instanceKey(n))).toEqual({
      'costguard:keep-until': '2026-11-12T08:00:00.000Z',
    });
    expect(world.idle.calls).toEqual([
      {
        instanceKey: instanceKey(n),
        by: 'slack:U0ALICE',
        choice: 'keep-until-tomorrow',
        until: '2026-11-12T08:00:00.000Z',
      },
    ]);
    const update = api.callsTo('chat.update').find((c) => c.args.ts === sent.ts);
    expect(update?.args.channel).toBe('D0ALICE');
    expect(JSON.stringify(update?.args.blocks)).toContain('<@U0ALICE> kept it running until tomorrow');
    expect(JSON.stringify(update?.args.blocks)).not.toContain('idle_snooze');
    expect(
      world.audit.entries
        .filter((e) => e.action === 'idle:keep-until-tomorrow')
        .map((e) => [e.user, e.result]),
    ).toEqual([
      ['U0MALLORY', 'refused'],
      ['U0ALICE', 'done'],
    ]);
  });
});
