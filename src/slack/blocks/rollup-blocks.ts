import { clip } from '../../charts/svg-text.js';
import type { AnomalyRecord } from '../../core/anomaly/types.js';
import type { SourceStatus } from '../../core/billing-source.js';
import { type BudgetStatus, monthDayLabel } from '../../core/budget/budget.js';
import type { ClusterSummary } from '../../core/clusters/summary.js';
import { dayNumber, weekdayOf } from '../../core/day.js';
import type { IdleNotice } from '../../core/idle/owner-ports.js';
import type { Money } from '../../core/money.js';
import { displayName } from '../../core/providers.js';
import { type ModelSpend, type RollupSpend, topMovers } from '../../core/rollup.js';
import { anomalyLine } from './anomaly-blocks.js';
import { budgetLine } from './budget-blocks.js';
import { clustersText } from './cluster-blocks.js';
import { idleSummary } from './idle-blocks.js';
import { type Block, context, divider, fields, header, type SlackMessage, section } from './kit.js';
import { LIMITS } from './limits.js';
import { change, esc, fitLines, money, share } from './text.js';

/** Everything the daily rollup shows, gathered by src/slack/data.ts. */
export interface RollupView {
  spend: RollupSpend;
  budgets: readonly BudgetStatus[];
  /** Open anomalies (new or ongoing, not marked expected). */
  anomalies: readonly AnomalyRecord[];
  /** What the idle guard did in the last 24 hours. */
  idle: readonly IdleNotice[];
  sources: readonly SourceStatus[];
  unattributed: string;
  /** A chart image follows in the thread. */
  chart: boolean;
  /** Shared GPU clusters on the rollup's day (attribution.clusters), when any is configured. */
  clusters?: readonly ClusterSummary[];
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MAX_MODEL_ROWS = 29;

export const weekdayName = (day: string) => WEEKDAYS[weekdayOf(dayNumber(day))] ?? '';

/** "AWS complete up to Mar 9 · Azure up to Mar 7 (2 days behind)": billing data arrives late. */
export function completenessLine(sources: readonly SourceStatus[], day: string): string {
  if (sources.length === 0)
    return 'Data complete up to: no live source has reported yet (file imports only).';
  const parts = sources.map((s) => {
    const behind = dayNumber(day) - dayNumber(s.completeUpTo);
    const name = displayName(s.source);
    const lag = behind > 0 ? ` (${behind} day${behind === 1 ? '' : 's'} behind, figures partial)` : '';
    return `${esc(name)} ${monthDayLabel(s.completeUpTo)}${lag}`;
  });
  return `Data complete up to: ${parts.join(' · ')}`;
}

/** Models shown one by one in the rollup; the rest are one summary field. */
const FIELDS_PER_SECTION = 10;

/**
 * The per-model part of the rollup as Block Kit fields (two columns on a desktop, one on a phone, and
 * text that wraps instead of a code table wider than a phone): each model's yesterday, its change
 * against the same weekday a week before, and its month to date; the models beyond MAX_MODEL_ROWS (or
 * beyond what fits) are summed into one last field. The stage split and the daily trend are in
 * `/cost <model>` and on the report page.
 */
export function modelBlocks(spend: RollupSpend): Block[] {
  const c = spend.currency;
  const wk = weekdayName(spend.day).slice(0, 3);
  const field = (name: string, day: Money, weekAgo: Money, mtd: Money) =>
    clip(
      `*${name}*\n${money(day, c)} yesterday, ${change(day, weekAgo)} vs ${wk}\n${money(mtd, c)} month to date`,
      LIMITS.fieldText,
    );
  const shown = spend.models.slice(0, MAX_MODEL_ROWS);
  const rest = spend.models.slice(MAX_MODEL_ROWS);
  const items = shown.map((m) => field(esc(clip(m.model, 60)), m.day, m.weekAgo, m.monthToDate));
  if (rest.length) {
    const sum = (f: (m: ModelSpend) => Money) => rest.reduce((a, m) => a + f(m), 0n);
    items.push(
      field(
        `${rest.length} more model${rest.length === 1 ? '' : 's'}`,
        sum((m) => m.day),
        sum((m) => m.weekAgo),
        sum((m) => m.monthToDate),
      ),
    );
  }
  const title = section(
    `*By model*: yesterday, change vs last ${weekdayName(spend.day)}, month to date (${esc(c)})`,
  );
  const out: Block[] = [title];
  for (let i = 0; i < items.length; i += FIELDS_PER_SECTION)
    out.push(fields(items.slice(i, i + FIELDS_PER_SECTION)));
  return out;
}

function moversText(spend: RollupSpend): string {
  const movers = topMovers(spend, 5);
  if (movers.length === 0) return `*Top movers*: no model changed against last ${weekdayName(spend.day)}.`;
  const lines = movers.map((m) => {
    const delta = m.day - m.weekAgo;
    return `${delta > 0n ? '▲' : '▼'} *${esc(m.model)}* ${delta > 0n ? '+' : ''}${money(delta, spend.currency)} (${change(m.day, m.weekAgo)}) to ${money(m.day, spend.currency)}`;
  });
  return `*Top movers* vs last ${weekdayName(spend.day)}\n${lines.join('\n')}`;
}

function untaggedText(v: RollupView): string {
  const s = v.spend;
  const u = s.untagged;
  // No spend seen this month is not "every cost is tagged": claim only what the data shows.
  if (s.total.monthToDate === 0n && u.monthToDate === 0n)
    return '*Untagged spend*: no spend recorded this month yet, so nothing to check.';
  if (u.monthToDate === 0n) return '*Untagged spend*: none this month. Every cost has a model tag.';
  const worst = u.worst.map(
    (w) =>
      `• ${esc(w.provider)} ${esc(clip(w.subAccountId, 24))} ${esc(clip(w.serviceName, 32))} ${esc(w.regionId || 'global')}: ${money(w.monthToDate, s.currency)}`,
  );
  return fitLines(
    [
      `*Untagged spend* (model \`${esc(v.unattributed)}\`): ${money(u.day, s.currency)} yesterday (${share(u.day, s.total.day)}), ` +
        `${money(u.monthToDate, s.currency)} this month (${share(u.monthToDate, s.total.monthToDate)}). Worst, month to date:`,
      ...worst,
    ],
    LIMITS.sectionText,
    (n) => `…and ${n} more`,
  );
}

/** The daily rollup message. Always within Block Kit limits: long lists are summarized, never cut. */
export function rollupBlocks(v: RollupView): SlackMessage {
  const s = v.spend;
  const c = s.currency;
  const providerFields = s.providers
    .slice(0, 8)
    .map((p) => `*${esc(p.provider)}*\n${money(p.day, c)} yesterday · ${money(p.monthToDate, c)} MTD`);
  const others = s.otherCurrencies.map((o) => money(o.monthToDate, o.currency)).join(', ');
  const openAnomalies = v.anomalies.map(anomalyLine);
  const budgets = v.budgets.map(budgetLine);
  const clusters = clustersText(v.clusters);
  const blocks = [
    header(`Cloud spend for ${weekdayName(s.day)} ${s.day}`),
    fields([
      `*Yesterday*\n${money(s.total.day, c)} (${change(s.total.day, s.total.weekAgo)} vs last ${weekdayName(s.day)})`,
      `*Month to date*\n${money(s.total.monthToDate, c)}`,
      ...providerFields,
    ]),
    context(
      completenessLine(v.sources, s.day),
      `${s.metric} cost${others ? ` · also ${others} month to date in other currencies (not added)` : ''}`,
    ),
    divider(),
    ...modelBlocks(s),
    section(moversText(s)),
    section(
      budgets.length
        ? fitLines(
            ['*Budgets*', ...budgets],
            LIMITS.sectionText,
            (n) => `…and ${n} more budgets (\`/cost budgets\`)`,
          )
        : '*Budgets*: none configured.',
    ),
    section(
      openAnomalies.length
        ? fitLines(
            [`*Open anomalies* (${openAnomalies.length})`, ...openAnomalies],
            LIMITS.sectionText,
            (n) => `…and ${n} more (\`/cost anomalies\`)`,
          )
        : '*Open anomalies*: none.',
    ),
    section(untaggedText(v)),
    section(idleSummary(v.idle, c)),
    ...(clusters ? [section(clusters)] : []),
    ...(v.chart ? [context('Chart of the last 30 days by model in the thread.')] : []),
  ];
  const text = `Cloud spend ${s.day}: ${money(s.total.day, c)} yesterday, ${money(s.total.monthToDate, c)} month to date`;
  return { text, blocks };
}
