// Issue 22, points 4-8: what a signed (or nearly signed) request must not get past, over real HTTP and
// through the Lambda handler, with Bolt's own signature check in front of the listeners.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/sim/fakes/slack-api.js';
import { sendAnomalyAlerts } from '../../src/slack/anomaly-alerts.js';
import { MAX_COST_TEXT } from '../../src/slack/cost-command.js';
import { makeSlackLambdaHandler, startSlackServer } from '../../src/slack/runtimes.js';
import { actionBody, signedHeaders, slashBody } from '../helpers/slack-requests.js';
import { openWorld, type SlackWorld } from '../helpers/slack-world.js';

const SECRET = 'test-signing-secret';
const TOKEN = 'xoxb-test-token';

let api: FakeSlackApi;
let world: SlackWorld;
let server: Awaited<ReturnType<typeof startSlackServer>>;

beforeAll(async () => {
  api = await startFakeSlackApi({ users: { 'alice@example.com': 'U0ALICE' } });
  world = await openWorld();
  server = await startSlackServer({
    deps: world.deps,
    botToken: TOKEN,
    signingSecret: SECRET,
    slackApiUrl: api.apiUrl,
    port: 0,
  });
});
afterAll(async () => {
  await server.stop();
  await world.close();
  await api.close();
});
afterEach(async () => {
  await world.slow.drain();
});

const post = (body: string, headers: Record<string, string>) =>
  fetch(server.url, { method: 'POST', headers, body });
const signedPost = (body: string) => post(body, signedHeaders(SECRET, body));
const formOf = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function llamaAnomaly() {
  const [a] = (await world.anomalies.listAnomalies({ from: '2026-11-10', to: '2026-11-10' })).filter((x) =>
    x.seriesId.startsWith('model|llama3-70b|'),
  );
  expect(a).toBeDefined();
  return a as NonNullable<typeof a>;
}

describe('4. only owners and the allow list may silence an anomaly', () => {
  it('refuses Expected from anyone else, stores nothing, audits and tells the user why', async () => {
    const a = await llamaAnomaly();
    const before = await world.anomalies.listMarks({ from: '2026-11-10', to: '2026-11-10' });
    const body = actionBody({
      actionId: 'anomaly_expected',
      value: a.id,
      user: 'U0MALLORY',
      responseUrl: api.responseUrl('mallory'),
    });
    expect((await signedPost(body)).status).toBe(200);
    const reply = await vi.waitFor(() => {
      const r = api.callsTo('response_url').find((c) => c.args.path === '/response/mallory');
      expect(r).toBeDefined();
      return r;
    });
    expect(String(reply?.args.text)).toContain('Only the model');
    expect(await world.anomalies.listMarks({ from: '2026-11-10', to: '2026-11-10' })).toEqual(before);
    expect(world.audit.entries.at(-1)).toMatchObject({
      user: 'U0MALLORY',
      action: 'anomaly:expected',
      target: a.id,
      result: 'refused',
    });
  });

  it('lets someone on the allow list mark it expected', async () => {
    const a = await llamaAnomaly();
    const body = actionBody({
      actionId: 'anomaly_expected',
      value: a.id,
      user: 'U0LEAD',
      responseUrl: api.responseUrl('lead'),
    });
    expect((await signedPost(body)).status).toBe(200);
    // The press is acknowledged first; the mark is stored right after.
    await vi.waitFor(async () => {
      const marks = await world.anomalies.listMarks({ from: '2026-11-10', to: '2026-11-10' });
      expect(marks).toContainEqual(expect.objectContaining({ anomalyId: a.id, by: 'slack:U0LEAD' }));
    });
  });
});

describe('5. malformed bodies get a 4xx and the server keeps serving', () => {
  it('answers payload=null, a non-JSON payload and a payload without a type with 400', async () => {
    for (const payload of ['null', 'not json', '[]', '{"user":{}}']) {
      const res = await signedPost(formOf({ payload }));
      expect(res.status, payload).toBe(400);
    }
    // Still serving: a real command is acknowledged.
    expect((await signedPost(slashBody('top', api.responseUrl('alive')))).status).toBe(200);
  });

  it('answers an idle button whose value is not JSON, or {}, and audits it', async () => {
    for (const value of ['not json', '{}']) {
      const body = actionBody({
        actionId: 'idle_snooze',
        value,
        user: 'U0LEAD',
        responseUrl: api.responseUrl('v'),
      });
      const at = world.audit.entries.length;
      expect((await signedPost(body)).status).toBe(200);
      await vi.waitFor(() => expect(world.audit.entries.length).toBe(at + 1));
      expect(world.audit.entries.at(-1)).toMatchObject({ user: 'U0LEAD', result: 'failed' });
    }
  });
});

describe('6. untrusted text is escaped in the fallback text too', () => {
  it('escapes the user text of /cost in the reply and an anomaly explanation in the alert', async () => {
    expect((await signedPost(slashBody('<!channel> public', api.responseUrl('esc')))).status).toBe(200);
    await world.slow.drain();
    const reply = api.callsTo('response_url').find((c) => c.args.path === '/response/esc');
    expect(reply).toBeDefined();
    expect(String(reply?.args.text)).not.toContain('<!channel>');
    expect(JSON.stringify(reply?.args.blocks)).not.toContain('<!channel>');

    const a = await llamaAnomaly();
    const client = new (await import('@slack/bolt')).webApi.WebClient(TOKEN, { slackApiUrl: api.apiUrl });
    await sendAnomalyAlerts(client, world.deps.settings, [
      { ...a, status: 'new', explanation: '<!channel> model=<@U0BOSS> & co' },
    ]);
    const [alert] = api.callsTo('chat.postMessage').slice(-1);
    expect(alert?.args.text).toBe('&lt;!channel&gt; model=&lt;@U0BOSS&gt; &amp; co');
  });
});

describe('7. response_url is followed only to Slack', () => {
  it('refuses a signed request whose response_url points elsewhere, and calls nothing', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'https://hooks.slack.com.evil.example/x']) {
      const before = api.calls.length;
      expect((await signedPost(slashBody('top', url))).status).toBe(400);
      const press = actionBody({ actionId: 'anomaly_real', value: 'x', user: 'U0LEAD', responseUrl: url });
      expect((await signedPost(press)).status).toBe(400);
      await world.slow.drain();
      expect(api.calls.length).toBe(before);
    }
  });
});

describe('8. timestamps both ways, and long /cost text', () => {
  it('refuses a timestamp six minutes in the future', async () => {
    const body = slashBody('top', api.responseUrl('future'));
    const future = signedHeaders(SECRET, body, Math.floor(Date.now() / 1000) + 6 * 60);
    expect((await post(body, future)).status).toBe(401);
  });

  it('answers /cost text beyond the limit with a short error at once', async () => {
    const body = slashBody('x'.repeat(4000), api.responseUrl('long'));
    const res = await signedPost(body);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(`at most ${MAX_COST_TEXT}`);
    expect(text.length).toBeLessThan(400);
  });

  it('the Lambda handler screens the same way', async () => {
    const handler = (await makeSlackLambdaHandler({
      deps: world.deps,
      botToken: TOKEN,
      signingSecret: SECRET,
      slackApiUrl: api.apiUrl,
    })) as (e: unknown, c: unknown) => Promise<{ statusCode: number }>;
    const event = (body: string, headers: Record<string, string>) => ({
      version: '2.0',
      routeKey: 'POST /slack/events',
      rawPath: '/slack/events',
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
      requestContext: { http: { method: 'POST', path: '/slack/events' } },
      body,
      isBase64Encoded: false,
    });
    const nul = formOf({ payload: 'null' });
    expect((await handler(event(nul, signedHeaders(SECRET, nul)), {})).statusCode).toBe(400);
    const far = slashBody('top', 'http://169.254.169.254/');
    expect((await handler(event(far, signedHeaders(SECRET, far)), {})).statusCode).toBe(400);
    const ok = slashBody('top', api.responseUrl('l'));
    const future = signedHeaders(SECRET, ok, Math.floor(Date.now() / 1000) + 6 * 60);
    expect((await handler(event(ok, future), {})).statusCode).toBe(401);
  });
});
