import { lineChart, type Marker, stackedBars } from '../../charts/html-charts.js';
import { ALERT, colorAt, GREY, PALETTE, STAGE_COLORS } from '../../charts/palette.js';
import { escXml as esc } from '../../charts/svg-text.js';
import type { AnomalyRecord } from '../../core/anomaly/types.js';
import { type BudgetStatus, inScope } from '../../core/budget/budget.js';
import type { CostFact } from '../../core/cost-fact.js';
import { moneyToNumber } from '../../core/money.js';

/** A message as posted to Slack, for the page to show what the bot said. */
export interface PostedMessage {
  channel: string;
  text: string;
  blocks?: readonly unknown[];
}

export interface ReportPageInput {
  title: string;
  generatedAt: string;
  /** Every day of the period, ascending. */
  days: readonly string[];
  /** Facts of the period, one currency shown: `currency`. */
  facts: readonly CostFact[];
  currency: string;
  anomalies: readonly AnomalyRecord[];
  budgets: readonly BudgetStatus[];
  freshness: readonly { source: string; completeUpTo: string }[];
  slack: readonly PostedMessage[];
  /** Extra sections (already HTML), e.g. the idle plan. */
  sections?: readonly { title: string; html: string }[];
}

function dailyBy(
  facts: readonly CostFact[],
  days: readonly string[],
  key: (f: CostFact) => string,
): Map<string, number[]> {
  const index = new Map(days.map((d, i) => [d, i]));
  const out = new Map<string, bigint[]>();
  for (const f of facts) {
    const i = index.get(f.day);
    if (i === undefined) continue;
    const k = key(f);
    let row = out.get(k);
    if (!row) {
      row = days.map(() => 0n);
      out.set(k, row);
    }
    row[i] = (row[i] ?? 0n) + f.effectiveCost;
  }
  return new Map([...out].map(([k, v]) => [k, v.map((m) => moneyToNumber(m))]));
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The whole page: self-contained HTML (inline CSS and SVG), no scripts, opens offline. */
export function renderReportPage(input: ReportPageInput): string {
  const facts = input.facts.filter((f) => f.currency === input.currency);
  const byModel = [...dailyBy(facts, input.days, (f) => f.model)].sort((a, b) => sum(b[1]) - sum(a[1]));
  const top = byModel.slice(0, 8);
  const rest = byModel.slice(8);
  const series = top.map(([name, values], i) => ({
    name,
    values,
    color: colorAt(i),
  }));
  if (rest.length) {
    const other = input.days.map((_, i) => sum(rest.map(([, v]) => v[i] ?? 0)));
    series.push({ name: `${rest.length} other models`, values: other, color: GREY });
  }
  const dayIndex = new Map(input.days.map((d, i) => [d, i]));
  const modelMarkers: Marker[] = input.anomalies.flatMap((a) => {
    const s = series.find((x) => x.name === a.series.model);
    const i = dayIndex.get(a.day);
    return s && i !== undefined ? [{ x: i, value: s.values[i] ?? 0, label: a.explanation }] : [];
  });

  const stageRows = [...dailyBy(facts, input.days, (f) => `${f.model}\u001f${f.stage}`)].reduce(
    (m, [k, v]) => {
      const [model = '', stage = ''] = k.split('\u001f');
      const parts = m.get(model) ?? [];
      parts.push({ name: stage, value: sum(v.slice(-30)) });
      m.set(model, parts);
      return m;
    },
    new Map<string, { name: string; value: number }[]>(),
  );
  const stageBars = [...stageRows]
    .map(([label, parts]) => ({ label, parts }))
    .sort((a, b) => sum(b.parts.map((p) => p.value)) - sum(a.parts.map((p) => p.value)));

  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}</style></head><body>
<h1>${esc(input.title)}</h1>
<p class="muted">Generated ${esc(input.generatedAt)} · ${input.days[0] ?? ''} to ${input.days.at(-1) ?? ''} · effective (amortized) cost in ${esc(input.currency)}; other currencies are never added in.</p>
<p class="muted">${input.freshness.map((f) => `${esc(f.source)}: data complete up to ${esc(f.completeUpTo)}`).join(' · ')}</p>
<section><h2>Spend by model, per day</h2>${lineChart(input.days, series, modelMarkers)}
<p class="muted">Red circles: anomalies detected on a model's stage series (hover for the explanation).</p></section>
<section><h2>Stage split, last 30 days</h2>${stackedBars(stageBars, STAGE_COLORS)}</section>
<section id="budgets"><h2>Budgets: burn-down</h2>${input.budgets.map((b) => budgetChart(b, input.facts)).join('') || '<p>No budgets configured.</p>'}</section>
<section><h2>Anomalies</h2>${anomalySection(input, facts)}</section>
${(input.sections ?? []).map((s) => `<section><h2>${esc(s.title)}</h2>${s.html}</section>`).join('')}
<section><h2>What the Slack bot posted</h2>${input.slack.map(slackMessage).join('') || '<p>Nothing was posted.</p>'}</section>
</body></html>
`;
}

function budgetChart(b: BudgetStatus, facts: readonly CostFact[]): string {
  const [y, m] = b.period.split('-').map(Number) as [number, number];
  const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const monthDays = Array.from({ length }, (_, i) => `${b.period}-${String(i + 1).padStart(2, '0')}`);
  const scoped = facts.filter((f) => inScope(f, b.budget));
  const daily = dailyBy(scoped, monthDays, () => 'all').get('all') ?? monthDays.map(() => 0);
  const actual: number[] = [];
  let run = 0;
  for (const [i, v] of daily.entries()) {
    run += v;
    actual.push((monthDays[i] as string) <= b.asOf ? run : Number.NaN);
  }
  const spent = moneyToNumber(b.spent);
  const asOfIndex = monthDays.indexOf(b.asOf);
  const forecast = monthDays.map((_, i) =>
    i < asOfIndex
      ? Number.NaN
      : spent + ((moneyToNumber(b.forecast) - spent) * (i - asOfIndex)) / Math.max(1, length - 1 - asOfIndex),
  );
  const amount = moneyToNumber(b.budget.amount);
  const series = [
    { name: 'spent so far', values: actual, color: PALETTE[0] },
    { name: 'forecast', values: forecast, color: PALETTE[3] },
    { name: 'budget', values: monthDays.map(() => amount), color: ALERT },
  ];
  return `<h3>${esc(b.budget.name)}</h3><p>${esc(b.summary)}</p>${lineChart(monthDays, series, [], ['forecast', 'budget'])}`;
}

function anomalySection(input: ReportPageInput, facts: readonly CostFact[]): string {
  if (input.anomalies.length === 0) return '<p>No anomalies.</p>';
  const list = input.anomalies
    .map(
      (a) =>
        `<li><b>${esc(a.day)}</b> ${esc(a.explanation)}${
          a.rootCause.length
            ? ` — root cause: ${esc(
                a.rootCause
                  .slice(0, 3)
                  .map((c) => `${c.dimension}=${c.value} ${Math.round(c.share * 100)}%`)
                  .join(', '),
              )}`
            : ''
        }</li>`,
    )
    .join('');
  const charts = input.anomalies.slice(0, 6).map((a) => {
    const match = (f: CostFact) =>
      (a.series.model === undefined || f.model === a.series.model) &&
      (a.series.stage === undefined || f.stage === a.series.stage) &&
      (a.series.provider === undefined || f.provider === a.series.provider) &&
      (a.series.service === undefined || f.serviceName === a.series.service);
    const days = input.days.slice(-45);
    const values = dailyBy(facts.filter(match), days, () => 's').get('s') ?? days.map(() => 0);
    const i = days.indexOf(a.day);
    const markers = i >= 0 ? [{ x: i, value: values[i] ?? 0, label: a.explanation }] : [];
    return `<div class="small"><h3>${esc(a.seriesId)}</h3>${lineChart(days, [{ name: a.seriesId, values, color: PALETTE[0] }], markers)}</div>`;
  });
  return `<ul>${list}</ul>${charts.join('')}`;
}

function slackMessage(m: PostedMessage): string {
  const blocks = (m.blocks ?? []) as {
    type?: string;
    text?: { text?: string };
    fields?: { text?: string }[];
    elements?: { text?: string | { text?: string } }[];
  }[];
  const body = blocks.length
    ? blocks
        .map((b) => {
          if (b.type === 'header') return `<h4>${esc(b.text?.text ?? '')}</h4>`;
          if (b.type === 'divider') return '<hr>';
          const texts = [
            b.text?.text,
            ...(b.fields ?? []).map((f) => f.text),
            ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text)),
          ];
          return `<p>${texts
            .filter(Boolean)
            .map((t) => esc(String(t)))
            .join('<br>')}</p>`;
        })
        .join('')
    : `<p>${esc(m.text)}</p>`;
  return `<div class="slack"><div class="muted">#${esc(m.channel)}</div>${body}</div>`;
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;max-width:920px;margin:24px auto;padding:0 16px;color:#111827}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}h3{font-size:14px;margin:12px 0 4px}
.muted{color:#6b7280;font-size:12px}.legend span{display:inline-block;margin:2px 10px 2px 0;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.small{display:inline-block;width:49%;vertical-align:top}.slack{border:1px solid #e5e7eb;border-radius:6px;padding:8px 12px;margin:8px 0;white-space:pre-wrap;font-size:13px}`;
