import type { AnomalyRecord, CauseDimension, SeriesLevel } from './types.js';

/**
 * One alert per change across levels. A change shows at several levels at once: a model's spend and
 * its train stage's, a service and the model that drives it, a provider and everything on it. The
 * most specific series that explains most of a broader one's change (SAME_CHANGE_SHARE of its impact,
 * same day, currency and direction, and lying within it) stands for both; the broader one becomes a
 * context line of that alert instead of an alert of its own.
 */
export const SAME_CHANGE_SHARE = 0.8;

const RANK: Readonly<Record<SeriesLevel, number>> = {
  total: 0,
  provider: 1,
  service: 2,
  model: 3,
  'model-stage': 4,
};

const abs = (m: bigint) => (m < 0n ? -m : m);

/** The record's root cause names `dimension=value` with at least `share` of the change. */
const causes = (r: AnomalyRecord, dimension: CauseDimension, value: string | undefined, share: number) =>
  value !== undefined &&
  r.rootCause.some((c) => c.dimension === dimension && c.value === value && c.share >= share);

/** `inner` lies within `outer`: by its key, or (across the model and service hierarchies) by a root cause. */
function within(inner: AnomalyRecord, outer: AnomalyRecord, share: number): boolean {
  const i = inner.series;
  const o = outer.series;
  switch (o.level) {
    case 'total':
      return true;
    case 'provider':
      return i.provider === o.provider || causes(inner, 'provider', o.provider, share);
    case 'service':
      return (
        (i.provider === o.provider && i.service === o.service) ||
        causes(inner, 'service', o.service, share) ||
        causes(outer, 'model', i.model, share)
      );
    case 'model':
      return i.level === 'model-stage' && i.model === o.model;
    default:
      return false;
  }
}

/** `p` stands for `q`: more specific, within it, and most of its change (same day, currency, direction). */
export function explains(p: AnomalyRecord, q: AnomalyRecord, share = SAME_CHANGE_SHARE): boolean {
  if (p.day !== q.day || p.currency !== q.currency || p.direction !== q.direction) return false;
  if (RANK[p.series.level] <= RANK[q.series.level]) return false;
  // |p| >= share * |q|, in exact integers (share as parts per thousand).
  if (abs(p.impact) * 1000n < abs(q.impact) * BigInt(Math.round(share * 1000))) return false;
  // The very same spend (a root cause names no single value when a dimension has only one): same
  // actual and same expectation, to the last digit, is the same change whatever the keys say.
  if (p.actual === q.actual && p.expected === q.expected) return true;
  return within(p, q, share);
}

/**
 * For each record that another stands for, the id of the record that alerts in its place (followed to
 * the most specific one: a total covered by a model covered by one of its stages points to the stage).
 * Records of any days may be given; only records of the same day cover each other.
 */
export function coveredBy(records: readonly AnomalyRecord[], share = SAME_CHANGE_SHARE): Map<string, string> {
  const ordered = [...records].sort((a, b) =>
    RANK[a.series.level] !== RANK[b.series.level]
      ? RANK[b.series.level] - RANK[a.series.level]
      : abs(b.impact) > abs(a.impact)
        ? 1
        : abs(b.impact) < abs(a.impact)
          ? -1
          : a.id < b.id
            ? -1
            : 1,
  );
  const primary = new Map<string, string>();
  const seen: AnomalyRecord[] = [];
  for (const r of ordered) {
    // The most specific, then largest, record seen so far that stands for r.
    const by = seen.find((p) => explains(p, r, share));
    if (by) primary.set(r.id, primary.get(by.id) ?? by.id);
    seen.push(r);
  }
  return primary;
}

/** The records that alert (no other stands for them), each with the records it stands for. */
export function oneAlertPerChange(
  records: readonly AnomalyRecord[],
  share = SAME_CHANGE_SHARE,
): { alert: AnomalyRecord; context: AnomalyRecord[] }[] {
  const covered = coveredBy(records, share);
  const context = new Map<string, AnomalyRecord[]>();
  for (const r of records) {
    const p = covered.get(r.id);
    if (p) context.set(p, [...(context.get(p) ?? []), r]);
  }
  return records
    .filter((r) => !covered.has(r.id))
    .map((alert) => ({ alert, context: context.get(alert.id) ?? [] }));
}
