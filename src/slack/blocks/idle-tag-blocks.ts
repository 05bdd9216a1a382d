import type { types } from '@slack/bolt';
import type { IdleNotice, TagNames } from '../../core/idle/owner-ports.js';
import { WARN_ONLY } from '../../core/idle/plan.js';
import { moneyToNumber } from '../../core/money.js';
import { actions, button, context, type SlackMessage, section } from './kit.js';
import { esc } from './text.js';

// The warning for a busy GPU instance without model/stage tags, and the Tag form its button opens:
// stopping such a machine ends a running job, so its owner is told it is busy and can tag it (or keep
// it) in one click.

export const IDLE_TAG = 'idle_tag';
/** callback_id of the Tag form (a modal); its submission writes the tags. */
export const IDLE_TAG_FORM = 'idle_tag_form';

/** Which tags the instance lacks, from the plan's reasons: "model and stage", "model" or "stage". */
function missing(reasons: readonly string[]): string {
  const lacks = ['model', 'stage'].filter((d) => reasons.includes(`untagged:${d}`));
  return lacks.length ? lacks.join(' and ') : 'model and stage';
}

/** The busy untagged warning: says "busy", when (or that it will not be) stopped, Tag / Keep / Snooze. */
export function busyWarning(
  n: IdleNotice,
  who: string,
  parts: {
    instance: string;
    hourly: string;
    when: string;
    buttons: { value: string; keep: string; snooze: string };
  },
): SlackMessage {
  const warnOnly = n.reasons.includes(WARN_ONLY);
  const fate = warnOnly
    ? "costguard will not stop it (idle.untaggedBusy: warn), but reminds you at every day's end until it is tagged."
    : `It will be stopped${parts.when}, ending whatever runs on it, unless you tag it or keep it.`;
  const b = parts.buttons;
  return {
    text: warnOnly
      ? `Busy GPU instance ${n.instanceId} has no ${missing(n.reasons)} tag: please tag it`
      : `Busy GPU instance ${n.instanceId} has no ${missing(n.reasons)} tag and will be stopped: tag it or keep it`,
    blocks: [
      section(
        `⚠️ *Busy GPU instance without tags* ${parts.instance} is busy (its GPU is in use) but has no ` +
          `${missing(n.reasons)} tag, so its cost belongs to no model. ${fate}\n` +
          `Owner ${who}. Why: ${n.reasons.map(esc).join(', ')}. Costs ${parts.hourly}` +
          (warnOnly
            ? '.'
            : `; stopping it saves about ${moneyToNumber(n.estimatedSavings, 2)} ${n.currency}.`),
        'idle',
      ),
      actions('idle_choice', [
        button('Tag model and stage', IDLE_TAG, b.value, 'primary'),
        button('Keep until tomorrow', b.keep, b.value),
        button('Snooze 2h', b.snooze, b.value),
      ]),
      context(
        'Tag writes the model and stage tags on the instance, and the guard leaves it running. Only the ' +
          'owner and the allow-listed may answer. Every answer is audited.',
      ),
    ],
  };
}

/** What the Tag form carries from the warning to its submission: instance, owner, the message. */
export interface TagFormMeta {
  k: string;
  o?: string;
  /** Channel and ts of the warning, updated once the instance is tagged. */
  c?: string;
  t?: string;
}

export function parseTagMeta(s: string | undefined): TagFormMeta | undefined {
  try {
    const v = JSON.parse(s ?? '') as Record<string, unknown>;
    if (typeof v !== 'object' || v === null || typeof v.k !== 'string' || v.k === '') return undefined;
    const str = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
    const [o, c, t] = [str(v.o), str(v.c), str(v.t)];
    return { k: v.k, ...(o ? { o } : {}), ...(c ? { c } : {}), ...(t ? { t } : {}) };
  } catch {
    return undefined;
  }
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const input = (id: 'model' | 'stage', label: string, example: string): types.InputBlock => ({
  type: 'input',
  block_id: id,
  label: plain(label),
  element: {
    type: 'plain_text_input',
    action_id: 'value',
    max_length: 63,
    placeholder: plain(example),
  },
});

/** The Tag form (a modal): model and stage, written on the instance when submitted. */
export function tagForm(meta: TagFormMeta): types.ModalView {
  const id = meta.k.split(':').slice(3).join(':');
  return {
    type: 'modal',
    callback_id: IDLE_TAG_FORM,
    private_metadata: JSON.stringify(meta),
    title: plain('Tag the instance'),
    submit: plain('Tag'),
    close: plain('Cancel'),
    blocks: [
      section(
        `Which model and stage does \`${esc(id)}\` work for? costguard writes both tags on the instance; ` +
          'the idle guard then leaves it running while it is busy, and its cost goes to that model.',
      ),
      input('model', 'Model', 'e.g. llama3-70b'),
      input('stage', 'Stage', 'e.g. train, serve, dev'),
    ],
  };
}

/** The warning once tagged, updated in place (the form does not carry the original message). */
export function idleTagged(meta: TagFormMeta, names: TagNames, userId: string): SlackMessage {
  const id = meta.k.split(':').slice(3).join(':');
  return {
    text: `${id} tagged model ${names.model}, stage ${names.stage} by ${userId}`,
    blocks: [
      section(
        `✅ <@${userId}> tagged \`${esc(id)}\` with model *${esc(names.model)}* and stage ` +
          `*${esc(names.stage)}*: the idle guard no longer counts it as untagged.`,
        'idle_choice_made',
      ),
    ],
  };
}
