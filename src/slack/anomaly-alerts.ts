import type { App, BlockButtonAction } from '@slack/bolt';
import { causeKey } from '../core/anomaly/root-cause.js';
import type { AnomalyRecord, Verdict } from '../core/anomaly/types.js';
import { mayAct, modelOwnersOf } from './authorize.js';
import { ANOMALY_EXPECTED, ANOMALY_REAL, anomalyAlert, anomalyMarked } from './blocks/anomaly-blocks.js';
import type { SlackDeps } from './ports.js';
import { ephemeral, postMessage, updateMessage, type WebClient } from './post.js';

/** Posts one alert per anomaly that is new (ongoing episodes and suppressed ones stay quiet). */
export async function sendAnomalyAlerts(
  client: WebClient,
  settings: Pick<SlackDeps['settings'], 'channel'>,
  anomalies: readonly AnomalyRecord[],
  context: ReadonlyMap<string, readonly AnomalyRecord[]> = new Map(),
): Promise<{ id: string; channel: string; ts: string }[]> {
  const out: { id: string; channel: string; ts: string }[] = [];
  for (const a of anomalies.filter((x) => x.status === 'new')) {
    const posted = await postMessage(client, settings.channel, anomalyAlert(a, context.get(a.id)));
    out.push({ id: a.id, channel: posted.channel, ts: posted.ts });
  }
  return out;
}

/** Expected / Real: stored as feedback (who = the Slack user), and the alert shows who said what. */
export function registerAnomalyActions(app: App, deps: SlackDeps, quietDays: number): void {
  const handle = (verdict: Verdict) =>
    app.action<BlockButtonAction>(
      verdict === 'expected' ? ANOMALY_EXPECTED : ANOMALY_REAL,
      async ({ ack, body, action, client, respond }) => {
        await ack();
        const at = deps.clock.now().toISOString();
        const user = body.user.id;
        const a = await deps.anomalies.getAnomaly(action.value ?? '');
        if (!a) {
          await deps.audit.record({
            at,
            user,
            action: `anomaly:${verdict}`,
            target: action.value ?? '',
            result: 'failed',
            detail: 'unknown anomaly',
          });
          await respond(ephemeral('This anomaly is no longer stored.'));
          return;
        }
        // Expected silences the series: only its model's owners and the allow list may say so.
        if (
          verdict === 'expected' &&
          !mayAct(deps.settings, user, modelOwnersOf(deps.settings, a.series.model))
        ) {
          await deps.audit.record({
            at,
            user,
            action: 'anomaly:expected',
            target: a.id,
            result: 'refused',
            detail: 'not an owner of the model (slack.modelOwners) nor in slack.allowList',
          });
          await respond(
            ephemeral(
              "Only the model's owners (slack.modelOwners) or someone on slack.allowList can mark this anomaly expected: it would silence the series. Mark it Real, or ask an owner.",
            ),
          );
          return;
        }
        await deps.anomalies.markAnomaly({
          anomalyId: a.id,
          verdict,
          by: `slack:${user}`,
          at,
          note: `via Slack by ${body.user.name ?? user}`,
          seriesId: a.seriesId,
          day: a.day,
          direction: a.direction,
          cause: causeKey(a.rootCause[0]),
        });
        await deps.audit.record({ at, user, action: `anomaly:${verdict}`, target: a.id, result: 'done' });
        const channel = body.container?.channel_id ?? body.channel?.id;
        const ts = body.container?.message_ts ?? body.message?.ts;
        if (channel && ts)
          await updateMessage(client, channel, ts, anomalyMarked(a, verdict, user, quietDays));
      },
    );
  handle('expected');
  handle('real');
}
