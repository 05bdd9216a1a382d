import { type BudgetCheck, checkBudgets } from '../../app/daily-check.js';
import { budgetsOf } from '../../config/budgets.js';
import { ConfigError } from '../../config/errors.js';
import { loadConfig } from '../../config/load.js';
import { scopeLabel } from '../../core/budget/budget.js';
import { yesterday } from '../../core/day.js';
import { formatMoney, moneyToNumber } from '../../core/money.js';
import type { CliContext } from '../context.js';
import { outputFormat } from '../conventions.js';
import { parseDay } from '../dates.js';
import { groupThousands, paint, renderCsv, renderTable } from '../output.js';
import { withStore } from '../wiring.js';

export interface BudgetsOptions {
  config?: string;
  db?: string;
  date?: string;
  format?: string;
}

export type BudgetRun = BudgetCheck;

/**
 * `costguard budgets`: status, forecast and burn rate per configured budget; new crossings alert once.
 * Without Slack the CLI's output is the delivery and the CLI claims; with Slack configured the bot
 * claims and posts, and the CLI only lists crossings not posted yet (src/app/daily-check.ts).
 */
export async function runBudgets(ctx: CliContext, opts: BudgetsOptions): Promise<BudgetRun> {
  const format = outputFormat(ctx.io, { formats: ['table', 'json', 'csv'] }, opts.format);
  const config = ctx.wiring?.config ?? loadConfig(opts.config);
  if (config.budgets.length === 0)
    throw new ConfigError(
      'no budgets configured: add a `budgets:` list to costguard.config.yaml (see README).',
    );
  // A day's data is complete once the day is over: judge through yesterday (UTC) unless told.
  const asOf = opts.date ? parseDay('--date', opts.date) : yesterday(ctx.clock.now());
  let empty: string | undefined;
  const run: BudgetRun = await withStore(
    ctx,
    opts,
    async (w) => {
      // Nothing stored: "0% spent" would be a claim about spend never seen.
      if ((await w.cost.listImports()).length === 0) {
        empty = w.path;
        return { statuses: [], alerts: [] };
      }
      return checkBudgets({
        budgets: budgetsOf(config),
        metric: config.anomalies.metric,
        cost: w.cost,
        alerts: await w.anomalies(),
        asOf,
        clock: ctx.clock,
        ...(config.slack === undefined ? { deliver: async () => {} } : {}),
      });
    },
    config,
  );
  if (empty !== undefined) {
    const note = `The store ${empty} holds no cost data yet: no budget status to show. Import a billing export (\`costguard import FILE\`) or pull from the clouds (\`costguard ingest\`).`;
    ctx.io.out(
      format === 'json' ? JSON.stringify({ ...budgetsJson(asOf, run), empty: true, message: note }) : note,
    );
    return run;
  }
  ctx.io.out(
    format === 'json'
      ? JSON.stringify(budgetsJson(asOf, run))
      : format === 'csv'
        ? budgetsCsv(asOf, run)
        : budgetsTable(ctx, asOf, run),
  );
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

function budgetsCsv(asOf: string, run: BudgetRun): string {
  const x = (v: bigint) => formatMoney(v, 6);
  return renderCsv(
    [
      'as_of',
      'budget',
      'scope',
      'currency',
      'period',
      'amount',
      'spent',
      'spent_pct',
      'forecast',
      'forecast_pct',
      'runs_out_on',
    ],
    run.statuses.map((s) => [
      asOf,
      s.budget.name,
      scopeLabel(s.budget),
      s.budget.currency,
      s.period,
      x(s.budget.amount),
      x(s.spent),
      s.spentPct.toFixed(1),
      x(s.forecast),
      s.forecastPct.toFixed(1),
      s.runsOutOn ?? '',
    ]),
  );
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
