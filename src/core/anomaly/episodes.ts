import { addDays } from '../day.js';
import type { Money } from '../money.js';
import type { Direction } from './alerts.js';
import type { AnomalyRecord, Contribution, SeriesKey } from './types.js';

/** One anomaly as a person sees it: a series off its expectation for one or more consecutive days. */
export interface Episode {
  seriesId: string;
  /** The series in words: "llama3-70b, train (USD)", "AWS: Amazon EC2 (USD)", "all spend (EUR)". */
  label: string;
  currency: string;
  direction: Direction;
  firstDay: string;
  lastDay: string;
  days: number;
  /** Sum of the daily impacts (actual - expected). */
  impact: Money;
  /** The first day's explanation and the largest day's root cause. */
  explanation: string;
  rootCause: readonly Contribution[];
}

/** The human label of a series: never the internal key (`model-stage|recsys-home|eval|USD`). */
export function seriesLabel(k: SeriesKey): string {
  const what =
    k.level === 'total'
      ? 'all spend'
      : k.level === 'provider'
        ? (k.provider ?? '')
        : k.level === 'service'
          ? `${k.provider ? `${k.provider}: ` : ''}${k.service ?? ''}`
          : k.level === 'model'
            ? (k.model ?? '')
            : `${k.model ?? ''}, ${k.stage ?? ''}`;
  return `${what} (${k.currency})`;
}

/** Consecutive days of the same series and direction are one episode; newest episodes first. */
export function episodesOf(records: readonly AnomalyRecord[]): Episode[] {
  const sorted = [...records].sort((a, b) =>
    a.seriesId === b.seriesId ? (a.day < b.day ? -1 : 1) : a.seriesId < b.seriesId ? -1 : 1,
  );
  const out: (Episode & { peak: Money })[] = [];
  let open: (Episode & { peak: Money }) | undefined;
  for (const r of sorted) {
    const continues =
      open &&
      open.seriesId === r.seriesId &&
      open.direction === r.direction &&
      addDays(open.lastDay, 1) === r.day;
    const size = r.impact < 0n ? -r.impact : r.impact;
    if (open && continues) {
      open.lastDay = r.day;
      open.days += 1;
      open.impact += r.impact;
      if (size > open.peak) {
        open.peak = size;
        open.rootCause = r.rootCause;
      }
      continue;
    }
    if (open) out.push(open);
    open = {
      seriesId: r.seriesId,
      label: seriesLabel(r.series),
      currency: r.currency,
      direction: r.direction,
      firstDay: r.day,
      lastDay: r.day,
      days: 1,
      impact: r.impact,
      explanation: r.explanation,
      rootCause: r.rootCause,
      peak: size,
    };
  }
  if (open) out.push(open);
  return out
    .map(({ peak: _, ...e }) => e)
    .sort((a, b) =>
      a.firstDay === b.firstDay ? (a.label < b.label ? -1 : 1) : a.firstDay < b.firstDay ? 1 : -1,
    );
}
