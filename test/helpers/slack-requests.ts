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

const slackUser = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: 'T1' });

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
    user: slackUser(o.user),
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

/** A view_submission payload: the form `callbackId` submitted by `user` with typed `values`. */
export function viewSubmissionBody(o: {
  callbackId: string;
  privateMetadata: string;
  user: string;
  values: Readonly<Record<string, string>>;
}) {
  const state = Object.fromEntries(
    Object.entries(o.values).map(([block, value]) => [block, { value: { type: 'plain_text_input', value } }]),
  );
  const payload = {
    type: 'view_submission',
    team: { id: 'T1', domain: 'acme' },
    user: slackUser(o.user),
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: '1.2.4',
    view: {
      id: 'V1',
      team_id: 'T1',
      type: 'modal',
      callback_id: o.callbackId,
      private_metadata: o.privateMetadata,
      blocks: [],
      state: { values: state },
      hash: '1700000003.abc',
      title: { type: 'plain_text', text: 'Tag the instance' },
      app_id: 'A1',
      bot_id: 'B1',
    },
    response_urls: [],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
