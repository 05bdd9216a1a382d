import {
  type BudgetStatus,
  monthDayLabel,
  scopeLabel,
  type ThresholdCrossing,
} from '../../core/budget/budget.js';
import { context, type SlackMessage, section } from './kit.js';
import { bar, esc, money } from './text.js';

/** "`▓▓▓▓░░░░░░` *llm* (llama): $4,000.00 of $10,000.00 (40%), forecast $9,100.00 (91%), lasts the month" */
export function budgetLine(s: BudgetStatus): string {
  const c = s.budget.currency;
  const eta = s.runsOutOn ? `runs out ${monthDayLabel(s.runsOutOn)}` : 'lasts the month';
  const warn = s.forecastPct >= 100 ? ' ⚠️' : '';
  return (
    `\`${bar(s.spentPct)}\` *${esc(s.budget.name)}* (${esc(scopeLabel(s.budget))}): ` +
    `${money(s.spent, c)} of ${money(s.budget.amount, c)} (${s.spentPct}%), ` +
    `forecast ${money(s.forecast, c)} (${s.forecastPct}%), ${eta}${warn}`
  );
}

/** A threshold crossing, posted once per budget, month, kind and threshold. */
export function budgetAlert(s: BudgetStatus, crossing: ThresholdCrossing): SlackMessage {
  const c = s.budget.currency;
  const title =
    crossing.kind === 'actual'
      ? `💸 *Budget ${esc(s.budget.name)}* passed ${crossing.threshold}% of its monthly amount`
      : `📈 *Budget ${esc(s.budget.name)}* is forecast to reach ${crossing.threshold}% by month end`;
  return {
    text: crossing.message,
    blocks: [
      section(`${title}\n${esc(crossing.message)}`, 'budget'),
      section(budgetLine(s), 'budget_status'),
      context(
        `forecast range ${money(s.forecastLow, c)}..${money(s.forecastHigh, c)} (80%) · as of ${s.asOf} · \`/cost budgets\``,
      ),
    ],
  };
}
