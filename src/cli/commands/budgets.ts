import { claimAndDeliver } from '../../app/budget-delivery.js';
import { budgetsOf } from '../../app/detect.js';
import { loadConfig } from '../../config/load.js';
import { dayNumber, dayString } from '../../core/anomaly/days.js';
import { type BudgetStatus, evaluateBudget, scopeLabel } from '../../core/budget/budget.js';
import { InvalidInputError } from '../../core/errors.js';
import { formatMoney, moneyToNumber } from '../../core/money.js';
import { DuckDbAnomalyStore } from '../../store/duckdb/duckdb-anomaly-store.js';
import { DuckDbCostStore } from '../../store/duckdb/duckdb-cost-store.js';
import type { CliContext } from '../context.js';
import { parseDay, utcDay } from '../dates.js';
import { groupThousands, paint, renderTable } from '../output.js';

export interface BudgetsOptions {
  config?: string;
  db?: string;
  date?: string;
  format?: string;
}

export { budgetsOf } from '../../app/detect.js';

export interface BudgetRun {
  statuses: BudgetStatus[];
  /** Crossings that alerted for the first time in this period on this run. */
  alerts: { budget: string; kind: string; threshold: number; message: string }[];
}

/**
 * `costguard budgets`: status, forecast and burn rate per configured budget; new crossings alert once.
 * Without Slack the CLI's output is the alert and the CLI claims it; with Slack configured the bot
 * claims and posts (src/app/budget-delivery.ts), and the CLI lists crossings not posted yet.
 */
export async function runBudgets(ctx: CliContext, opts: BudgetsOptions): Promise<BudgetRun> {
  const format = (opts.format ?? (ctx.io.isTty ? 'table' : 'json')).toLowerCase();
  if (format !== 'table' && format !== 'json')
    throw new InvalidInputError(`--format must be table or json; got "${opts.format}".`);
  const config = loadConfig(opts.config);
  const budgets = budgetsOf(config);
  if (budgets.length === 0)
    throw new InvalidInputError(
      'no budgets configured: add a `budgets:` list to costguard.config.yaml (see README).',
    );
  // A day's data is complete once the day is over: judge through yesterday (UTC) unless told.
  const asOf = opts.date ? parseDay('--date', opts.date) : dayString(dayNumber(utcDay(ctx.clock.now())) - 1);
  const from = dayString(Math.min(dayNumber(`${asOf.slice(0, 8)}01`), dayNumber(asOf) - 27));
  const cost = await DuckDbCostStore.open(opts.db ?? config.store.path);
  const run: BudgetRun = { statuses: [], alerts: [] };
  const slack = config.slack !== undefined;
  try {
    const store = await DuckDbAnomalyStore.on(cost);
    const facts = await cost.queryFacts({ from, to: asOf });
    for (const b of budgets) {
      const s = evaluateBudget(b, facts, asOf, config.anomalies.metric);
      run.statuses.push(s);
      for (const c of s.crossed) {
        const alert = { budget: b.name, kind: c.kind, threshold: c.threshold, message: c.message };
        // With Slack configured, Slack delivers budget alerts and owns the claims (claimAndDeliver);
        // the CLI reports crossings without claiming, so it never steals an alert from the channel.
        if (slack) {
          const sent = await store.listBudgetAlerts(s.period);
          const already = sent.some(
            (x) => x.budget === b.name && x.kind === c.kind && x.threshold === c.threshold,
          );
          if (!already) run.alerts.push(alert);
          continue;
        }
        const r = await claimAndDeliver(
          store,
          { ...alert, period: s.period, at: ctx.clock.now().toISOString() },
          async () => {
            run.alerts.push(alert);
          },
        );
        if (r === 'already-sent') continue;
      }
    }
  } finally {
    await cost.close();
  }
  ctx.io.out(format === 'json' ? JSON.stringify(budgetsJson(asOf, run)) : budgetsTable(ctx, asOf, run));
  return run;
}

export function budgetsJson(asOf: string, run: BudgetRun) {
  return {
    asOf,
    budgets: run.statuses.map((s) => ({
      name: s.budget.name,
      scope: s.budget.scope,
      currency: s.budget.currency,
      period: s.period,
      amount: moneyToNumber(s.budget.amount),
      spent: moneyToNumber(s.spent),
      spentPct: s.spentPct,
      forecast: moneyToNumber(s.forecast),
      forecastLow: moneyToNumber(s.forecastLow),
      forecastHigh: moneyToNumber(s.forecastHigh),
      forecastPct: s.forecastPct,
      runsOutOn: s.runsOutOn ?? null,
      summary: s.summary,
    })),
    alerts: run.alerts,
  };
}

const m = (v: bigint) => groupThousands(formatMoney(v));

function budgetsTable(ctx: CliContext, asOf: string, run: BudgetRun): string {
  const rows = run.statuses.map((s) => [
    s.budget.name,
    scopeLabel(s.budget),
    s.budget.currency,
    m(s.budget.amount),
    m(s.spent),
    `${s.spentPct.toFixed(1)}%`,
    `${m(s.forecast)} (${m(s.forecastLow)}..${m(s.forecastHigh)})`,
    s.forecastPct >= 100
      ? paint(ctx.io, 'red', `${s.forecastPct.toFixed(1)}%`)
      : `${s.forecastPct.toFixed(1)}%`,
    s.runsOutOn ?? '-',
  ]);
  const table = renderTable(
    [
      { header: 'BUDGET' },
      { header: 'SCOPE' },
      { header: 'CUR' },
      { header: 'AMOUNT', align: 'right' },
      { header: 'SPENT', align: 'right' },
      { header: '%', align: 'right' },
      { header: 'FORECAST (80%)', align: 'right' },
      { header: 'F%', align: 'right' },
      { header: 'RUNS OUT' },
    ],
    rows,
  );
  const alerts = run.alerts.map((a) => `${paint(ctx.io, 'bold', 'ALERT')} ${a.message}`);
  const lines = run.statuses.map((s) => s.summary);
  return [
    `Budgets as of ${asOf} (month ${asOf.slice(0, 7)})`,
    table,
    '',
    ...lines,
    ...(alerts.length ? ['', ...alerts] : []),
  ].join('\n');
}
