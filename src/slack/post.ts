import type { webApi } from '@slack/bolt';
import type { SlackMessage } from './blocks/kit.js';
import { blockViolations } from './blocks/limits.js';
import { esc } from './blocks/text.js';
import { BlockLimitError } from './errors.js';

export type WebClient = webApi.WebClient;

/** Throws before Slack would reject the message (invalid_blocks), naming the limit broken. */
export function assertWithinLimits(msg: SlackMessage): void {
  const v = blockViolations(msg.blocks);
  if (v.length) throw new BlockLimitError(v);
}

/**
 * A message's fallback `text` as sent: plain text with &, < and > escaped, so a tag value, model name
 * or user text never becomes a mention (`<!channel>`) or a link in notifications. Builders write it
 * plain; every send escapes it here, once.
 */
export const fallbackText = (msg: SlackMessage): string => esc(msg.text);

/** chat.postMessage of a built message; returns the channel id and ts (to thread on or update). */
export async function postMessage(
  client: WebClient,
  channel: string,
  msg: SlackMessage,
  threadTs?: string,
): Promise<{ channel: string; ts: string }> {
  assertWithinLimits(msg);
  const res = await client.chat.postMessage({
    channel,
    text: fallbackText(msg),
    blocks: msg.blocks,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
  return { channel: String(res.channel ?? channel), ts: String(res.ts ?? '') };
}

/** chat.update in place (a button press shows who chose what on the message itself). */
export async function updateMessage(
  client: WebClient,
  channel: string,
  ts: string,
  msg: SlackMessage,
): Promise<void> {
  assertWithinLimits(msg);
  await client.chat.update({ channel, ts, text: fallbackText(msg), blocks: msg.blocks });
}

/** A reply only the person who pressed sees; the message itself stays as it is. */
export const ephemeral = (text: string) =>
  ({ response_type: 'ephemeral', replace_original: false, text }) as const;
