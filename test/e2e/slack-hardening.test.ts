// Issue 22, points 4-8: what a signed (or nearly signed) request must not get past, over real HTTP and
// through the Lambda handler, with Bolt's own signature check in front of the listeners.
import { describe, expect, it, vi } from 'vitest';
import { sendAnomalyAlerts } from '../../src/slack/anomaly-alerts.js';
import { MAX_COST_TEXT } from '../../src/slack/cost-command.js';
import { slackLambda, useSlackHttpBot } from '../helpers/slack-bot.js';
import { actionBody, signedHeaders, slashBody } from '../helpers/slack-requests.js';

const SECRET = 'test-signing-secret';
const TOKEN = 'xoxb-test-token';

const bot = useSlackHttpBot({ secret: SECRET, token: TOKEN });
const { post, signedPost } = bot;
const formOf = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function llamaAnomaly() {
  const [a] = (await bot.world.anomalies.listAnomalies({ from: '2026-11-10', to: '2026-11-10' })).filter(
    (x) => x.seriesId.startsWith('model|llama3-70b|'),
  );
  expect(a).toBeDefined();
  return a as NonNullable<typeof a>;
}

/** Presses Expected on anomaly `anomalyId` as `user`; a reply goes to `/response/<reply>`. */
const pressExpected = (anomalyId: string, user: string, reply: string) =>
  signedPost(
    actionBody({
      actionId: 'anomaly_expected',
      value: anomalyId,
      user,
      responseUrl: bot.api.responseUrl(reply),
    }),
  );

describe('4. only owners and the allow list may silence an anomaly', () => {
  it('refuses Expected from anyone else, stores nothing, audits and tells the user why', async () => {
    const a = await llamaAnomaly();
    const before = await bot.world.anomalies.listMarks({ from: '2026-11-10', to: '2026-11-10' });
    expect((await pressExpected(a.id, 'U0MALLORY', 'mallory')).status).toBe(200);
    const reply = await vi.waitFor(() => {
      const r = bot.api.callsTo('response_url').find((c) => c.args.path === '/response/mallory');
      expect(r).toBeDefined();
      return r;
    });
    expect(String(reply?.args.text)).toContain('Only the model');
    expect(await bot.world.anomalies.listMarks({ from: '2026-11-10', to: '2026-11-10' })).toEqual(before);
    expect(bot.world.audit.entries.at(-1)).toMatchObject({
      user: 'U0MALLORY',
      action: 'anomaly:expected',
      target: a.id,
      result: 'refused',
    });
  });

  it('lets someone on the allow list mark it expected', async () => {
    const a = await llamaAnomaly();
    expect((await pressExpected(a.id, 'U0LEAD', 'lead')).status).toBe(200);
    // The press is acknowledged first; the mark is stored right after.
    await vi.waitFor(async () => {
      const marks = await bot.world.anomalies.listMarks({ from: '2026-11-10', to: '2026-11-10' });
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
    expect((await signedPost(slashBody('top', bot.api.responseUrl('alive')))).status).toBe(200);
  });

  it('answers an idle button whose value is not JSON, or {}, and audits it', async () => {
    for (const value of ['not json', '{}']) {
      const body = actionBody({
        actionId: 'idle_snooze',
        value,
        user: 'U0LEAD',
        responseUrl: bot.api.responseUrl('v'),
      });
      const at = bot.world.audit.entries.length;
      expect((await signedPost(body)).status).toBe(200);
      await vi.waitFor(() => expect(bot.world.audit.entries.length).toBe(at + 1));
      expect(bot.world.audit.entries.at(-1)).toMatchObject({ user: 'U0LEAD', result: 'failed' });
    }
  });
});

describe('6. untrusted text is escaped in the fallback text too', () => {
  it('escapes the user text of /cost in the reply and an anomaly explanation in the alert', async () => {
    expect((await signedPost(slashBody('<!channel> public', bot.api.responseUrl('esc')))).status).toBe(200);
    await bot.world.slow.drain();
    const reply = bot.api.callsTo('response_url').find((c) => c.args.path === '/response/esc');
    expect(reply).toBeDefined();
    expect(String(reply?.args.text)).not.toContain('<!channel>');
    expect(JSON.stringify(reply?.args.blocks)).not.toContain('<!channel>');

    const a = await llamaAnomaly();
    const client = new (await import('@slack/bolt')).webApi.WebClient(TOKEN, { slackApiUrl: bot.api.apiUrl });
    await sendAnomalyAlerts(client, bot.world.deps.settings, [
      { ...a, status: 'new', explanation: '<!channel> model=<@U0BOSS> & co' },
    ]);
    const [alert] = bot.api.callsTo('chat.postMessage').slice(-1);
    expect(alert?.args.text).toBe('&lt;!channel&gt; model=&lt;@U0BOSS&gt; &amp; co');
  });
});

describe('7. response_url is followed only to Slack', () => {
  it('refuses a signed request whose response_url points elsewhere, and calls nothing', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'https://hooks.slack.com.evil.example/x']) {
      const before = bot.api.calls.length;
      expect((await signedPost(slashBody('top', url))).status).toBe(400);
      const press = actionBody({ actionId: 'anomaly_real', value: 'x', user: 'U0LEAD', responseUrl: url });
      expect((await signedPost(press)).status).toBe(400);
      await bot.world.slow.drain();
      expect(bot.api.calls.length).toBe(before);
    }
  });
});

describe('8. timestamps both ways, and long /cost text', () => {
  it('refuses a timestamp six minutes in the future', async () => {
    const body = slashBody('top', bot.api.responseUrl('future'));
    const future = signedHeaders(SECRET, body, Math.floor(Date.now() / 1000) + 6 * 60);
    expect((await post(body, future)).status).toBe(401);
  });

  it('answers /cost text beyond the limit with a short error at once', async () => {
    const body = slashBody('x'.repeat(4000), bot.api.responseUrl('long'));
    const res = await signedPost(body);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(`at most ${MAX_COST_TEXT}`);
    expect(text.length).toBeLessThan(400);
  });

  it('the Lambda handler screens the same way', async () => {
    const handler = await slackLambda(bot.world, bot.api, SECRET, TOKEN);
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
    const ok = slashBody('top', bot.api.responseUrl('l'));
    const future = signedHeaders(SECRET, ok, Math.floor(Date.now() / 1000) + 6 * 60);
    expect((await handler(event(ok, future), {})).statusCode).toBe(401);
  });
});
