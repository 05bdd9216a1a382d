import type { CostguardConfig } from '../config/schema.js';
import { dayNumber, dayString } from '../core/anomaly/days.js';
import { DEFAULT_DETECTOR } from '../core/anomaly/detector.js';
import { DEFAULT_JUDGE, type JudgeSettings, judgeDay, withThreshold } from '../core/anomaly/judge.js';
import type { AnomalyStore, BudgetAlertStore } from '../core/anomaly/ports.js';
import type { AnomalyRecord, SeriesLevel } from '../core/anomaly/types.js';
import { type Budget, type BudgetStatus, evaluateBudget } from '../core/budget/budget.js';
import { moneyOf } from '../core/money.js';
import type { Clock, CostStore } from '../core/ports.js';
import { claimAndDeliver } from './budget-delivery.js';

export function judgeSettings(config: CostguardConfig, minImpact?: number, drops?: boolean): JudgeSettings {
  const a = config.anomalies;
  return {
    ...DEFAULT_JUDGE,
    metric: a.metric,
    levels: a.levels as SeriesLevel[],
    suppressDays: a.suppressDays,
    series: a.series.map((r) => ({ ...r, match: r.match as JudgeSettings['series'][number]['match'] })),
    detector: {
      ...DEFAULT_DETECTOR,
      ...withThreshold(a.threshold),
      minImpact: minImpact ?? a.minImpact,
      drops: drops ?? a.drops,
    },
  };
}

export function budgetsOf(config: CostguardConfig): Budget[] {
  return config.budgets.map((b) => ({
    name: b.name,
    scope: {
      ...(b.model !== undefined ? { model: b.model } : {}),
      ...(b.stage !== undefined ? { stage: b.stage } : {}),
      ...(b.provider !== undefined ? { provider: b.provider } : {}),
    },
    amount: moneyOf(b.amount),
    currency: b.currency.toUpperCase(),
    thresholds: b.thresholds,
  }));
}

/** The latest day with data in the 400 days up to `today`, or undefined for an empty store. */
export async function latestDay(cost: CostStore, today: string): Promise<string | undefined> {
  const recent = await cost.queryFacts({ from: dayString(dayNumber(today) - 400), to: today });
  let latest = '';
  for (const f of recent) if (f.day > latest) latest = f.day;
  return latest || undefined;
}

export interface DetectInput {
  config: CostguardConfig;
  cost: CostStore;
  anomalies: AnomalyStore;
  settings: JudgeSettings;
  day: string;
  clock: Clock;
}

/** Judges `day` on every stored series and saves what it found (upsert: a re-run never doubles). */
export async function detectAnomalies(i: DetectInput): Promise<AnomalyRecord[]> {
  const from = dayString(dayNumber(i.day) - i.config.anomalies.lookbackDays + 1);
  const facts = await i.cost.queryFacts({ from, to: i.day });
  const marks = await i.anomalies.listMarks({
    from: dayString(dayNumber(i.day) - i.settings.suppressDays),
    to: i.day,
  });
  const found = judgeDay(facts, i.day, from, i.settings, marks, i.clock.now());
  await i.anomalies.saveAnomalies(found);
  return found;
}

export interface BudgetCheck {
  statuses: BudgetStatus[];
  /** Crossings that alerted for the first time in this period on this run. */
  alerts: { budget: string; kind: string; threshold: number; message: string }[];
}

/** Evaluates every budget as of `asOf`; each threshold crossing is claimed once per period. */
export async function checkBudgets(i: {
  config: CostguardConfig;
  cost: CostStore;
  alerts: BudgetAlertStore;
  asOf: string;
  clock: Clock;
  /** Sends one new alert (Slack); a failure releases its claim so the next run sends it again. */
  deliver?: (alert: BudgetCheck['alerts'][number], status: BudgetStatus) => Promise<void>;
}): Promise<BudgetCheck> {
  const run: BudgetCheck = { statuses: [], alerts: [] };
  const from = dayString(Math.min(dayNumber(`${i.asOf.slice(0, 8)}01`), dayNumber(i.asOf) - 27));
  const facts = await i.cost.queryFacts({ from, to: i.asOf });
  for (const b of budgetsOf(i.config)) {
    const s = evaluateBudget(b, facts, i.asOf, i.config.anomalies.metric);
    run.statuses.push(s);
    for (const c of s.crossed) {
      const alert = { budget: b.name, kind: c.kind, threshold: c.threshold, message: c.message };
      const r = await claimAndDeliver(
        i.alerts,
        { ...alert, period: s.period, at: i.clock.now().toISOString() },
        async () => i.deliver?.(alert, s),
      );
      if (r === 'delivered') run.alerts.push(alert);
    }
  }
  return run;
}
