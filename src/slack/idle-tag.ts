import type { App, BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import { tagNameProblem } from '../core/idle/answers.js';
import type { PressAuditEntry, TagNames } from '../core/idle/owner-ports.js';
import { mayAct } from './authorize.js';
import { parseIdleValue } from './blocks/idle-blocks.js';
import {
  IDLE_TAG,
  IDLE_TAG_FORM,
  idleTagged,
  parseTagMeta,
  type TagFormMeta,
  tagForm,
} from './blocks/idle-tag-blocks.js';
import { section } from './blocks/kit.js';
import { esc } from './blocks/text.js';
import type { SlackDeps } from './ports.js';
import { ephemeral, postMessage, updateMessage } from './post.js';

const REFUSED = 'Only the instance owner or someone on the allow-list can tag this instance.';

/**
 * The Tag answer to a busy untagged warning: the button opens a form (model, stage); its submission
 * writes both tags on the instance through the idle guard, audits it and updates the warning. The same
 * rule as the other answers decides who may (the owner, the allow-list); a refusal is audited too.
 */
export function registerIdleTag(app: App, deps: SlackDeps): void {
  const audit = (user: string, target: string, result: PressAuditEntry['result'], detail?: string) =>
    deps.audit.record({
      at: deps.clock.now().toISOString(),
      user,
      action: 'idle:tag',
      target,
      result,
      ...(detail ? { detail } : {}),
    });

  app.action<BlockButtonAction>(IDLE_TAG, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const value = parseIdleValue(action.value);
    if (!value) {
      await audit(
        user,
        (action.value ?? '').slice(0, 200),
        'failed',
        'the button value is not one costguard sent',
      );
      await respond(
        ephemeral('This button does not name an instance costguard warned about; nothing was changed.'),
      );
      return;
    }
    if (!mayAct(deps.settings, user, value.o !== undefined ? [value.o] : [])) {
      await audit(user, value.k, 'refused', 'not the owner nor in slack.allowList');
      await respond(ephemeral(REFUSED));
      return;
    }
    const c = body.container?.channel_id ?? body.channel?.id;
    const t = body.container?.message_ts ?? body.message?.ts;
    const meta: TagFormMeta = { ...value, ...(c ? { c } : {}), ...(t ? { t } : {}) };
    await client.views.open({ trigger_id: body.trigger_id, view: tagForm(meta) });
  });

  app.view<ViewSubmitAction>(IDLE_TAG_FORM, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const meta = parseTagMeta(view.private_metadata);
    const typed = (id: string) => (view.state.values[id]?.value?.value ?? '').trim();
    const names: TagNames = { model: typed('model'), stage: typed('stage') };
    const errors: Record<string, string> = {};
    for (const d of ['model', 'stage'] as const) {
      const problem = tagNameProblem(d, names[d]);
      if (problem) errors[d] = problem;
    }
    if (Object.keys(errors).length) return void (await ack({ response_action: 'errors', errors }));
    if (!meta) {
      await ack();
      await audit(user, view.private_metadata.slice(0, 200), 'failed', 'the form is not one costguard sent');
      return;
    }
    if (!mayAct(deps.settings, user, meta.o !== undefined ? [meta.o] : [])) {
      await ack({ response_action: 'errors', errors: { model: REFUSED } });
      await audit(user, meta.k, 'refused', 'not the owner nor in slack.allowList');
      return;
    }
    await ack();
    const detail = `model=${names.model} stage=${names.stage}`;
    try {
      await deps.idleActions.tag(meta.k, names, `slack:${user}`);
    } catch (e) {
      await audit(user, meta.k, 'failed', (e as Error).message);
      // A form has no response_url: the person who submitted it hears of the failure in a DM.
      const text = esc(`Could not tag ${meta.k}: ${(e as Error).message}. The stop still applies.`);
      await postMessage(client, user, { text, blocks: [section(text)] });
      return;
    }
    await audit(user, meta.k, 'done', detail);
    if (meta.c && meta.t) await updateMessage(client, meta.c, meta.t, idleTagged(meta, names, user));
  });
}
