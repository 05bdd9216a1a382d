import type { AlertMessageStore, AlertSink } from '../core/anomaly/ports.js';
import { sendAnomalyAlerts } from './anomaly-alerts.js';
import { episodeUpdate } from './blocks/anomaly-blocks.js';
import { budgetAlert } from './blocks/budget-blocks.js';
import type { SlackSettings } from './ports.js';
import { postMessage, type WebClient } from './post.js';

/** The daily check's alerts as Slack messages in the configured channel (core AlertSink). */
export function slackAlertSink(
  client: WebClient,
  settings: Pick<SlackSettings, 'channel'>,
  /** Where each first alert's message is kept, so the episode's later days go to its thread. */
  messages?: AlertMessageStore,
): AlertSink {
  return {
    anomalies: async (found, context) => {
      const posted = await sendAnomalyAlerts(client, settings, found, context);
      for (const p of posted)
        await messages?.saveAlertMessage({ anomalyId: p.id, channel: p.channel, ts: p.ts });
    },
    // An episode's later days: a reply in its first alert's thread, never a new top-level message.
    // Episodes whose first alert this sink did not post (or keep) stay quiet, as before.
    ongoing: async (updates) => {
      if (!messages) return;
      for (const u of updates) {
        const m = await messages.alertMessage(u.firstId);
        if (m) await postMessage(client, m.channel, episodeUpdate(u), m.ts);
      }
    },
    budget: async (a, status) => {
      const c = status.crossed.find((x) => x.kind === a.kind && x.threshold === a.threshold);
      if (c) await postMessage(client, settings.channel, budgetAlert(status, c));
    },
  };
}
