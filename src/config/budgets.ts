import type { Budget } from '../core/budget/budget.js';
import { moneyOf } from '../core/money.js';
import type { CostguardConfig } from './schema.js';

/** The config's `budgets:` as the domain's budgets (exact amounts, upper-case currencies). */
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
