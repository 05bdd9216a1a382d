import { describe, expect, it } from 'vitest';
import { callsTo } from '../../src/sim/fakes/fleet-world.js';
import { IDLE_SNOOZE } from '../../src/slack/blocks/idle-blocks.js';
import { answerCost } from '../../src/slack/cost-answers.js';
import { useIdleSlackRig } from '../helpers/idle-slack-rig.js';
import { actionBody } from '../helpers/slack-requests.js';
import { EXPECTED_STOPS } from './idle-world.js';

// The idle guard and the Slack bot wired together: the sweep warns through the (fake) Slack Web API,
// a signed Snooze press writes the keep-until tag on the instance in the simulated cloud, the next
// sweep keeps it, and the bot reports it all from the audit log.
const SECRET = 'idle-signing-secret';
const TOKEN = 'xoxb-idle-token';
const IDLE_ONE = 'i-0a00000000000002'; // p4d.24xlarge, idle GPU, owner "ana"

const slack = useIdleSlackRig('idle-slack', { token: TOKEN, secret: SECRET, owners: { ana: 'U0ANA' } });
const { rig } = slack;
const sweep = (now: string) => rig.sweep(now, '--apply');

describe('idle guard <-> Slack bot', () => {
  it('warns in Slack, a signed Snooze 2h tags the instance, and the next sweep keeps it', async () => {
    // Act 1: the warning sweep at 18:45 (day-end 19:00 UTC).
    const warn = await sweep('2026-11-23T18:45:00Z');
    // Assess 1: one Slack message per instance to stop, none on stderr; ana's goes to her DM.
    expect(warn.code).toBe(0);
    expect(warn.err).toBe('');
    const posts = slack.api().callsTo('chat.postMessage');
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
    const b = await slack.bot('2026-11-23T18:50:00Z');
    try {
      const body = actionBody({
        actionId: IDLE_SNOOZE,
        value: snooze?.value ?? '',
        user: 'U0ANA',
        responseUrl: slack.api().responseUrl('snooze'),
        channel: 'U0ANA',
        message: { text: String(toAna?.args.text), blocks },
      });
      const forged = await b.send(body, 'wrong-secret');
      expect(forged.status).toBe(401);
      expect(callsTo(rig.world, 'CreateTags')).toHaveLength(0);
      const res = await b.send(body);
      expect(res.status).toBe(200);
      await slack.api().waitFor('chat.update', 1, 10_000);
      await b.slow.drain();

      // Assess 2: the tag is on the instance in the simulated cloud, the message says who chose what.
      const vm = rig.world.vms.find((v) => v.id === IDLE_ONE);
      expect(vm?.tags['costguard:keep-until']).toBe('2026-11-23T20:50:00Z');
      expect(callsTo(rig.world, 'CreateTags')).toHaveLength(1);
      expect(JSON.stringify(slack.api().callsTo('chat.update')[0]?.args.blocks)).toContain('U0ANA');

      // The press and the tag write are in the audit log, with the Slack user as actor.
      const log = await (await b.wiring.idleAudit()).list();
      const mine = log.filter((e) => e.instanceId === IDLE_ONE && e.actor === 'slack:U0ANA');
      expect(mine.map((e) => [e.reasons[0], e.result]).sort()).toEqual([
        ['answer:snooze-2h', 'kept'],
        ['press:idle:snooze', 'kept'],
      ]);

      // `/cost idle` shows the real warnings from the audit log.
      const answer = JSON.stringify((await answerCost(b.deps, 'idle')).message.blocks);
      expect(answer).toContain(IDLE_ONE);
      expect(answer).toContain('gce-idle');
    } finally {
      await b.close();
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
