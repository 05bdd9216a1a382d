import { canonicalAnomalyId } from '../core/anomaly/anomaly-id.js';
import { latestMarks } from '../core/anomaly/feedback.js';
import { coveredBy } from '../core/anomaly/same-change.js';
import type { AnomalyRecord } from '../core/anomaly/types.js';
import { type BudgetStatus, budgetWindowStart, evaluateBudget } from '../core/budget/budget.js';
import { clusterSummaries } from '../core/clusters/summary.js';
import type { CostFact } from '../core/cost-fact.js';
import { dayNumber, dayString, daysBefore } from '../core/day.js';
import { buildRollupSpend, DEFAULT_ROLLUP, rollupFrom } from '../core/rollup.js';
import type { RollupView } from './blocks/rollup-blocks.js';
import type { SlackDeps } from './ports.js';

/** Facts from the store for [from, to]. */
export const factsIn = (deps: SlackDeps, from: string, to: string) => deps.costs.queryFacts({ from, to });

/** Budget status as of `day` for every configured budget (facts must cover 28 days and the month). */
export function budgetStatuses(deps: SlackDeps, facts: readonly CostFact[], day: string): BudgetStatus[] {
  return deps.budgets.map((b) => evaluateBudget(b, facts, day, deps.settings.metric));
}

/**
 * Anomalies of the last `days` days up to `day` that still need a look: new or ongoing, and not
 * marked expected since (a mark made in Slack or with `costguard anomalies mark`).
 */
export async function openAnomalies(deps: SlackDeps, day: string, days = 7): Promise<AnomalyRecord[]> {
  const from = dayString(dayNumber(day) - days + 1);
  const [found, marks] = await Promise.all([
    deps.anomalies.listAnomalies({ from, to: day }),
    deps.anomalies.listMarks({ from, to: day }),
  ]);
  const expected = new Set(
    latestMarks(marks)
      .filter((m) => m.verdict === 'expected')
      .map((m) => canonicalAnomalyId(m.anomalyId)),
  );
  // One line per change: a broader series showing the same change as a more specific one is left out.
  const shown = found.filter((a) => a.status !== 'suppressed' && !expected.has(canonicalAnomalyId(a.id)));
  const covered = coveredBy(shown);
  return shown
    .filter((a) => !covered.has(a.id))
    .sort((a, b) => (a.day !== b.day ? (a.day < b.day ? 1 : -1) : a.impact > b.impact ? -1 : 1));
}

/** Everything the daily rollup of `day` shows, read from the stores. */
export async function loadRollupView(deps: SlackDeps, day: string): Promise<RollupView> {
  const from = [rollupFrom(day), budgetWindowStart(day)].sort()[0] as string;
  const facts = await factsIn(deps, from, day);
  const now = deps.clock.now();
  const [anomalies, idle, sources] = await Promise.all([
    openAnomalies(deps, day),
    deps.idleActivity.since(daysBefore(now, 1).toISOString()),
    deps.sources.list(),
  ]);
  const clusters = deps.clusters ?? [];
  const allocations =
    clusters.length && deps.allocations
      ? await deps.allocations.queryAllocations({ from: day, to: day, clusters: clusters.map((c) => c.name) })
      : [];
  return {
    ...(clusters.length
      ? {
          clusters: clusterSummaries(
            facts.filter((f) => f.day === day),
            allocations,
            clusters,
          ),
        }
      : {}),
    spend: buildRollupSpend(facts, day, {
      ...DEFAULT_ROLLUP,
      metric: deps.settings.metric,
      unattributed: deps.settings.unattributed,
    }),
    budgets: budgetStatuses(deps, facts, day),
    anomalies,
    idle,
    sources,
    unattributed: deps.settings.unattributed,
    chart: deps.settings.chart,
  };
}
