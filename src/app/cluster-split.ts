import type { AttributionConfig } from '../core/attribution/types.js';
import { parseClusterMark } from '../core/clusters/match.js';
import { splitClusterFacts } from '../core/clusters/split.js';
import type { AllocationStore } from '../core/clusters/types.js';
import { type CostFact, factKeyString } from '../core/cost-fact.js';
import { type DayRange, lastOfMonth } from '../core/day.js';
import { billedGaps } from '../core/import-scopes.js';
import type { CostStore, ImportRecord, ImportScope } from '../core/ports.js';
import { PROVIDERS } from '../core/providers.js';

/** The range the facts cover, or undefined when there are none. */
function rangeOf(facts: readonly CostFact[]): DayRange | undefined {
  let from: string | undefined;
  let to: string | undefined;
  for (const f of facts) {
    if (from === undefined || f.day < from) from = f.day;
    if (to === undefined || f.day > to) to = f.day;
  }
  return from && to ? { from, to } : undefined;
}

const hasClusterLump = (facts: readonly CostFact[]) => facts.some((f) => parseClusterMark(f.modelBy));

/**
 * Splits the cluster lumps among freshly attributed facts with the allocations the store holds for
 * their days (ingest and import call this before writing). Without clusters or an allocation store
 * the facts are returned as they are: the lumps stay `<cluster> (unsplit)` until allocations come.
 */
export async function splitWithStoredAllocations(
  facts: CostFact[],
  attribution: AttributionConfig,
  allocations: AllocationStore | undefined,
): Promise<CostFact[]> {
  const clusters = attribution.clusters ?? [];
  if (!allocations || clusters.length === 0 || !hasClusterLump(facts)) return facts;
  const range = rangeOf(facts);
  if (!range) return facts;
  const stored = await allocations.queryAllocations({ ...range, clusters: clusters.map((c) => c.name) });
  return splitClusterFacts(facts, stored, attribution);
}

export interface ResplitResult {
  /** Cluster facts read (lumps and earlier splits). */
  read: number;
  /** Facts written back, or 0 when nothing changed. */
  written: number;
  importId?: string;
}

/**
 * Re-splits the cluster spend the store already holds on [from, to] with the allocations it holds now
 * (after an OpenCost pull or a CSV import of allocations): the bill may have arrived first. Every fact
 * of the affected (provider, billing account, sub-account, day) is written back, the others unchanged,
 * in one replace: totals per provider and day stay what the bill said, and a re-run writes nothing.
 */
export async function resplitStored(input: {
  store: CostStore;
  allocations: AllocationStore;
  attribution: AttributionConfig;
  range: DayRange;
  clusters: readonly string[];
  importedAt: string;
  id: string;
}): Promise<ResplitResult> {
  const { store, attribution, range } = input;
  const wanted = new Set(input.clusters);
  // Only the clusters' clouds: the other providers' facts are never touched.
  const providers = [
    ...new Set(
      (attribution.clusters ?? []).filter((c) => wanted.has(c.name)).map((c) => PROVIDERS[c.cloud].focusName),
    ),
  ];
  const all = await store.queryFacts({ from: range.from, to: range.to, providers, withBillingPeriod: true });
  const ofCluster = (f: CostFact) => {
    const mark = parseClusterMark(f.modelBy);
    return mark !== undefined && wanted.has(mark.cluster);
  };
  const cells = new Set(all.filter(ofCluster).map(cellOf));
  if (cells.size === 0) return { read: 0, written: 0 };
  const affected = all.filter((f) => cells.has(cellOf(f)));
  const allocations = await input.allocations.queryAllocations({ ...range, clusters: [...wanted] });
  const next = splitClusterFacts(affected, allocations, attribution);
  const read = affected.filter(ofCluster).length;
  if (sameFacts(affected, next)) return { read, written: 0 };
  const gaps = billedGaps(await store.listImports(), range);
  const record: ImportRecord = {
    id: input.id,
    source: 'cluster-split',
    origin: `cluster split ${[...wanted].join(', ')} ${range.from}..${range.to}`,
    scopes: scopesOfCells(affected, gaps),
    importedAt: input.importedAt,
    rowCount: 0,
    factCount: next.length,
  };
  await store.replaceFacts(record, next);
  return { read, written: next.length, importId: record.id };
}

/** Where a fact lives as replacement sees it: provider, billing account, sub-account and day. */
const cellOf = (f: CostFact) =>
  `${f.provider}\u001f${f.billingAccountId}\u001f${f.subAccountId}\u001f${f.day}`;

function sameFacts(a: readonly CostFact[], b: readonly CostFact[]): boolean {
  if (a.length !== b.length) return false;
  const key = (f: CostFact) =>
    `${factKeyString(f)}\u001f${f.billingPeriod ?? ''}\u001f${f.billedCost}\u001f${f.effectiveCost}\u001f${f.listCost}\u001f${f.rowCount}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((k, i) => k === right[i]);
}

/**
 * One scope per provider, billing account and day over the affected sub-accounts, which clears those
 * cells whatever billing period their facts came from, plus one scope per billing period present so
 * that those facts may be written back with it. Days an earlier import marked as without billed cost
 * stay marked.
 */
function scopesOfCells(facts: readonly CostFact[], gaps: readonly ImportScope[]): ImportScope[] {
  const groups = new Map<string, { scope: ImportScope; subs: Set<string> }>();
  for (const f of facts) {
    for (const period of ['', f.billingPeriod ?? '']) {
      const k = `${f.provider}\u001f${f.billingAccountId}\u001f${f.day}\u001f${period}`;
      const g = groups.get(k) ?? {
        scope: {
          provider: f.provider,
          billingAccountId: f.billingAccountId,
          from: f.day,
          to: f.day,
          ...(period ? { billingPeriod: { from: period, to: lastOfMonth(period) } } : {}),
        },
        subs: new Set<string>(),
      };
      g.subs.add(f.subAccountId);
      groups.set(k, g);
    }
  }
  return [...groups.values()].map(({ scope, subs }) => {
    const marked = gaps.some(
      (g) =>
        g.provider === scope.provider &&
        g.billingAccountId === scope.billingAccountId &&
        g.from <= scope.from &&
        scope.to <= g.to,
    );
    return {
      ...scope,
      subAccountIds: [...subs].sort(),
      ...(marked ? { billedUnavailable: true as const } : {}),
    };
  });
}
