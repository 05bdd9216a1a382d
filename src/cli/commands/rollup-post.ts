import { webApi } from '@slack/bolt';
import type { CostguardConfig } from '../../config/schema.js';
import type { SlackDeps } from '../../slack/ports.js';
import { postRollup } from '../../slack/rollup.js';
import { resolveSecret } from '../../slack/secrets.js';

/** Posts the rollup with the configured bot token (loaded here so plain `rollup` never loads Bolt). */
export async function postToSlack(config: CostguardConfig, deps: SlackDeps, day: string) {
  const s = config.slack;
  if (!s) throw new Error('unreachable: checked by the caller');
  const token = await resolveSecret(s.botToken, 'Slack bot token', process.env);
  const client = new webApi.WebClient(token, s.apiUrl ? { slackApiUrl: s.apiUrl } : {});
  return postRollup(client, deps, { day });
}
