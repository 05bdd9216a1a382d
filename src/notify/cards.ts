import { seriesLabel } from '../core/anomaly/episodes.js';
import type { BudgetAlert } from '../core/anomaly/ports.js';
import type { AnomalyRecord } from '../core/anomaly/types.js';
import { formatMoney, type Money } from '../core/money.js';
import type { RollupSpend } from '../core/rollup.js';

// Adaptive Cards (schema 1.4: what Teams renders in channels, from Workflows and incoming webhooks)
// and the plain JSON documents of the generic webhook, for the same three events.

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
const MAX_FACTS = 12;

const card = (body: readonly object[]): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: SCHEMA,
  version: '1.4',
  body,
});
const title = (text: string, color: 'Attention' | 'Warning' | 'Good' | 'Default' = 'Default') => ({
  type: 'TextBlock',
  text,
  weight: 'Bolder',
  size: 'Medium',
  color,
  wrap: true,
});
const para = (text: string, subtle = false) => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...(subtle ? { isSubtle: true } : {}),
});
const facts = (pairs: readonly [string, string][]) => ({
  type: 'FactSet',
  facts: pairs.slice(0, MAX_FACTS).map(([t, value]) => ({ title: t, value })),
});

const amount = (m: Money, currency: string) => `${formatMoney(m, 2)} ${currency}`;
const signed = (m: Money, currency: string) => `${m > 0n ? '+' : ''}${amount(m, currency)}`;
const causeText = (a: AnomalyRecord) =>
  a.rootCause.length
    ? a.rootCause
        .slice(0, 3)
        .map((c) => `${c.dimension}=${c.value} ${Math.round(c.share * 100)}%`)
        .join(', ')
    : 'no single cause';

/** One alert per change: the most specific series, with the broader ones that show it as context. */
export function anomalyCard(a: AnomalyRecord, alsoSeen: readonly AnomalyRecord[] = []): AdaptiveCard {
  return card([
    title(a.direction === 'up' ? 'Cost spike' : 'Cost drop', a.direction === 'up' ? 'Attention' : 'Warning'),
    para(a.explanation),
    facts([
      ['Series', seriesLabel(a.series)],
      ['Impact', signed(a.impact, a.currency)],
      ['Root cause', causeText(a)],
      ['Id', a.id],
    ]),
    ...(alsoSeen.length
      ? [
          para(
            `Also seen as: ${alsoSeen.map((x) => `${seriesLabel(x.series)} ${signed(x.impact, x.currency)}`).join(' · ')}`,
            true,
          ),
        ]
      : []),
  ]);
}

export function budgetCard(alert: BudgetAlert, period: string): AdaptiveCard {
  return card([
    title(`Budget ${alert.budget}`, alert.kind === 'forecast' ? 'Warning' : 'Attention'),
    para(alert.message),
    facts([
      ['Period', period],
      ['Threshold', `${alert.threshold}% (${alert.kind})`],
    ]),
  ]);
}

/** The daily rollup: totals, providers and the models with the most spend on the day. */
export function rollupCard(s: RollupSpend): AdaptiveCard {
  const c = s.currency;
  return card([
    title(`Cloud spend for ${s.day}`),
    facts([
      ['Yesterday', amount(s.total.day, c)],
      ['Month to date', amount(s.total.monthToDate, c)],
      ...s.providers.map((p): [string, string] => [
        p.provider,
        `${amount(p.day, c)} · ${amount(p.monthToDate, c)} MTD`,
      ]),
    ]),
    para(`By model (${s.metric} cost, ${c}): yesterday · month to date`, true),
    facts(
      s.models.map((m): [string, string] => [m.model, `${amount(m.day, c)} · ${amount(m.monthToDate, c)}`]),
    ),
    ...(s.otherCurrencies.length
      ? [
          para(
            `Also ${s.otherCurrencies.map((o) => amount(o.monthToDate, o.currency)).join(', ')} month to date (not added).`,
            true,
          ),
        ]
      : []),
  ]);
}

/** A Teams message carrying one card (the Workflows "post card" webhook and incoming webhooks take this). */
export const teamsMessage = (content: AdaptiveCard) => ({
  type: 'message',
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }],
});

const exact = (m: Money) => formatMoney(m, 12);

/** The generic webhook's documents: amounts as exact decimal strings. */
export const anomalyDocument = (a: AnomalyRecord, alsoSeen: readonly AnomalyRecord[] = []) => ({
  event: 'anomaly',
  id: a.id,
  day: a.day,
  series: seriesLabel(a.series),
  seriesId: a.seriesId,
  direction: a.direction,
  status: a.status,
  currency: a.currency,
  actual: exact(a.actual),
  expected: exact(a.expected),
  impact: exact(a.impact),
  score: a.score,
  explanation: a.explanation,
  rootCause: a.rootCause.map((c) => ({
    dimension: c.dimension,
    value: c.value,
    share: c.share,
    change: exact(c.change),
  })),
  alsoSeenAs: alsoSeen.map((x) => ({
    id: x.id,
    series: seriesLabel(x.series),
    seriesId: x.seriesId,
    impact: exact(x.impact),
  })),
});

export const budgetDocument = (alert: BudgetAlert, period: string) => ({ event: 'budget', period, ...alert });

export const rollupDocument = (s: RollupSpend) => ({
  event: 'rollup',
  day: s.day,
  metric: s.metric,
  currency: s.currency,
  total: { day: exact(s.total.day), monthToDate: exact(s.total.monthToDate) },
  providers: s.providers.map((p) => ({
    provider: p.provider,
    day: exact(p.day),
    monthToDate: exact(p.monthToDate),
  })),
  models: s.models.map((m) => ({ model: m.model, day: exact(m.day), monthToDate: exact(m.monthToDate) })),
  otherCurrencies: s.otherCurrencies.map((o) => ({
    currency: o.currency,
    monthToDate: exact(o.monthToDate),
  })),
});
