import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;
export type Button = types.Button;

/** A message as the builders return it: blocks plus the plain-text fallback for notifications. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: text.length > 150 ? `${text.slice(0, 149)}…` : text, emoji: true },
});

export const section = (text: string, blockId?: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...(blockId ? { block_id: blockId } : {}),
});

export const fields = (items: readonly string[]): Block => ({
  type: 'section',
  fields: items.slice(0, 10).map((text) => ({ type: 'mrkdwn', text })),
});

export const context = (...texts: string[]): Block => ({
  type: 'context',
  elements: texts.slice(0, 10).map((text) => ({ type: 'mrkdwn', text })),
});

export const divider = (): Block => ({ type: 'divider' });

export const button = (
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
): Button => ({
  type: 'button',
  text: { type: 'plain_text', text, emoji: true },
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
});

export const actions = (blockId: string, buttons: Button[]): Block => ({
  type: 'actions',
  block_id: blockId,
  elements: buttons,
});
