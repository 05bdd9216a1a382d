import type { CostLine } from '../cost-line.js';
import { CostguardError } from '../errors.js';

/** A tag filter: the lines whose `key` tag is `value` (a cluster's lines in the cloud's bill). */
export interface TagFilter {
  key: string;
  value: string;
}

/** The source's filtered answer does not fit in its unfiltered one: something changed between them. */
export class CarveError extends CostguardError {
  constructor(message: string) {
    super('CLUSTER_CARVE_MISMATCH', message);
    this.name = 'CarveError';
  }
}

const sameKey = (l: CostLine) =>
  [
    l.day,
    l.provider,
    l.billingAccountId,
    l.subAccountId,
    l.serviceName,
    l.regionId,
    l.resourceId,
    l.chargeCategory,
    l.currency,
    JSON.stringify(Object.entries(l.tags).sort(([a], [b]) => (a < b ? -1 : 1))),
  ].join('\u001f');

/**
 * Billing APIs group by a few tags only (Cost Explorer two dimensions, Cost Management two groupings),
 * so a cluster's lines come from a second, tag-filtered pull with the same grouping: each of its lines
 * is carved out of the unfiltered line with the same key (amounts subtracted exactly) and returned
 * carrying the cluster tag. The total of the lines is unchanged, to the last digit.
 */
export function carveOut(main: readonly CostLine[], part: readonly CostLine[], tag: TagFilter): CostLine[] {
  const out = main.map((l) => ({ ...l }));
  const index = new Map<string, CostLine>();
  for (const l of out) if (!index.has(sameKey(l))) index.set(sameKey(l), l);
  const carved: CostLine[] = [];
  const tagsWith = new Map<object, Record<string, string>>();
  for (const p of part) {
    const from = index.get(sameKey(p));
    if (!from) {
      throw new CarveError(
        `the ${tag.key}=${tag.value} lines of ${p.provider} on ${p.day} (${p.serviceName}, ${p.subAccountId}) are ` +
          'not in the unfiltered answer: the bill changed between the two requests; run ingest again.',
      );
    }
    from.billedCost -= p.billedCost;
    from.effectiveCost -= p.effectiveCost;
    from.listCost -= p.listCost;
    if (from.rowCount !== undefined) from.rowCount = Math.max(0, from.rowCount - (p.rowCount ?? 1));
    // One tags object per source tags object, so attribution still resolves each tag set once.
    let tags = tagsWith.get(p.tags);
    if (!tags) {
      tags = { ...p.tags, [tag.key]: tag.value };
      tagsWith.set(p.tags, tags);
    }
    const { attributionKey: _, ...rest } = p;
    carved.push({ ...rest, tags });
  }
  const left = out.filter((l) => l.billedCost !== 0n || l.effectiveCost !== 0n || l.listCost !== 0n);
  return [...left, ...carved];
}
