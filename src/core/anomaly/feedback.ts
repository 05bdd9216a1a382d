import { dayNumber } from '../day.js';
import { canonicalAnomalyId } from './anomaly-id.js';
import type { AnomalyMark } from './types.js';

/**
 * The latest mark of each anomaly (marks can be changed: expected, then real); a mark made under an
 * anomaly's old long id and one under its short id are marks of the same anomaly.
 */
export function latestMarks(marks: readonly AnomalyMark[]): AnomalyMark[] {
  const byId = new Map<string, AnomalyMark>();
  for (const m of marks) {
    const id = canonicalAnomalyId(m.anomalyId);
    const prev = byId.get(id);
    if (!prev || m.at >= prev.at) byId.set(id, m);
  }
  return [...byId.values()];
}

/**
 * The 'expected' mark that silences an anomaly: same series, direction and top cause, on a day within
 * `suppressDays` before it (a planned training run marked once does not re-alert every day it runs).
 */
export function suppressingMark(
  a: { seriesId: string; day: string; direction: string; cause: string },
  marks: readonly AnomalyMark[],
  suppressDays: number,
  /**
   * The anomaly continues an episode (the series alerted the day before in the same direction): a mark
   * on the episode applies to all of it, whatever today's largest cause is.
   */
  ongoing = false,
): AnomalyMark | undefined {
  const day = dayNumber(a.day);
  return latestMarks(marks)
    .filter((m) => m.verdict === 'expected')
    .filter(
      (m) => m.seriesId === a.seriesId && m.direction === a.direction && (ongoing || m.cause === a.cause),
    )
    .filter((m) => {
      const d = day - dayNumber(m.day);
      return d >= 0 && d <= suppressDays;
    })
    .sort((x, y) => (x.day < y.day ? 1 : -1))[0];
}
