import { seriesLabel } from '../../core/anomaly/episodes.js';
import type { EpisodeUpdate } from '../../core/anomaly/ports.js';
import type { AnomalyRecord, Verdict } from '../../core/anomaly/types.js';
import { actions, button, context, type SlackMessage, section } from './kit.js';
import { esc, money } from './text.js';

export const ANOMALY_EXPECTED = 'anomaly_expected';
export const ANOMALY_REAL = 'anomaly_real';

/** "model=llama-7b 82%, service=EC2 12%": the top root causes with their share of the change. */
export function rootCauseText(a: AnomalyRecord, limit = 3): string {
  if (a.rootCause.length === 0) return 'no single cause';
  return a.rootCause
    .slice(0, limit)
    .map(
      (c) => `${c.dimension}=${esc(c.value)} ${Math.round(c.share * 100)}% (${money(c.change, a.currency)})`,
    )
    .join(', ');
}

/** One line for lists (rollup, `/cost anomalies`). */
export function anomalyLine(a: AnomalyRecord): string {
  const icon = a.direction === 'up' ? '🔺' : '🔻';
  const ongoing = a.status === 'ongoing' ? ' _(ongoing)_' : '';
  return `${icon} ${esc(a.explanation)}${ongoing}; root cause: ${rootCauseText(a, 2)}`;
}

const body = (a: AnomalyRecord) => [
  section(
    `${a.direction === 'up' ? '🔺 *Cost spike*' : '🔻 *Cost drop*'}\n${esc(a.explanation)}\n*Root cause:* ${rootCauseText(a)}`,
    'anomaly',
  ),
  context(`score ${a.score} · ${a.reason} · id \`${esc(a.id)}\``),
];

/**
 * The broader series that show the same change (one alert per change): "Also seen as: model churn-predict
 * +$71.18 · Google Cloud +$64.24", at most 5, largest first.
 */
export function alsoSeenText(a: AnomalyRecord, alsoSeen: readonly AnomalyRecord[]): string {
  const abs = (m: bigint) => (m < 0n ? -m : m);
  const shown = [...alsoSeen].sort((x, y) => (abs(y.impact) > abs(x.impact) ? 1 : -1)).slice(0, 5);
  const more = alsoSeen.length - shown.length;
  const items = shown.map(
    (x) => `${esc(seriesLabel(x.series))} ${x.impact > 0n ? '+' : ''}${money(x.impact, a.currency)}`,
  );
  return `Also seen as: ${items.join(' · ')}${more > 0 ? ` · and ${more} more` : ''}`;
}

/** The alert with its Expected / Real buttons; the anomaly id rides in the button value. */
export function anomalyAlert(a: AnomalyRecord, alsoSeen: readonly AnomalyRecord[] = []): SlackMessage {
  return {
    text: a.explanation,
    blocks: [
      ...body(a),
      ...(alsoSeen.length ? [context(alsoSeenText(a, alsoSeen))] : []),
      actions('anomaly_feedback', [
        button('Expected', ANOMALY_EXPECTED, a.id),
        button('Real', ANOMALY_REAL, a.id, 'danger'),
      ]),
    ],
  };
}

/** The alert after a press: the buttons give way to who said what (the message updates in place). */
export function anomalyMarked(
  a: AnomalyRecord,
  verdict: Verdict,
  userId: string,
  quietDays: number,
): SlackMessage {
  const what =
    verdict === 'expected'
      ? `✅ Marked *expected* by <@${userId}>: the same series and cause stay quiet for ${quietDays} days.`
      : `🚨 Marked *real* by <@${userId}>.`;
  return {
    text: `${a.explanation} (marked ${verdict})`,
    blocks: [...body(a), section(what, 'anomaly_verdict')],
  };
}

/** A later day of an episode, in its first alert's thread: today's change and the running total. */
export function episodeUpdate(u: EpisodeUpdate): SlackMessage {
  const a = u.today;
  const sign = (m: bigint) => (m > 0n ? '+' : '');
  const text =
    `Day ${u.days} of this ${a.direction === 'up' ? 'spike' : 'drop'} (since ${u.firstDay}): ${a.day} ` +
    `${sign(a.impact)}${money(a.impact, a.currency)} against ${money(a.expected, a.currency)} expected; ` +
    `${sign(u.impact)}${money(u.impact, a.currency)} over the ${u.days} days.`;
  return {
    text,
    blocks: [section(esc(text), 'anomaly_update'), context(`root cause today: ${rootCauseText(a, 2)}`)],
  };
}
