import { createHmac } from 'node:crypto';

/** Slack's request signing: v0 HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function signedHeaders(secret: string, body: string, ts = Math.floor(Date.now() / 1000)) {
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    'Content-Type': 'application/x-www-form-urlencoded',
    'X-Slack-Request-Timestamp': String(ts),
    'X-Slack-Signature': sig,
  };
}

export const slashBody = (text: string, responseUrl: string, user = 'U0ASKER') =>
  new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: 'C0COSTS',
    channel_name: 'costs',
    user_id: user,
    user_name: 'asker',
    command: '/cost',
    text,
    response_url: responseUrl,
    trigger_id: '1.2.3',
    api_app_id: 'A1',
  }).toString();

/** A block_actions payload for a button pressed on message `ts` in `channel`. */
export function actionBody(o: {
  actionId: string;
  value: string;
  user: string;
  responseUrl: string;
  channel?: string;
  ts?: string;
  message?: { text: string; blocks: unknown[] };
}) {
  const channel = o.channel ?? 'C0COSTS';
  const ts = o.ts ?? '1700000001.000100';
  const payload = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'acme' },
    user: { id: o.user, username: o.user.toLowerCase(), name: o.user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: '1.2.3',
    channel: { id: channel, name: 'costs' },
    message: { type: 'message', ts, text: o.message?.text ?? '', blocks: o.message?.blocks ?? [] },
    response_url: o.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: 'b',
        value: o.value,
        action_ts: '1700000002.1',
        text: { type: 'plain_text', text: 'x' },
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
