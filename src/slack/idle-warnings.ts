import { TZDate } from '@date-fns/tz';
import type { App, BlockButtonAction } from '@slack/bolt';
import type { IdleChoice, IdleNotice } from '../core/idle/owner-ports.js';
import { mayAct } from './authorize.js';
import {
  IDLE_EXEMPT,
  IDLE_KEEP,
  IDLE_SNOOZE,
  idleChosen,
  idleWarning,
  parseIdleValue,
} from './blocks/idle-blocks.js';
import type { SlackMessage } from './blocks/kit.js';
import { esc, unesc } from './blocks/text.js';
import { registerIdleTag } from './idle-tag.js';
import type { OwnerDirectory } from './owners.js';
import type { SlackDeps } from './ports.js';
import { ephemeral, postMessage, updateMessage, type WebClient } from './post.js';

/**
 * Sends an idle warning to the instance's owner (a DM when the owner tag maps to a Slack user),
 * otherwise to the configured channel. Returns where it went.
 */
export async function sendIdleWarning(
  client: WebClient,
  deps: Pick<SlackDeps, 'settings'>,
  owners: OwnerDirectory,
  notice: IdleNotice,
): Promise<{ channel: string; ts: string; ownerUser?: string }> {
  const ownerUser = await owners.slackUserFor(notice.owner);
  // Posting to a user id opens the app's DM with that user.
  const posted = await postMessage(
    client,
    ownerUser ?? deps.settings.channel,
    idleWarning(notice, ownerUser),
  );
  return { ...posted, ...(ownerUser ? { ownerUser } : {}) };
}

/** The next day's start of work (`hour`:00) in `timeZone`, as an ISO instant. DST-safe via TZDate. */
export function tomorrowAt(now: Date, timeZone: string, hour: number): string {
  const local = new TZDate(now.getTime(), timeZone);
  const next = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, hour, 0, 0, timeZone);
  return new Date(next.getTime()).toISOString();
}

const CHOICES: { actionId: string; choice: IdleChoice }[] = [
  { actionId: IDLE_SNOOZE, choice: 'snooze' },
  { actionId: IDLE_KEEP, choice: 'keep-until-tomorrow' },
  { actionId: IDLE_EXEMPT, choice: 'exempt' },
];

/**
 * Snooze 2h / Keep until tomorrow / Exempt (and Tag, src/slack/idle-tag.ts). Only the instance owner and the allow-listed may keep an
 * instance running; anyone else gets an ephemeral refusal. Every press, refused or not, is audited.
 */
export function registerIdleActions(app: App, deps: SlackDeps): void {
  registerIdleTag(app, deps);
  for (const { actionId, choice } of CHOICES) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, client, respond }) => {
      await ack();
      const now = deps.clock.now();
      const at = now.toISOString();
      const user = body.user.id;
      const value = parseIdleValue(action.value);
      const audit = (result: 'done' | 'refused' | 'failed', detail?: string) =>
        deps.audit.record({
          at,
          user,
          action: `idle:${choice}`,
          target: value?.k ?? (action.value ?? '').slice(0, 200),
          result,
          ...(detail ? { detail } : {}),
        });
      const tell = (text: string) => respond(ephemeral(text));
      if (!value) {
        await audit('failed', 'the button value is not one costguard sent');
        await tell('This button does not name an instance costguard warned about; nothing was changed.');
        return;
      }
      if (!mayAct(deps.settings, user, value.o !== undefined ? [value.o] : [])) {
        await audit('refused', 'not the owner nor in slack.allowList');
        await tell('Only the instance owner or someone on the allow-list can keep this instance running.');
        return;
      }
      let until: string | undefined;
      try {
        if (choice === 'exempt') await deps.idleActions.exempt(value.k, `slack:${user}`, body.response_url);
        else {
          until =
            choice === 'snooze'
              ? new Date(now.getTime() + 2 * 3_600_000).toISOString()
              : tomorrowAt(now, deps.settings.timeZone, deps.settings.workdayStartHour);
          await deps.idleActions.keepUntil(value.k, until, `slack:${user}`, choice, body.response_url);
        }
      } catch (e) {
        await audit('failed', (e as Error).message);
        await tell(esc(`Could not ${choice} the instance: ${(e as Error).message}. The stop still applies.`));
        return;
      }
      await audit('done', until ? `until ${until}` : undefined);
      const channel = body.container?.channel_id ?? body.channel?.id;
      const ts = body.container?.message_ts ?? body.message?.ts;
      const original = body.message as { text?: string; blocks?: SlackMessage['blocks'] } | undefined;
      if (channel && ts && original?.blocks)
        await updateMessage(
          client,
          channel,
          ts,
          idleChosen({ text: unesc(original.text ?? ''), blocks: original.blocks }, choice, user, until),
        );
    });
  }
}
