import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBudgets } from '../../src/app/daily-check.js';
import { instanceKey } from '../../src/core/idle/types.js';
import type { FakeSlackApi } from '../../src/sim/fakes/slack-api.js';
import { slackAlertSink } from '../../src/slack/alert-sink.js';
import { sendAnomalyAlerts } from '../../src/slack/anomaly-alerts.js';
import { idleWarning } from '../../src/slack/blocks/idle-blocks.js';
import type { SlackMessage } from '../../src/slack/blocks/kit.js';
import { blockViolations } from '../../src/slack/blocks/limits.js';
import { sendIdleWarning } from '../../src/slack/idle-warnings.js';
import { OwnerDirectory } from '../../src/slack/owners.js';
import { postRollup } from '../../src/slack/rollup.js';
import { type SlackLambda, slackLambda, startSlackApi } from '../helpers/slack-bot.js';
import { actionBody, signedHeaders } from '../helpers/slack-requests.js';
import { NOW, notice, openWorld, SETTINGS, type SlackWorld, YESTERDAY } from '../helpers/slack-world.js';

const SECRET = 'alerts-secret';
const TOKEN = 'xoxb-alerts';
let api: FakeSlackApi;
let world: SlackWorld;
let client: webApi.WebClient;

beforeAll(async () => {
  api = await startSlackApi();
  world = await openWorld();
  client = new webApi.WebClient(TOKEN, { slackApiUrl: api.apiUrl });
});
afterAll(async () => {
  await world.close();
  await api.close();
});

const blocksOf = (c: { args: Record<string, unknown> } | undefined) =>
  (c?.args.blocks ?? []) as SlackMessage['blocks'];

describe('scheduled posts: rollup with chart, budget and anomaly alerts', () => {
  it('posts the rollup for 20 models on 3 clouds within limits, then the chart PNG in its thread', async () => {
    const r = await postRollup(client, world.deps);
    expect(r.day).toBe(YESTERDAY);
    const [msg] = api.callsTo('chat.postMessage');
    expect(msg?.args.channel).toBe(SETTINGS.channel);
    expect(blockViolations(blocksOf(msg))).toEqual([]);
    const text = JSON.stringify(msg?.args.blocks);
    for (const s of [
      'llama3-70b',
      'model-019',
      'AWS',
      'Google Cloud',
      'Microsoft',
      'llama serve',
      'Open anomalies',
      'Untagged spend',
      'stopped 1, warned 2',
      'Data complete up to',
    ])
      expect(text).toContain(s);
    const [url] = api.callsTo('files.getUploadURLExternal');
    expect(url?.args.filename).toBe(`spend-by-model-${YESTERDAY}.png`);
    const [upload] = api.callsTo('upload');
    expect(upload?.bytes).toBeGreaterThan(5000);
    expect(upload?.head?.subarray(1, 4).toString()).toBe('PNG');
    const [done] = api.callsTo('files.completeUploadExternal');
    expect(done?.args).toMatchObject({ channel_id: SETTINGS.channel, thread_ts: r.ts });
    expect(r.chartFileId).toBe('F1');
  });

  it('alerts each budget threshold once a month, however often it runs', async () => {
    // The daily check's budget step, delivering to Slack (as the detect function wires it).
    const check = () =>
      checkBudgets({
        budgets: world.deps.budgets,
        metric: world.deps.settings.metric,
        cost: world.deps.costs,
        alerts: world.deps.budgetAlerts,
        asOf: YESTERDAY,
        clock: world.deps.clock,
        deliver: slackAlertSink(client, world.deps.settings).budget,
      }).then((r) => r.alerts);
    const first = await check();
    expect(first.map((a) => `${a.budget}:${a.kind}:${a.threshold}`).sort()).toEqual(
      [
        'gcp:actual:80',
        'gcp:forecast:100',
        'llama serve:actual:50',
        'llama serve:actual:80',
        'llama serve:forecast:100',
      ].sort(),
    );
    expect(await check()).toEqual([]);
    const posts = api.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('llama serve'));
    expect(posts).toHaveLength(3);
    for (const p of posts) expect(blockViolations(blocksOf(p))).toEqual([]);
  });

  it('posts new anomalies with the explanation, root cause and Expected / Real buttons', async () => {
    const all = await world.anomalies.listAnomalies({ from: YESTERDAY, to: YESTERDAY });
    const sent = await sendAnomalyAlerts(client, world.deps.settings, all);
    expect(sent.length).toBe(all.filter((a) => a.status === 'new').length);
    const post = api
      .callsTo('chat.postMessage')
      .find((c) => String(c.args.text).startsWith('llama3-70b train'));
    const text = JSON.stringify(post?.args.blocks);
    expect(text).toContain('got $10,169.10');
    expect(text).toContain('subAccount=999999999999 100%');
    expect(text).toContain('"action_id":"anomaly_expected"');
    expect(text).toContain('"action_id":"anomaly_real"');
  });
});

describe('idle warnings: owner mapping, allow-list and buttons', () => {
  let handler: SlackLambda;
  beforeAll(async () => {
    handler = await slackLambda(world, api, SECRET, TOKEN);
  });
  const press = async (
    user: string,
    actionId: string,
    msg: SlackMessage,
    where: { channel: string; ts: string },
  ) => {
    const value = (msg.blocks[1] as { elements: { value: string }[] }).elements[0]?.value ?? '';
    const body = actionBody({
      actionId,
      user,
      value,
      responseUrl: api.responseUrl(`${user}-${actionId}`),
      channel: where.channel,
      ts: where.ts,
      message: msg,
    });
    const res = await handler(
      {
        httpMethod: 'POST',
        path: '/slack/events',
        headers: signedHeaders(SECRET, body),
        body,
        isBase64Encoded: false,
      },
      {},
    );
    expect(res.statusCode).toBe(200);
  };

  it('maps owners through the config map, the email lookup, or falls back to the channel', async () => {
    const owners = new OwnerDirectory(client, SETTINGS.owners);
    expect((await sendIdleWarning(client, world.deps, owners, notice({ owner: 'Bob' }))).channel).toBe(
      'U0BOB',
    );
    expect(
      (await sendIdleWarning(client, world.deps, owners, notice({ owner: 'ALICE@example.com' }))).channel,
    ).toBe('U0ALICE');
    expect(
      (await sendIdleWarning(client, world.deps, owners, notice({ owner: 'carol@example.com' }))).channel,
    ).toBe(SETTINGS.channel);
    expect((await sendIdleWarning(client, world.deps, owners, notice({ owner: undefined }))).channel).toBe(
      SETTINGS.channel,
    );
    expect(api.callsTo('users.lookupByEmail').map((c) => c.args.email)).toEqual([
      'alice@example.com',
      'carol@example.com',
    ]);
  });

  it('lets the owner snooze for 2 hours and an allow-listed lead exempt an ownerless instance', async () => {
    const owned = notice({ instanceId: 'i-owned', owner: 'bob' });
    const ownedMsg = idleWarning(owned, 'U0BOB');
    await press('U0BOB', 'idle_snooze', ownedMsg, { channel: 'D0BOB', ts: '1700000100.000100' });
    const ownerless = notice({ instanceId: 'i-nobody', owner: undefined });
    const ownerlessMsg = idleWarning(ownerless, undefined);
    await press('U0BOB', 'idle_exempt', ownerlessMsg, { channel: SETTINGS.channel, ts: '1700000200.000100' });
    await press('U0LEAD', 'idle_exempt', ownerlessMsg, {
      channel: SETTINGS.channel,
      ts: '1700000200.000100',
    });
    expect(world.idle.tags.get(instanceKey(owned))).toEqual({
      'costguard:keep-until': new Date(NOW.getTime() + 7_200_000).toISOString(),
    });
    expect(world.idle.tags.get(instanceKey(ownerless))).toEqual({ 'costguard:exempt': 'slack:U0LEAD' });
    const updates = api.callsTo('chat.update');
    expect(JSON.stringify(updates.find((u) => u.args.ts === '1700000100.000100')?.args.blocks)).toContain(
      '<@U0BOB> snoozed the stop for 2 hours',
    );
    const ex = updates.filter((u) => u.args.ts === '1700000200.000100');
    expect(ex).toHaveLength(1);
    expect(JSON.stringify(ex[0]?.args.blocks)).toContain('<@U0LEAD> exempted it from the idle guard');
    expect(world.audit.entries.map((e) => `${e.user} ${e.action} ${e.result}`)).toEqual([
      'U0BOB idle:snooze done',
      'U0BOB idle:exempt refused',
      'U0LEAD idle:exempt done',
    ]);
  });
});
