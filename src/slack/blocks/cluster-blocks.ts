import { monthDayLabel } from '../../core/budget/budget.js';
import type { ClusterSummary } from '../../core/clusters/summary.js';
import { LIMITS } from './limits.js';
import { esc, fitLines, money } from './text.js';

const percent = (x: number) => `${Math.round(x * 100)}%`;

/**
 * One line per shared GPU cluster for the rollup: yesterday's bill, its idle part in money and the
 * share of GPU-hours nobody requested, and, loudly, spend that is not split per model yet (OpenCost
 * was unreachable or not pulled), which the next successful run splits.
 */
export function clusterLine(s: ClusterSummary): string {
  const head = `*${esc(s.cluster)}* ${money(s.total, s.currency)}`;
  const idle =
    s.gpuIdleShare === null
      ? `idle ${money(s.idle, s.currency)}`
      : `idle ${money(s.idle, s.currency)} (${percent(s.gpuIdleShare)} of GPU-hours)`;
  const top = s.models
    .slice(0, 3)
    .map((m) => `${esc(m.model)} ${money(m.cost, s.currency)}`)
    .join(', ');
  const line = `${head} · ${idle}${top ? ` · ${top}` : ''}`;
  if (s.unsplit === 0n) return line;
  const days = s.unsplitDays.map(monthDayLabel).join(', ');
  return (
    `${line}\n:warning: ${money(s.unsplit, s.currency)} not split per model (no OpenCost allocations for ${days}): ` +
    `shown as \`${esc(s.cluster)} (unsplit)\` until the next run reaches its OpenCost.`
  );
}

/** The rollup's cluster section, or undefined when no cluster is configured. */
export function clustersText(summaries: readonly ClusterSummary[] | undefined): string | undefined {
  if (!summaries || summaries.length === 0) return undefined;
  return fitLines(
    ['*GPU clusters* (yesterday)', ...summaries.map(clusterLine)],
    LIMITS.sectionText,
    (n) => `…and ${n} more clusters (\`costguard clusters\`)`,
  );
}
