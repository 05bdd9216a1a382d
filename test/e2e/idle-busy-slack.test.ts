import { describe, expect, it } from 'vitest';
import { CliWiring } from '../../src/cli/wiring.js';
import { loadConfig } from '../../src/config/load.js';
import { callsTo } from '../../src/sim/fakes/fleet-world.js';
import { IDLE_KEEP, IDLE_SNOOZE } from '../../src/slack/blocks/idle-blocks.js';
import { IDLE_TAG, IDLE_TAG_FORM } from '../../src/slack/blocks/idle-tag-blocks.js';
import { useIdleSlackRig } from '../helpers/idle-slack-rig.js';
import { actionBody, viewSubmissionBody } from '../helpers/slack-requests.js';

// A busy GPU instance without model/stage tags: its owner's warning says it is busy and offers Tag and
// Keep; a signed Tag press opens the form, a signed submission writes the tags on the instance in the
// simulated cloud, and the day-end sweep leaves it running. Without an answer it is stopped, after
// that warning only, and the audit log says by which rule.
const SECRET = 'busy-signing-secret';
const TOKEN = 'xoxb-busy-token';
const BUSY = 'i-0a00000000000001'; // g5.xlarge, GPU at 70 %, tags { owner: bo } only

const slack = useIdleSlackRig('idle-busy', { token: TOKEN, secret: SECRET, owners: { bo: 'U0BO' } });
const { rig } = slack;
const sweep = (now: string) => rig.sweep(now, '--apply');

type Blocks = { type: string; text?: { text: string }; elements?: { action_id: string; value: string }[] }[];

/** The warning posted about `id` by the warning sweep, its text and blocks. */
function warningAbout(id: string) {
  const post = slack
    .api()
    .callsTo('chat.postMessage')
    .find((p) => JSON.stringify(p.args.blocks).includes(id));
  const blocks = (post?.args.blocks ?? []) as Blocks;
  return {
    post,
    blocks,
    buttons: blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []),
  };
}

describe('a busy untagged instance in Slack', () => {
  it('is warned as busy with Tag and Keep; Tag writes model and stage, and the day-end sweep keeps it running', async () => {
    // Act 1: the warning sweep at 18:45 (day-end 19:00 UTC)
    expect((await sweep('2026-11-23T18:45:00Z')).code).toBe(0);
    // Assess 1: bo's DM says busy and untagged, with Tag / Keep until tomorrow / Snooze 2h
    const w = warningAbout(BUSY);
    expect(w.post?.args.channel).toBe('U0BO');
    expect(String(w.post?.args.text)).toBe(
      `Busy GPU instance ${BUSY} has no model and stage tag and will be stopped: tag it or keep it`,
    );
    const body = w.blocks[0]?.text?.text ?? '';
    expect(body).toContain('*Busy GPU instance without tags*');
    expect(body).toContain('is busy (its GPU is in use) but has no model and stage tag');
    expect(body).toContain('It will be stopped at <!date^');
    expect(body).toContain('unless you tag it or keep it');
    expect(w.buttons.map((b) => b.action_id)).toEqual([IDLE_TAG, IDLE_KEEP, IDLE_SNOOZE]);
    // An idle instance's warning is the usual one.
    expect(warningAbout('i-0a00000000000002').buttons.map((b) => b.action_id)).toContain('idle_exempt');

    const b = await slack.bot('2026-11-23T18:50:00Z');
    try {
      // Act 2: bo presses Tag (signed block_actions): the form opens
      const tag = w.buttons.find((x) => x.action_id === IDLE_TAG);
      const press = actionBody({
        actionId: IDLE_TAG,
        value: tag?.value ?? '',
        user: 'U0BO',
        responseUrl: slack.api().responseUrl('tag'),
        channel: 'U0BO',
        ts: '1700000005.000100',
      });
      expect((await b.send(press)).status).toBe(200);
      const [open] = await slack.api().waitFor('views.open');
      const view = JSON.parse(String(open?.args.view));
      expect(open?.args.trigger_id).toBe('1.2.3');
      expect(view.callback_id).toBe(IDLE_TAG_FORM);
      expect(view.blocks.map((x: { block_id?: string }) => x.block_id).slice(1)).toEqual(['model', 'stage']);
      const metadata = String(view.private_metadata);
      const submit = (user: string, values: { model: string; stage: string }) =>
        b.send(viewSubmissionBody({ callbackId: IDLE_TAG_FORM, privateMetadata: metadata, user, values }));

      // A bad name is refused in the form, field by field; someone else may not tag it.
      const bad = await submit('U0BO', { model: 'llama ft!', stage: '' });
      expect(await bad.json()).toEqual({
        response_action: 'errors',
        errors: {
          model: 'The model must be 1 to 63 letters, digits, dots, dashes or underscores, e.g. llama3-70b.',
          stage: 'Name the stage.',
        },
      });
      const eve = await submit('U0EVE', { model: 'x', stage: 'y' });
      expect(((await eve.json()) as { errors: { model: string } }).errors.model).toContain(
        'Only the instance owner or someone on the allow-list',
      );
      expect(callsTo(rig.world, 'CreateTags')).toHaveLength(0);

      // Act 3: bo submits model and stage (signed view_submission)
      const ok = await submit('U0BO', { model: 'llama-ft', stage: 'train' });
      expect(ok.status).toBe(200);
      const [update] = await slack.api().waitFor('chat.update');
      await b.slow.drain();

      // Assess 3: the tags are on the instance in the simulated cloud; the warning says who tagged it
      expect(rig.world.vms.find((v) => v.id === BUSY)?.tags).toMatchObject({
        model: 'llama-ft',
        stage: 'train',
      });
      expect(callsTo(rig.world, 'CreateTags')).toHaveLength(1);
      expect(update?.args).toMatchObject({ channel: 'U0BO', ts: '1700000005.000100' });
      expect(JSON.stringify(update?.args.blocks)).toContain(
        '<@U0BO> tagged `i-0a00000000000001` with model *llama-ft*',
      );
      // Audited: the refusal, the press and the tag write, by their Slack users.
      const log = await (await b.wiring.idleAudit()).list();
      const mine = log.filter((e) => e.instanceId === BUSY && e.actor.startsWith('slack:'));
      expect(mine.map((e) => [e.actor, e.reasons[0], e.result, e.error ?? e.model])).toEqual([
        ['slack:U0EVE', 'press:idle:tag', 'refused', 'not the owner nor in slack.allowList'],
        ['slack:U0BO', 'answer:tag', 'kept', 'llama-ft'],
        ['slack:U0BO', 'press:idle:tag', 'kept', 'model=llama-ft stage=train'],
      ]);
    } finally {
      await b.close();
    }

    // Act 4: the day-end sweep keeps the now tagged, busy instance running
    const stop = await sweep('2026-11-23T19:15:00Z');
    const d = stop.json.decisions.find((x: { instanceId: string }) => x.instanceId === BUSY);
    expect(d).toMatchObject({
      action: 'keep',
      model: 'llama-ft',
      stage: 'train',
      reasons: ['busy'],
      rule: null,
    });
    expect(rig.world.vms.find((v) => v.id === BUSY)?.state).toBe('running');
  }, 60_000);

  it('without an answer is stopped after its busy warning, and the audit log names the rule', async () => {
    // A sweep after day-end with no warning before: the busy one is warned, not stopped.
    const first = await sweep('2026-11-23T19:05:00Z');
    const d1 = first.json.decisions.find((x: { instanceId: string }) => x.instanceId === BUSY);
    expect(d1).toMatchObject({ action: 'warn', rule: 'untagged-busy' });
    expect(d1.reasons).toContain('awaiting-busy-warning');
    expect(JSON.stringify(warningAbout(BUSY).blocks)).toContain('is busy');
    // The lead time later it is stopped, by the rule untagged-busy.
    const stop = await sweep('2026-11-23T19:40:00Z');
    expect(stop.json.results).toContainEqual(
      expect.objectContaining({ instanceId: BUSY, result: 'stopped' }),
    );
    expect(rig.world.vms.find((v) => v.id === BUSY)?.state).toBe('stopped');
    const store = await CliWiring.open(loadConfig(rig.configFile), rig.db, { now: () => new Date() });
    const log = await (await store.idleAudit()).list();
    await store.close();
    const entries = log.filter((e) => e.instanceId === BUSY && e.result !== 'kept');
    expect(entries.map((e) => [e.action, e.result, e.rule])).toEqual([
      ['warn', 'warned', 'untagged-busy'],
      ['stop', 'stopped', 'untagged-busy'],
    ]);
  }, 60_000);

  it('with idle.untaggedBusy: warn is warned at every day-end and never stopped', async () => {
    rig.writeConfig({ untaggedBusy: 'warn' });
    await sweep('2026-11-23T18:45:00Z');
    const w = warningAbout(BUSY);
    expect(String(w.post?.args.text)).toBe(
      `Busy GPU instance ${BUSY} has no model and stage tag: please tag it`,
    );
    expect(w.blocks[0]?.text?.text).toContain('costguard will not stop it (idle.untaggedBusy: warn)');
    expect(w.buttons.map((b) => b.action_id)).toEqual([IDLE_TAG, IDLE_KEEP, IDLE_SNOOZE]);
    const night = await sweep('2026-11-23T23:00:00Z');
    expect(night.json.decisions.find((x: { instanceId: string }) => x.instanceId === BUSY)).toMatchObject({
      action: 'warn',
      rule: 'untagged-busy',
    });
    // The next day-end warns again; it is still running.
    slack.api().calls.length = 0;
    await sweep('2026-11-24T18:45:00Z');
    expect(warningAbout(BUSY).post).toBeDefined();
    expect(rig.world.vms.find((v) => v.id === BUSY)?.state).toBe('running');
  }, 60_000);
});
