import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CliWiring } from '../../src/cli/wiring.js';
import { loadConfig } from '../../src/config/load.js';
import { callsTo } from '../../src/sim/fakes/fleet-world.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/sim/fakes/slack-api.js';
import { IDLE_SNOOZE } from '../../src/slack/blocks/idle-blocks.js';
import { answerCost } from '../../src/slack/cost-answers.js';
import { startSlackServer } from '../../src/slack/runtimes.js';
import { useIdleRig } from '../helpers/idle-rig.js';
import { actionBody, signedHeaders } from '../helpers/slack-requests.js';
import { EXPECTED_STOPS } from './idle-world.js';

// The idle guard and the Slack bot wired together: the sweep warns through the (fake) Slack Web API,
// a signed Snooze press writes the keep-until tag on the instance in the simulated cloud, the next
// sweep keeps it, and the bot reports it all from the audit log.
const SECRET = 'idle-signing-secret';
const TOKEN = 'xoxb-idle-token';
const IDLE_ONE = 'i-0a00000000000002'; // p4d.24xlarge, idle GPU, owner "ana"

let api: FakeSlackApi;

const rig = useIdleRig('idle-slack', () => ({
  slack: {
    channel: 'C0IDLE',
    apiUrl: api.apiUrl,
    botToken: { env: 'COSTGUARD_TEST_SLACK_TOKEN' },
    signingSecret: { env: 'COSTGUARD_TEST_SLACK_SECRET' },
    owners: { ana: 'U0ANA' },
  },
}));
const sweep = (now: string) => rig.sweep(now, '--apply');

beforeAll(async () => {
  api = await startFakeSlackApi({});
  process.env.COSTGUARD_TEST_SLACK_TOKEN = TOKEN;
  process.env.COSTGUARD_TEST_SLACK_SECRET = SECRET;
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.calls.length = 0;
});

describe('idle guard <-> Slack bot', () => {
  it('warns in Slack, a signed Snooze 2h tags the instance, and the next sweep keeps it', async () => {
    // Act 1: the warning sweep at 18:45 (day-end 19:00 UTC).
    const warn = await sweep('2026-11-23T18:45:00Z');
    // Assess 1: one Slack message per instance to stop, none on stderr; ana's goes to her DM.
    expect(warn.code).toBe(0);
    expect(warn.err).toBe('');
    const posts = api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(EXPECTED_STOPS.length);
    for (const p of posts) expect(p.token).toBe(TOKEN);
    const toAna = posts.find((p) => JSON.stringify(p.args.blocks).includes(IDLE_ONE));
    expect(toAna?.args.channel).toBe('U0ANA');
    const blocks = toAna?.args.blocks as {
      type: string;
      elements?: { action_id: string; value: string }[];
    }[];
    const snooze = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === IDLE_SNOOZE);
    expect(snooze).toBeDefined();

    // Act 2: ana presses Snooze 2h at 18:50 on the bot (real signed request, Bolt's HTTP receiver).
    const config = loadConfig(rig.configFile);
    const pressAt = new Date('2026-11-23T18:50:00Z');
    const wiring = await CliWiring.open(config, rig.db, { now: () => pressAt });
    const { deps, slow } = await wiring.slack(() => {});
    const server = await startSlackServer({
      deps,
      botToken: TOKEN,
      signingSecret: SECRET,
      slackApiUrl: api.apiUrl,
      port: 0,
    });
    try {
      const body = actionBody({
        actionId: IDLE_SNOOZE,
        value: snooze?.value ?? '',
        user: 'U0ANA',
        responseUrl: api.responseUrl('snooze'),
        channel: 'U0ANA',
        message: { text: String(toAna?.args.text), blocks },
      });
      const forged = await fetch(server.url, {
        method: 'POST',
        headers: signedHeaders('wrong-secret', body),
        body,
      });
      expect(forged.status).toBe(401);
      expect(callsTo(rig.world, 'CreateTags')).toHaveLength(0);
      const res = await fetch(server.url, { method: 'POST', headers: signedHeaders(SECRET, body), body });
      expect(res.status).toBe(200);
      await api.waitFor('chat.update', 1, 10_000);
      await slow.drain();

      // Assess 2: the tag is on the instance in the simulated cloud, the message says who chose what.
      const vm = rig.world.vms.find((v) => v.id === IDLE_ONE);
      expect(vm?.tags['costguard:keep-until']).toBe('2026-11-23T20:50:00Z');
      expect(callsTo(rig.world, 'CreateTags')).toHaveLength(1);
      expect(JSON.stringify(api.callsTo('chat.update')[0]?.args.blocks)).toContain('U0ANA');

      // The press and the tag write are in the audit log, with the Slack user as actor.
      const log = await (await wiring.idleAudit()).list();
      const mine = log.filter((e) => e.instanceId === IDLE_ONE && e.actor === 'slack:U0ANA');
      expect(mine.map((e) => [e.reasons[0], e.result]).sort()).toEqual([
        ['answer:snooze-2h', 'kept'],
        ['press:idle:snooze', 'kept'],
      ]);

      // `/cost idle` shows the real warnings from the audit log.
      const answer = JSON.stringify((await answerCost(deps, 'idle')).message.blocks);
      expect(answer).toContain(IDLE_ONE);
      expect(answer).toContain('gce-idle');
    } finally {
      await server.stop();
      await wiring.close();
    }

    // Act 3: the day-end sweep at 19:15 stops the others and keeps the snoozed one.
    const stop = await sweep('2026-11-23T19:15:00Z');
    // Assess 3
    expect(stop.code).toBe(0);
    const d = stop.json.decisions.find((x: { instanceId: string }) => x.instanceId === IDLE_ONE);
    expect(d.action).toBe('keep');
    expect(d.reasons[0]).toBe('keep-until');
    expect(rig.world.vms.find((v) => v.id === IDLE_ONE)?.state).toBe('running');
    const stopped = stop.json.results
      .filter((r: { result: string }) => r.result === 'stopped')
      .map((r: { provider: string; instanceId: string }) => `${r.provider}:${r.instanceId}`)
      .sort();
    expect(stopped).toEqual(EXPECTED_STOPS.filter((k) => k !== `aws:${IDLE_ONE}`));
  }, 60_000);
});
