import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeDetect } from '../../functions/detect.js';
import { parseConfig } from '../../src/config/load.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/sim/fakes/slack-api.js';
import { slackAlertSink } from '../../src/slack/alert-sink.js';
import { DynamoDbAnomalyStore } from '../../src/store/dynamodb/dynamodb-anomaly-store.js';
import { DynamoDbCostStore } from '../../src/store/dynamodb/dynamodb-cost-store.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { fact } from '../helpers/facts.js';
import { memoryLogger } from './events.js';

// The deployed detect function over three days of one runaway training job: the first day posts one
// alert; the next days reply in its thread with the running impact, never a new top-level message.
let dynamo: LocalDynamo;
let slack: FakeSlackApi;

beforeAll(async () => {
  dynamo = await startDynalite();
  slack = await startFakeSlackApi();
});
afterAll(async () => Promise.all([dynamo.close(), slack.close()]));

/** A table with 60 flat days of 100, then 1,000 on each of the last three, and the detect handler on it. */
async function runaway() {
  const t = await dynamo.createTable();
  const days = Array.from({ length: 63 }, (_, i) =>
    new Date(Date.UTC(2026, 7, 4 + i)).toISOString().slice(0, 10),
  );
  const facts = days.map((day, i) => fact({ day, billed: i >= 60 ? '1000' : '100' }));
  await new DynamoDbCostStore(t, { graceMs: 0 }).replaceFacts(
    {
      id: 'seed',
      source: 'aws-ce',
      origin: 'test',
      scopes: [
        { provider: 'AWS', billingAccountId: '111111111111', from: days[0] ?? '', to: days[62] ?? '' },
      ],
      importedAt: '2026-10-06T06:00:00.000Z',
      rowCount: facts.length,
      factCount: facts.length,
    },
    facts,
  );
  const store = new DynamoDbAnomalyStore(t);
  const client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl });
  const handler = makeDetect(async () => ({
    config: parseConfig({}),
    cost: new DynamoDbCostStore(t),
    store,
    clock: { now: () => new Date('2026-10-06T08:00:00Z') },
    sink: slackAlertSink(client, { channel: 'C0COSTS' }, store),
    log: memoryLogger(),
  }));
  return { days, store, handler };
}

describe('detect: one alert per episode', () => {
  it('posts the first day, then threads each later day with the running impact', async () => {
    // Prepare
    const { days, handler } = await runaway();
    const before = slack.callsTo('chat.postMessage').length;
    // Act
    for (const date of days.slice(60)) await handler({ date });
    // Assess: one top-level alert (the most specific series: llama3-70b serve; its model and the
    // totals are its context), then two replies in its thread.
    const posts = slack.callsTo('chat.postMessage').slice(before);
    const top = posts.filter((p) => p.args.thread_ts === undefined);
    expect(
      top.map((p) => String(p.args.text)),
      JSON.stringify(posts.map((p) => [p.args.text, p.args.thread_ts])),
    ).toHaveLength(1);
    expect(String(top[0]?.args.text)).toMatch(/^llama3-70b serve on 2026-10-03/);
    expect(JSON.stringify(top[0]?.args.blocks)).toContain('Also seen as:');
    const replies = posts.filter((p) => p.args.thread_ts !== undefined);
    expect(replies.map((r) => String(r.args.text))).toEqual([
      expect.stringMatching(
        /^Day 2 of this spike \(since 2026-10-03\): 2026-10-04 \+\$[\d,.]+ against .* over the 2 days\.$/,
      ),
      expect.stringMatching(/^Day 3 of this spike \(since 2026-10-03\): 2026-10-05 /),
    ]);
    const ts = (await slack.callsTo('chat.postMessage'))[0]?.args;
    expect(replies.every((r) => r.args.channel === 'C0COSTS')).toBe(true);
    expect(new Set(replies.map((r) => r.args.thread_ts)).size).toBe(1);
    expect(ts).toBeDefined();
  });

  it('a mark of expected on the first alert quiets the whole episode, whatever its later causes', async () => {
    const { days, store, handler } = await runaway();
    const before = slack.callsTo('chat.postMessage').length;
    await handler({ date: days[60] });
    const [first] = (await store.listAnomalies({ from: days[60] ?? '', to: days[60] ?? '' })).filter(
      (a) => a.series.level === 'model-stage',
    );
    if (!first) throw new Error('no first-day anomaly');
    await store.markAnomaly({
      anomalyId: first.id,
      verdict: 'expected',
      by: 'U0ALICE',
      at: '2026-10-03T09:00:00.000Z',
      seriesId: first.seriesId,
      day: first.day,
      direction: first.direction,
      cause: 'subAccount=nothing-like-today',
    });
    for (const date of days.slice(61)) await handler({ date });
    const posts = slack.callsTo('chat.postMessage').slice(before);
    expect(posts.filter((p) => p.args.thread_ts !== undefined)).toEqual([]);
    expect(posts.filter((p) => p.args.thread_ts === undefined)).toHaveLength(1);
  });
});
