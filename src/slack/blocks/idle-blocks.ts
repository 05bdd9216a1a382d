import type { IdleChoice, IdleNotice } from '../../core/idle/owner-ports.js';
import { instanceKey } from '../../core/idle/types.js';
import { moneyToNumber } from '../../core/money.js';
import { busyWarning } from './idle-tag-blocks.js';
import { actions, button, context, type SlackMessage, section } from './kit.js';
import { LIMITS } from './limits.js';
import { esc, fitLines, money } from './text.js';

export const IDLE_SNOOZE = 'idle_snooze';
export const IDLE_KEEP = 'idle_keep_until_tomorrow';
export const IDLE_EXEMPT = 'idle_exempt';

/** What an idle button carries: the instance and the owner's Slack user, resolved when it was sent. */
export interface IdleButtonValue {
  k: string;
  o?: string;
}

/** The button's value, or undefined when it is not one costguard sent (not JSON, no instance key). */
export function parseIdleValue(v: string | undefined): IdleButtonValue | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(v ?? '');
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { k, o } = parsed as { k?: unknown; o?: unknown };
  if (typeof k !== 'string' || k === '' || (o !== undefined && typeof o !== 'string')) return undefined;
  return o === undefined ? { k } : { k, o };
}

function instanceText(n: IdleNotice): string {
  const gpus = n.gpus > 0 ? `, ${n.gpus} GPU${n.gpus === 1 ? '' : 's'}` : '';
  return `\`${esc(n.instanceId)}\` (${esc(n.instanceType)}${gpus}) in ${esc(n.provider)} ${esc(n.account)} ${esc(n.region)}`;
}

const hourly = (n: IdleNotice) =>
  n.hourlyCost !== undefined ? `${money(n.hourlyCost, n.currency)}/h` : 'price unknown';

/** One line for lists (rollup, `/cost idle`). */
export function idleLine(n: IdleNotice): string {
  const verb = n.action === 'stop' ? '⏹ stopped' : n.action === 'warn' ? '⚠️ warned' : '▶️ kept';
  return `${verb} ${instanceText(n)}, ${esc(n.model)}/${esc(n.stage)}, owner ${esc(n.owner ?? 'none')}: ${n.reasons.map(esc).join(', ')} (${hourly(n)})`;
}

/** The rollup's idle section: what was stopped or warned about and the money it saves. */
export function idleSummary(notices: readonly IdleNotice[], currency: string): string {
  if (notices.length === 0) return '*Idle GPU guard* (last 24 h): nothing stopped or warned about.';
  const stops = notices.filter((n) => n.action === 'stop');
  const warns = notices.filter((n) => n.action === 'warn');
  const saved = stops.filter((n) => n.currency === currency).reduce((a, n) => a + n.estimatedSavings, 0n);
  const head =
    `*Idle GPU guard* (last 24 h): stopped ${stops.length}, warned ${warns.length}; ` +
    `estimated savings ${money(saved, currency)}`;
  return fitLines(
    [head, ...[...stops, ...warns].map((n) => `• ${idleLine(n)}`)],
    LIMITS.sectionText,
    (k) => `…and ${k} more (\`/cost idle\`)`,
  );
}

const who = (n: IdleNotice, ownerUser: string | undefined) =>
  ownerUser ? `<@${ownerUser}>` : esc(n.owner ?? 'no owner tag');
const when = (n: IdleNotice) =>
  n.at ? ` at <!date^${Math.floor(Date.parse(n.at) / 1000)}^{time} {date_short}|${n.at}>` : '';

function noticeBody(n: IdleNotice, ownerUser: string | undefined) {
  return [
    section(
      `⚠️ *Idle GPU instance* ${instanceText(n)} will be stopped${when(n)}.\n` +
        `Model *${esc(n.model)}* / ${esc(n.stage)}, owner ${who(n, ownerUser)}. Why: ${n.reasons.map(esc).join(', ')}.\n` +
        `Costs ${hourly(n)}; stopping it saves about ${money(n.estimatedSavings, n.currency)}.`,
      'idle',
    ),
  ];
}

/**
 * The warning an owner gets before a stop, with Snooze 2h / Keep until tomorrow / Exempt; a busy
 * untagged instance's says it is busy and offers Tag / Keep until tomorrow / Snooze 2h.
 */
export function idleWarning(n: IdleNotice, ownerUser: string | undefined): SlackMessage {
  const value = JSON.stringify({
    k: instanceKey(n),
    ...(ownerUser ? { o: ownerUser } : {}),
  } satisfies IdleButtonValue);
  if (n.rule === 'untagged-busy') {
    return busyWarning(n, who(n, ownerUser), {
      instance: instanceText(n),
      hourly: hourly(n),
      when: when(n),
      buttons: { value, keep: IDLE_KEEP, snooze: IDLE_SNOOZE },
    });
  }
  return {
    text: `Idle GPU instance ${n.instanceId} will be stopped; about ${moneyToNumber(n.estimatedSavings, 2)} ${n.currency} saved`,
    blocks: [
      ...noticeBody(n, ownerUser),
      actions('idle_choice', [
        button('Snooze 2h', IDLE_SNOOZE, value),
        button('Keep until tomorrow', IDLE_KEEP, value, 'primary'),
        button('Exempt', IDLE_EXEMPT, value, 'danger'),
      ]),
      context('Only the owner and the allow-listed may keep an instance running. Every choice is audited.'),
    ],
  };
}

const CHOICE_TEXT: Record<IdleChoice, string> = {
  snooze: 'snoozed the stop for 2 hours',
  'keep-until-tomorrow': 'kept it running until tomorrow',
  exempt: 'exempted it from the idle guard',
  tag: 'tagged it',
};

/** The warning after a press, updated in place: who chose what, and until when. */
export function idleChosen(
  original: { text: string; blocks: SlackMessage['blocks'] },
  choice: IdleChoice,
  userId: string,
  untilIso?: string,
): SlackMessage {
  const until = untilIso
    ? ` (until <!date^${Math.floor(Date.parse(untilIso) / 1000)}^{date_short} {time}|${untilIso}>)`
    : '';
  const kept = original.blocks.filter((b) => b.type !== 'actions' && b.type !== 'context');
  return {
    text: `${original.text} (${choice} by ${userId})`,
    blocks: [...kept, section(`✅ <@${userId}> ${CHOICE_TEXT[choice]}${until}.`, 'idle_choice_made')],
  };
}
