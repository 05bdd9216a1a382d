import { money as explainMoney } from '../anomaly/explain.js';
import { toNumber } from '../anomaly/series.js';
import type { CostFact } from '../cost-fact.js';
import { amountOf, type Metric } from '../cost-line.js';
import { dayNumber, dayString } from '../day.js';
import { type Money, moneyFromNumber } from '../money.js';
import { forecastMonth } from './forecast.js';

export interface BudgetScope {
  model?: string;
  stage?: string;
  provider?: string;
}

export interface Budget {
  name: string;
  scope: BudgetScope;
  /** Monthly amount. */
  amount: Money;
  currency: string;
  thresholds: { actual: readonly number[]; forecast: readonly number[] };
}

export interface ThresholdCrossing {
  kind: 'actual' | 'forecast';
  threshold: number;
  message: string;
}

export interface BudgetStatus {
  budget: Budget;
  period: string;
  asOf: string;
  spent: Money;
  forecast: Money;
  forecastLow: Money;
  forecastHigh: Money;
  /** Percent of the budget, one decimal. */
  spentPct: number;
  forecastPct: number;
  /** Day the budget runs out at this pace, when within the month (or already past). */
  runsOutOn?: string;
  crossed: ThresholdCrossing[];
  /** One line for Slack and the table. */
  summary: string;
}

export function inScope(f: CostFact, b: Budget): boolean {
  return (
    f.currency === b.currency &&
    (b.scope.model === undefined || f.model === b.scope.model) &&
    (b.scope.stage === undefined || f.stage === b.scope.stage) &&
    (b.scope.provider === undefined || f.provider === b.scope.provider)
  );
}

export function scopeLabel(b: Budget): string {
  const parts = [b.scope.provider, b.scope.model, b.scope.stage].filter((p) => p !== undefined);
  return parts.length ? parts.join(' ') : 'total';
}

const pct = (part: Money, whole: Money) => (whole === 0n ? 0 : Number((part * 1000n) / whole) / 10);
const est = (v: number) => moneyFromNumber(Math.round(v * 1e6) / 1e6);

/**
 * The first day of the facts a budget check reads as of `asOf`: the month so far, and at least the 28
 * days the burn rate and forecast look at (on the 3rd, that reaches into last month).
 */
export function budgetWindowStart(asOf: string): string {
  return dayString(Math.min(dayNumber(`${asOf.slice(0, 8)}01`), dayNumber(asOf) - 27));
}

/**
 * A budget's state at the end of day `asOf`: month-to-date (exact), month-end forecast with interval,
 * burn-rate ETA and the thresholds it has crossed. `facts` must cover at least the month so far and
 * ideally 28 days before `asOf`.
 */
export function evaluateBudget(
  b: Budget,
  facts: readonly CostFact[],
  asOf: string,
  metric: Metric,
): BudgetStatus {
  const end = dayNumber(asOf);
  const monthStart = dayNumber(`${asOf.slice(0, 8)}01`);
  const first = dayNumber(budgetWindowStart(asOf));
  const daily = new Array<Money>(end - first + 1).fill(0n);
  for (const f of facts) {
    const i = dayNumber(f.day) - first;
    if (i < 0 || i >= daily.length || !inScope(f, b)) continue;
    daily[i] = (daily[i] as Money) + amountOf(f, metric);
  }
  const monthDaily = daily.slice(monthStart - first);
  const spent = monthDaily.reduce((a, v) => a + v, 0n);
  // History starts at the first day with spend, so a new budget is not averaged with empty weeks.
  const firstSpend = daily.findIndex((v) => v !== 0n);
  const history = (firstSpend < 0 ? daily.slice(-1) : daily.slice(firstSpend)).map(toNumber);
  const fc = forecastMonth(history, end, toNumber(spent));
  const forecast = est(fc.total);
  let runsOutOn: string | undefined;
  let cum = 0n;
  monthDaily.forEach((v, i) => {
    cum += v;
    if (runsOutOn === undefined && cum >= b.amount) runsOutOn = dayString(monthStart + i);
  });
  let cumF = toNumber(spent);
  const amountN = toNumber(b.amount);
  fc.remaining.forEach((v, k) => {
    cumF += v;
    if (runsOutOn === undefined && cumF >= amountN) runsOutOn = dayString(end + 1 + k);
  });
  const spentPct = pct(spent, b.amount);
  const forecastPct = pct(forecast, b.amount);
  const label = `${b.name} (${scopeLabel(b)})`;
  const crossed: ThresholdCrossing[] = [
    ...b.thresholds.actual
      .filter((t) => spentPct >= t)
      .map((t) => ({
        kind: 'actual' as const,
        threshold: t,
        message: `${label}: ${explainMoney(spent, b.currency)} spent, ${spentPct}% of ${explainMoney(b.amount, b.currency)} (threshold ${t}%)`,
      })),
    ...b.thresholds.forecast
      .filter((t) => forecastPct >= t)
      .map((t) => ({
        kind: 'forecast' as const,
        threshold: t,
        message: `${label}: forecast ${explainMoney(forecast, b.currency)} by month end, ${forecastPct}% of ${explainMoney(b.amount, b.currency)} (threshold ${t}% of forecast)`,
      })),
  ];
  const eta = runsOutOn
    ? `at this pace the ${b.name} budget runs out on ${monthDayLabel(runsOutOn)}`
    : `at this pace the ${b.name} budget lasts the month`;
  const summary =
    `${label}: ${explainMoney(spent, b.currency)} of ${explainMoney(b.amount, b.currency)} (${spentPct}%), ` +
    `forecast ${explainMoney(forecast, b.currency)} (${explainMoney(est(fc.low), b.currency)}..${explainMoney(est(fc.high), b.currency)}); ${eta}`;
  return {
    budget: b,
    period: asOf.slice(0, 7),
    asOf,
    spent,
    forecast,
    forecastLow: est(fc.low),
    forecastHigh: est(fc.high),
    spentPct,
    forecastPct,
    ...(runsOutOn ? { runsOutOn } : {}),
    crossed,
    summary,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-27" -> "Nov 27" */
export function monthDayLabel(day: string): string {
  return `${MONTHS[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}`;
}
