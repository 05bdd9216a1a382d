import type { AlertSink } from '../core/anomaly/ports.js';
import { sendAnomalyAlerts } from './anomaly-alerts.js';
import { budgetAlert } from './blocks/budget-blocks.js';
import type { SlackSettings } from './ports.js';
import { postMessage, type WebClient } from './post.js';

/** The daily check's alerts as Slack messages in the configured channel (core AlertSink). */
export function slackAlertSink(client: WebClient, settings: Pick<SlackSettings, 'channel'>): AlertSink {
  return {
    anomalies: async (found, context) => void (await sendAnomalyAlerts(client, settings, found, context)),
    budget: async (a, status) => {
      const c = status.crossed.find((x) => x.kind === a.kind && x.threshold === a.threshold);
      if (c) await postMessage(client, settings.channel, budgetAlert(status, c));
    },
  };
}
