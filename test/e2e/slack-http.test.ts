import { describe, expect, it } from 'vitest';
import type { SlackCall } from '../../src/sim/fakes/slack-api.js';
import type { SlackMessage } from '../../src/slack/blocks/kit.js';
import { blockViolations } from '../../src/slack/blocks/limits.js';
import { useSlackHttpBot } from '../helpers/slack-bot.js';
import { actionBody, signedHeaders, slashBody } from '../helpers/slack-requests.js';

const SECRET = 'test-signing-secret';
const TOKEN = 'xoxb-test-token';

const bot = useSlackHttpBot({ secret: SECRET, token: TOKEN, delayMs: 4000 });
const { post } = bot;

/** Every message the bot sent must pass Block Kit limits. */
function assertValid(calls: SlackCall[]) {
  for (const c of calls) {
    const blocks = (c.args.blocks ?? []) as SlackMessage['blocks'];
    expect(blockViolations(blocks)).toEqual([]);
  }
}

describe('Slack over HTTP (HTTPReceiver, real signed requests)', () => {
  it('acknowledges /cost at once and answers later through response_url, ephemeral by default', async () => {
    // Prepare: the store answers after 4 s, beyond Slack's 3 s window.
    const body = slashBody('llama3-70b train 7d', bot.api.responseUrl('slow'));
    // Act
    const started = Date.now();
    const res = await post(body, signedHeaders(SECRET, body));
    const ackMs = Date.now() - started;
    // Assess
    expect(res.status).toBe(200);
    expect(ackMs).toBeLessThan(3000);
    expect(bot.api.callsTo('response_url').filter((c) => c.args.path === '/response/slow')).toHaveLength(0);
    const answers = await bot.api.waitFor('response_url', 1, 20_000);
    const answer = answers.find((c) => c.args.path === '/response/slow');
    expect(answer?.args.response_type).toBe('ephemeral');
    const text = JSON.stringify(answer?.args.blocks);
    expect(text).toContain('*llama3-70b* / train');
    expect(text).toContain('last 7 days');
    assertValid(answers);
  }, 30_000);

  it('refuses a forged signature and a stale timestamp, and never runs the command', async () => {
    const body = slashBody('top', bot.api.responseUrl('forged'));
    const forged = { ...signedHeaders('wrong-secret', body) };
    expect((await post(body, forged)).status).toBe(401);
    const stale = signedHeaders(SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60);
    expect((await post(body, stale)).status).toBe(401);
    // A valid signature over a different body (a replayed signature) is refused too.
    const other = slashBody('budgets', bot.api.responseUrl('forged'));
    expect((await post(other, signedHeaders(SECRET, body))).status).toBe(401);
    await bot.world.slow.drain();
    expect(bot.api.callsTo('response_url').filter((c) => c.args.path === '/response/forged')).toHaveLength(0);
  });

  it('posts in the channel with `public` as the last word', async () => {
    const body = slashBody('top 3 public', bot.api.responseUrl('pub'));
    expect((await post(body, signedHeaders(SECRET, body))).status).toBe(200);
    await bot.world.slow.drain();
    const answer = bot.api.callsTo('response_url').find((c) => c.args.path === '/response/pub');
    expect(answer?.args.response_type).toBe('in_channel');
    expect(JSON.stringify(answer?.args.blocks)).toContain('llama3-70b');
  }, 30_000);

  it("stores Expected from the model owner's anomaly button with the Slack user, and updates the message in place", async () => {
    const [a] = (await bot.world.anomalies.listAnomalies({ from: '2026-11-10', to: '2026-11-10' })).filter(
      (x) => x.seriesId.startsWith('model-stage|llama3-70b|train'),
    );
    expect(a).toBeDefined();
    const body = actionBody({
      actionId: 'anomaly_expected',
      value: a?.id ?? '',
      user: 'U0OWNER',
      responseUrl: bot.api.responseUrl('an'),
      ts: '1700000009.000100',
    });
    expect((await post(body, signedHeaders(SECRET, body))).status).toBe(200);
    const [update] = await bot.api.waitFor('chat.update');
    expect(update?.args.ts).toBe('1700000009.000100');
    expect(update?.token).toBe(TOKEN);
    const shown = JSON.stringify(update?.args.blocks);
    expect(shown).toContain('Marked *expected* by <@U0OWNER>');
    expect(shown).not.toContain('"actions"');
    const marks = await bot.world.anomalies.listMarks({ from: '2026-11-10', to: '2026-11-10' });
    expect(marks).toEqual([
      expect.objectContaining({ anomalyId: a?.id, verdict: 'expected', by: 'slack:U0OWNER' }),
    ]);
    expect(bot.world.audit.entries.at(-1)).toMatchObject({
      user: 'U0OWNER',
      action: 'anomaly:expected',
      result: 'done',
    });
  });
});
