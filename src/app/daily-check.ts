import { budgetsOf } from '../config/budgets.js';
import type { CostguardConfig } from '../config/schema.js';
import { DEFAULT_DETECTOR } from '../core/anomaly/detector.js';
import { DEFAULT_JUDGE, type JudgeSettings, judgeDay, withThreshold } from '../core/anomaly/judge.js';
import type {
  AlertSink,
  AnomalyStore,
  BudgetAlert,
  BudgetAlertRecord,
  BudgetAlertStore,
  EpisodeUpdate,
} from '../core/anomaly/ports.js';
import { oneAlertPerChange } from '../core/anomaly/same-change.js';
import type { AnomalyRecord, SeriesLevel } from '../core/anomaly/types.js';
import { type Budget, type BudgetStatus, budgetWindowStart, evaluateBudget } from '../core/budget/budget.js';
import type { Metric } from '../core/cost-line.js';
import { dayNumber, dayString, utcDay, yesterday } from '../core/day.js';
import type { Clock, CostStore } from '../core/ports.js';
import { claimAndDeliver } from './budget-delivery.js';

// The daily check, one use case for every runtime: judge the latest day for anomalies, evaluate the
// budgets, deliver what is new. The detect function, `costguard anomalies`, `costguard budgets` and
// the demo call these; they only parse input and format output.

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
  /** Crossings delivered for the first time in this period on this run (or, reporting, not sent yet). */
  alerts: BudgetAlert[];
}

/**
 * Evaluates every budget as of `asOf`. Delivering (`deliver` given), each threshold crossing is
 * claimed once per period and handed to `deliver`; a delivery that throws gives the claim back, so
 * the next run sends it. Reporting (`deliver` absent), crossings not delivered yet are listed and
 * nothing is claimed: `costguard budgets` with Slack configured never steals an alert from Slack.
 */
export async function checkBudgets(i: {
  budgets: readonly Budget[];
  metric: Metric;
  cost: CostStore;
  alerts: BudgetAlertStore;
  asOf: string;
  clock: Clock;
  deliver?: (alert: BudgetAlert, status: BudgetStatus) => Promise<void>;
}): Promise<BudgetCheck> {
  const run: BudgetCheck = { statuses: [], alerts: [] };
  const facts = await i.cost.queryFacts({ from: budgetWindowStart(i.asOf), to: i.asOf });
  // Every budget of one check shares its period: read what was sent once per period, not per budget.
  const sentByPeriod = new Map<string, Promise<BudgetAlertRecord[]>>();
  const sentIn = (period: string) => {
    let p = sentByPeriod.get(period);
    if (!p) {
      p = i.alerts.listBudgetAlerts(period);
      sentByPeriod.set(period, p);
    }
    return p;
  };
  for (const b of i.budgets) {
    const s = evaluateBudget(b, facts, i.asOf, i.metric);
    run.statuses.push(s);
    const sent = i.deliver ? [] : await sentIn(s.period);
    for (const c of s.crossed) {
      const alert = { budget: b.name, kind: c.kind, threshold: c.threshold, message: c.message };
      if (!i.deliver) {
        const already = sent.some(
          (x) => x.budget === b.name && x.kind === c.kind && x.threshold === c.threshold,
        );
        if (!already) run.alerts.push(alert);
        continue;
      }
      const deliver = i.deliver;
      const r = await claimAndDeliver(
        i.alerts,
        { ...alert, period: s.period, at: i.clock.now().toISOString() },
        () => deliver(alert, s),
      );
      if (r === 'delivered') run.alerts.push(alert);
    }
  }
  return run;
}

export interface DailyCheckDeps {
  config: CostguardConfig;
  cost: CostStore;
  store: AnomalyStore & BudgetAlertStore;
  clock: Clock;
  sink: AlertSink;
}

export interface DailyCheckResult {
  /** The day judged; null when the store holds no cost data yet. */
  day: string | null;
  anomalies: AnomalyRecord[];
  /** The anomalies that alerted (new episodes, one per change across levels). */
  fresh: AnomalyRecord[];
  budgets: BudgetCheck;
}

/** How far back an episode's first day is looked for (an episode longer than this counts from here). */
const EPISODE_LOOKBACK_DAYS = 60;

/**
 * Each ongoing anomaly's episode: the consecutive earlier days of the same series and direction in
 * the store, back to the first (whose alert was posted), with the summed impact.
 */
export async function episodeUpdates(
  store: AnomalyStore,
  ongoing: readonly AnomalyRecord[],
): Promise<EpisodeUpdate[]> {
  const day = ongoing[0]?.day;
  if (!day) return [];
  const earlier = await store.listAnomalies({
    from: dayString(dayNumber(day) - EPISODE_LOOKBACK_DAYS),
    to: dayString(dayNumber(day) - 1),
  });
  const byKey = new Map(earlier.map((a) => [`${a.seriesId}\u001f${a.direction}\u001f${a.day}`, a]));
  return ongoing.map((today) => {
    let first = today;
    let impact = today.impact;
    let days = 1;
    for (;;) {
      const prev = byKey.get(
        `${today.seriesId}\u001f${today.direction}\u001f${dayString(dayNumber(first.day) - 1)}`,
      );
      if (!prev) break;
      first = prev;
      impact += prev.impact;
      days += 1;
    }
    return { today, firstId: first.id, firstDay: first.day, days, impact };
  });
}

/**
 * The daily check: anomalies on `date` (default the latest day with data), new ones to the sink;
 * budgets as of `date` (default yesterday, the last complete day), each crossing delivered once.
 */
export async function runDailyCheck(
  d: DailyCheckDeps,
  opts: { date?: string } = {},
): Promise<DailyCheckResult> {
  const today = utcDay(d.clock.now());
  const day = opts.date ?? (await latestDay(d.cost, today));
  const none: BudgetCheck = { statuses: [], alerts: [] };
  if (!day) return { day: null, anomalies: [], fresh: [], budgets: none };
  const found = await detectAnomalies({
    config: d.config,
    cost: d.cost,
    anomalies: d.store,
    settings: judgeSettings(d.config),
    day,
    clock: d.clock,
  });
  // One alert per change: a broader series showing the same change is a context line, not an alert.
  const changes = oneAlertPerChange(found);
  const fresh = changes.filter((c) => c.alert.status === 'new').map((c) => c.alert);
  if (fresh.length) await d.sink.anomalies(fresh, new Map(changes.map((c) => [c.alert.id, c.context])));
  // Episodes that alerted before and go on: their running totals go to the first alert's thread.
  const ongoing = changes.filter((c) => c.alert.status === 'ongoing').map((c) => c.alert);
  if (ongoing.length && d.sink.ongoing) await d.sink.ongoing(await episodeUpdates(d.store, ongoing));
  const budgets = d.config.budgets.length
    ? await checkBudgets({
        budgets: budgetsOf(d.config),
        metric: d.config.anomalies.metric,
        cost: d.cost,
        alerts: d.store,
        asOf: opts.date ?? yesterday(d.clock.now()),
        clock: d.clock,
        deliver: (a, s) => d.sink.budget(a, s),
      })
    : none;
  return { day, anomalies: found, fresh, budgets };
}
