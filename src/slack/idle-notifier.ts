import { webApi } from '@slack/bolt';
import type { CostguardConfig } from '../config/schema.js';
import { noticeOfWarning } from '../core/idle/notices.js';
import type { Notifier } from '../core/idle/ports.js';
import { section } from './blocks/kit.js';
import { sendIdleWarning } from './idle-warnings.js';
import { OwnerDirectory } from './owners.js';
import type { SlackSettings } from './ports.js';
import { postMessage, type WebClient } from './post.js';
import { resolveSecret } from './secrets.js';
import { slackSettings } from './settings.js';

/**
 * The idle sweep's Notifier on Slack: each warning goes to the instance owner (DM when the owner tag
 * maps to a Slack user, else the channel) with Snooze 2h / Keep until tomorrow / Exempt; alerts (the
 * blast-radius cap, failed stops) go to the channel. A post that fails throws, so the sweep records
 * the warning as failed and gives its claim back: the next sweep warns again.
 */
export function slackNotifier(client: WebClient, settings: SlackSettings, owners: OwnerDirectory): Notifier {
  return {
    async warn(w) {
      await sendIdleWarning(client, { settings }, owners, noticeOfWarning(w));
    },
    async alert(message, details) {
      const text = `:rotating_light: ${message}`;
      const extra = details ? `\n\`\`\`${JSON.stringify(details).slice(0, 2500)}\`\`\`` : '';
      await postMessage(client, settings.channel, { text, blocks: [section(`${text}${extra}`)] });
    },
  };
}

/** The Slack notifier from the config's `slack:` section (token from env or SSM, never logged). */
export async function slackNotifierFromConfig(
  config: CostguardConfig,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Notifier> {
  const settings = slackSettings(config);
  const s = config.slack;
  if (!s) throw new Error('unreachable: slackSettings checked the section');
  const token = await resolveSecret(s.botToken, 'Slack bot token', env);
  const client = new webApi.WebClient(token, s.apiUrl ? { slackApiUrl: s.apiUrl } : {});
  return slackNotifier(client, settings, new OwnerDirectory(client, settings.owners));
}
