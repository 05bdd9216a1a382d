import { type Episode, episodesOf } from '../anomaly/episodes.js';
import type { AnomalyRecord } from '../anomaly/types.js';
import { type BudgetStatus, inScope } from '../budget/budget.js';
import { forecastMonth } from '../budget/forecast.js';
import type { ClusterSummary } from '../clusters/summary.js';
import type { CostFact } from '../cost-fact.js';
import { amountOf, type Metric } from '../cost-line.js';
import { addDays, dayNumber, daysBetween, daysIn, firstOfMonth } from '../day.js';
import type { IdleAuditEntry } from '../idle/ports.js';
import { type Money, moneyFromNumber } from '../money.js';
import { FIELD } from '../report.js';
import { type Coverage, coverageOf } from './coverage.js';
import { type DailySeries, dailySeries } from './series.js';

// The report page as data: everything the HTML shows, computed here from facts, anomalies, budget
// statuses, source freshness and the idle audit log, with exact money. src/page renders it.

export interface PageQuery {
  from: string;
  to: string;
  /** Today (UTC): the headline's "last day" is the day before, or `to` when the range ends earlier. */
  today: string;
  /** Dimensions of the cost table beyond model and stage (provider is always a column). */
  by: readonly TableDimension[];
  metric: Metric;
  title: string;
  generatedAt: string;
  unattributed: string;
}

export const TABLE_DIMENSIONS = ['model', 'stage', 'provider', 'subaccount', 'service', 'region'] as const;
export type TableDimension = (typeof TABLE_DIMENSIONS)[number];

export interface Headline {
  /** The headline's last day and its spend. */
  lastDay: string;
  lastDayCost: Money;
  /** Month to date of the last day's month. */
  month: string;
  monthToDate: Money;
  /** Month-end forecast with its 80% interval; absent when the last day ends its month. */
  forecast?: { point: Money; low: Money; high: Money };
  /** The range's total, and the same number of days just before it. */
  rangeTotal: Money;
  previousTotal: Money;
  previousFrom: string;
  previousTo: string;
}

export interface TableRow {
  keys: Readonly<Record<TableDimension, string>>;
  cost: Money;
}

export interface CurrencySection {
  currency: string;
  headline: Headline;
  byProvider: { provider: string; cost: Money }[];
  /** The cost table: one row per model, stage, provider (and `by` dimensions), highest first. */
  rows: TableRow[];
  /** Daily spend of the top models, the rest as one series, for the stacked chart. */
  daily: DailySeries;
  coverage: Coverage;
}

export interface PageModel {
  query: PageQuery;
  /** Dimensions of the table, in column order. */
  columns: readonly TableDimension[];
  days: readonly string[];
  freshness: readonly { source: string; completeUpTo: string }[];
  currencies: CurrencySection[];
  episodes: Episode[];
  budgets: readonly BudgetStatus[];
  /** Daily spend in each budget's scope for its month, for the burn-down (exact). */
  budgetDaily: ReadonlyMap<string, Money[]>;
  idle: IdleSummary;
  subAccountNames: ReadonlyMap<string, string>;
  /** Shared GPU clusters over the range (attribution.clusters); empty when none is configured. */
  clusters: readonly ClusterSummary[];
}

export interface IdleSummary {
  /** The latest sweep's decisions (stop or warn), one per instance. */
  decisions: IdleAuditEntry[];
  /** Per currency: what the stops and warnings would save per day. */
  savingsPerDay: { currency: string; amount: Money }[];
  sweptAt?: string;
}

export interface PageInput {
  /** Facts from at least `historyFrom(q)` to `q.to`. */
  facts: readonly CostFact[];
  anomalies: readonly AnomalyRecord[];
  budgets: readonly BudgetStatus[];
  freshness: readonly { source: string; completeUpTo: string }[];
  idle: readonly IdleAuditEntry[];
  subAccountNames?: ReadonlyMap<string, string>;
  clusters?: readonly ClusterSummary[];
}

/** The headline's last day: the day before today, or the range's end when it ends earlier. */
export const lastDayOf = (q: Pick<PageQuery, 'to' | 'today'>): string => {
  // Days as YYYY-MM-DD order as text.
  return [q.to, addDays(q.today, -1)].sort()[0] as string;
};

/** The first day of facts the page needs: the previous period, and 28 days of forecast history. */
export function historyFrom(q: Pick<PageQuery, 'from' | 'to' | 'today'>): string {
  const length = daysBetween(q.from, q.to) + 1;
  const previous = addDays(q.from, -length);
  const last = lastDayOf(q);
  return [previous, addDays(last, -27), firstOfMonth(last)].sort()[0] as string;
}

export function buildPageModel(q: PageQuery, input: PageInput): PageModel {
  const days = daysIn({ from: q.from, to: q.to });
  const columns: TableDimension[] = ['model', 'stage', 'provider', ...q.by.filter((d) => !STANDARD.has(d))];
  const currencies = [
    ...new Set(input.facts.filter((f) => f.day >= q.from && f.day <= q.to).map((f) => f.currency)),
  ];
  const sections = currencies.map((currency) =>
    section(
      q,
      columns,
      days,
      input.facts.filter((f) => f.currency === currency),
      currency,
    ),
  );
  sections.sort((a, b) => (b.headline.rangeTotal > a.headline.rangeTotal ? 1 : -1));
  return {
    query: q,
    columns,
    days,
    freshness: input.freshness,
    currencies: sections,
    episodes: episodesOf(input.anomalies),
    budgets: input.budgets,
    clusters: input.clusters ?? [],
    budgetDaily: budgetDaily(input.budgets, input.facts, q.metric),
    idle: idleSummary(input.idle),
    subAccountNames: input.subAccountNames ?? new Map(),
  };
}

const STANDARD = new Set<TableDimension>(['model', 'stage', 'provider']);

function section(
  q: PageQuery,
  columns: readonly TableDimension[],
  days: readonly string[],
  facts: readonly CostFact[],
  currency: string,
): CurrencySection {
  const inRange = facts.filter((f) => f.day >= q.from && f.day <= q.to);
  const amount = (f: CostFact) => amountOf(f, q.metric);
  const rows = new Map<string, TableRow>();
  const providers = new Map<string, Money>();
  for (const f of inRange) {
    const keys = Object.fromEntries(columns.map((d) => [d, FIELD[d](f)])) as Record<TableDimension, string>;
    const id = columns.map((d) => keys[d]).join('\u001f');
    const row = rows.get(id) ?? { keys, cost: 0n };
    row.cost += amount(f);
    rows.set(id, row);
    providers.set(f.provider, (providers.get(f.provider) ?? 0n) + amount(f));
  }
  return {
    currency,
    headline: headline(q, facts, amount),
    byProvider: [...providers]
      .map(([provider, cost]) => ({ provider, cost }))
      .sort((a, b) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : a.provider.localeCompare(b.provider))),
    rows: [...rows.values()].sort((a, b) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : 0)),
    daily: dailySeries(inRange, days, amount),
    coverage: coverageOf(inRange, amount),
  };
}

function headline(q: PageQuery, facts: readonly CostFact[], amount: (f: CostFact) => Money): Headline {
  const last = lastDayOf(q);
  const month = firstOfMonth(last);
  const length = daysBetween(q.from, q.to) + 1;
  const previousFrom = addDays(q.from, -length);
  const previousTo = addDays(q.from, -1);
  // One pass over the facts into daily totals; every figure below sums days, not facts.
  const daily = new Map<string, Money>();
  for (const f of facts) daily.set(f.day, (daily.get(f.day) ?? 0n) + amount(f));
  const on = (d: string) => daily.get(d) ?? 0n;
  const sum = (from: string, to: string) => {
    let s = 0n;
    for (const [d, v] of daily) if (d >= from && d <= to) s += v;
    return s;
  };
  const monthToDate = sum(month, last);
  const out: Headline = {
    lastDay: last,
    lastDayCost: on(last),
    month: last.slice(0, 7),
    monthToDate,
    rangeTotal: sum(q.from, q.to),
    previousTotal: sum(previousFrom, previousTo),
    previousFrom,
    previousTo,
  };
  const history: number[] = [];
  for (let d = addDays(last, -27); d <= last; d = addDays(d, 1)) history.push(Number(on(d)) / 1e12);
  const firstSpend = history.findIndex((v) => v !== 0);
  if (firstSpend < 0) return out;
  if (addDays(last, 1).slice(0, 7) === last.slice(0, 7)) {
    const fc = forecastMonth(history.slice(firstSpend), dayNumber(last), Number(monthToDate) / 1e12);
    const m = (v: number) => moneyFromNumber(Math.round(v * 100) / 100);
    out.forecast = { point: m(fc.total), low: m(fc.low), high: m(fc.high) };
  }
  return out;
}

function budgetDaily(
  budgets: readonly BudgetStatus[],
  facts: readonly CostFact[],
  metric: Metric,
): Map<string, Money[]> {
  const out = new Map<string, Money[]>();
  for (const b of budgets) {
    const first = `${b.period}-01`;
    const monthDays = daysIn({ from: first, to: addDays(firstOfMonth(addDays(first, 31)), -1) });
    const index = new Map(monthDays.map((d, i) => [d, i]));
    const daily = monthDays.map(() => 0n);
    for (const f of facts) {
      const i = index.get(f.day);
      if (i === undefined || !inScope(f, b.budget)) continue;
      daily[i] = (daily[i] ?? 0n) + amountOf(f, metric);
    }
    out.set(b.budget.name, daily);
  }
  return out;
}

function idleSummary(entries: readonly IdleAuditEntry[]): IdleSummary {
  const decided = entries.filter((e) => e.action !== 'keep');
  const latest = decided.reduce<string | undefined>(
    (a, e) => (a === undefined || e.at > a ? e.at : a),
    undefined,
  );
  if (latest === undefined) return { decisions: [], savingsPerDay: [] };
  // The latest sweep: its run id; one line per instance (a sweep may warn, then stop).
  const runId = decided.find((e) => e.at === latest)?.runId;
  const byInstance = new Map<string, IdleAuditEntry>();
  for (const e of decided.filter((x) => x.runId === runId))
    byInstance.set(`${e.provider}/${e.account}/${e.instanceId}`, e);
  const decisions = [...byInstance.values()].sort((a, b) => (b.savingsPerDay > a.savingsPerDay ? 1 : -1));
  const savings = new Map<string, Money>();
  for (const e of decisions) savings.set(e.currency, (savings.get(e.currency) ?? 0n) + e.savingsPerDay);
  return {
    decisions,
    savingsPerDay: [...savings].map(([currency, amount]) => ({ currency, amount })),
    sweptAt: latest,
  };
}
