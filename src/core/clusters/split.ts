import { compileResolver } from '../attribution/resolve.js';
import type { AttributionConfig } from '../attribution/types.js';
import { type CostFact, factKeyString } from '../cost-fact.js';
import type { CostLine, Tags } from '../cost-line.js';
import { type Money, moneyFromNumber, splitExact } from '../money.js';
import { PROVIDERS } from '../providers.js';
import { clusterMark, idleModel, parseClusterMark, unsplitModel } from './match.js';
import type { ClusterAllocation, ClusterBasis, ClusterSpec } from './types.js';

/** One (model, stage) of a cluster on one day, with its weights per basis. */
export interface Party {
  model: string;
  stage: string;
  idle: boolean;
  compute: bigint;
  storage: bigint;
  /** OpenCost's total: the weight when the day has no figure per resource (an old CSV export). */
  total: bigint;
}

const dayKey = (cluster: string, day: string) => `${cluster}\u001f${day}`;

/**
 * OpenCost sanitizes label keys the Prometheus way (`app.kubernetes.io/name` becomes
 * `app_kubernetes_io_name`): a configured tag key is also looked up in that form.
 */
const sanitize = (key: string) => key.replace(/[^a-zA-Z0-9_]/g, '_');

function tagsOf(a: ClusterAllocation, keys: readonly string[]): Tags {
  const tags: Record<string, string> = { ...a.labels };
  for (const k of keys) {
    const s = sanitize(k);
    if (tags[k] === undefined && a.labels[s] !== undefined) tags[k] = a.labels[s] as string;
  }
  // The namespace is a tag too, so `tagKeys: [model, namespace]` names a model per namespace.
  if (tags.namespace === undefined && a.namespace !== '') tags.namespace = a.namespace;
  return tags;
}

/** Weights are OpenCost's floats, as exact decimals; a negative adjustment never makes one negative. */
const weight = (...costs: number[]): bigint => {
  const sum = costs.reduce((a, c) => a + (Number.isFinite(c) ? c : 0), 0);
  return sum > 0 ? moneyFromNumber(sum) : 0n;
};

/**
 * Each cluster-day's parties: allocations resolved to (model, stage) with the attribution's own rules:
 * pod labels as tags, namespace labels as the fallback (like a project's labels), then rules, which see
 * the workload as resource `namespace/controller/pod`. Idle capacity is its own party `<cluster> idle`.
 */
export function partiesOf(
  allocations: Iterable<ClusterAllocation>,
  config: AttributionConfig,
): Map<string, Party[]> {
  const clusters = new Map((config.clusters ?? []).map((c) => [c.name, c]));
  const resolve = compileResolver({ ...config, sharedCosts: [] });
  const keys = [...config.dimensions.model.tagKeys, ...config.dimensions.stage.tagKeys];
  const byDay = new Map<string, Map<string, Party>>();
  for (const a of allocations) {
    const spec = clusters.get(a.cluster);
    if (!spec) continue;
    let model: string;
    let stage: string;
    if (a.idle) {
      model = idleModel(spec.name);
      stage = config.unattributed;
    } else {
      const r = resolve(workloadLine(a, spec, tagsOf(a, keys)));
      model = r.model;
      stage = r.stage;
    }
    const k = dayKey(a.cluster, a.day);
    const parties = byDay.get(k) ?? new Map<string, Party>();
    byDay.set(k, parties);
    const pk = `${a.idle ? 1 : 0}\u001f${model}\u001f${stage}`;
    const p = parties.get(pk) ?? { model, stage, idle: a.idle, compute: 0n, storage: 0n, total: 0n };
    p.compute += weight(a.cpuCost, a.gpuCost, a.ramCost);
    p.storage += weight(a.pvCost);
    p.total += weight(a.totalCost);
    parties.set(pk, p);
  }
  const out = new Map<string, Party[]>();
  for (const [k, parties] of byDay) {
    out.set(
      k,
      [...parties.values()].sort((x, y) => cmp(`${x.model}\u001f${x.stage}`, `${y.model}\u001f${y.stage}`)),
    );
  }
  return out;
}

function workloadLine(a: ClusterAllocation, spec: ClusterSpec, tags: Tags): CostLine {
  return {
    day: a.day,
    provider: PROVIDERS[spec.cloud].focusName,
    billingAccountId: '',
    subAccountId: spec.subAccount ?? '',
    serviceName: 'Kubernetes',
    serviceCategory: 'Compute',
    regionId: '',
    resourceId: [a.namespace, a.controller, a.pod].filter((p) => p !== '').join('/'),
    resourceName: a.name,
    chargeCategory: 'Usage',
    currency: '',
    tags,
    projectTags: a.namespaceLabels,
    billedCost: 0n,
    effectiveCost: 0n,
    listCost: 0n,
  };
}

/** The parties a lump of `basis` is split over, with their weights; empty when nothing can carry it. */
function weighted(parties: readonly Party[], basis: ClusterBasis, spec: ClusterSpec): [Party, bigint][] {
  const pick = (f: (p: Party) => bigint, withIdle: boolean) =>
    parties
      .filter((p) => withIdle || !p.idle)
      .map((p): [Party, bigint] => [p, f(p)])
      .filter(([, w]) => w > 0n);
  const idleApart = spec.idle === 'separate';
  let out: [Party, bigint][] =
    basis === 'compute'
      ? pick((p) => p.compute, idleApart)
      : basis === 'storage'
        ? pick((p) => p.storage, false)
        : pick((p) => p.compute, false);
  // A day with no volume (or no compute) still has workloads: split by what they have.
  if (out.length === 0) out = pick((p) => p.compute + p.storage, false);
  if (out.length === 0) out = pick((p) => p.total, false);
  return out;
}

/**
 * Splits every cluster lump in `facts` (facts marked `cluster:<name>/<basis>`, whole or already split
 * once) over the workloads of its day's allocations. Parts add up to each lump exactly in every amount
 * (largest remainder); a cluster-day without allocations stays one lump, model `<cluster> (unsplit)`.
 * Idempotent: split facts are summed back into their lump first, so re-running with the same
 * allocations gives the same facts, and with new allocations replaces the old split.
 */
export function splitClusterFacts(
  facts: readonly CostFact[],
  allocations: Iterable<ClusterAllocation>,
  config: AttributionConfig,
): CostFact[] {
  const specs = new Map((config.clusters ?? []).map((c) => [c.name, c]));
  const out: CostFact[] = [];
  const lumps = new Map<string, CostFact>();
  for (const f of facts) {
    const mark = parseClusterMark(f.modelBy);
    if (!mark || !specs.has(mark.cluster)) {
      out.push(f);
      continue;
    }
    const k = `${factKeyString({ ...f, model: '', stage: '' })}\u001f${f.billingPeriod ?? ''}`;
    const lump = lumps.get(k);
    if (lump) {
      lump.billedCost += f.billedCost;
      lump.effectiveCost += f.effectiveCost;
      lump.listCost += f.listCost;
      lump.rowCount += f.rowCount;
    } else lumps.set(k, { ...f });
  }
  if (lumps.size === 0) return [...facts];
  const parties = partiesOf(allocations, config);
  for (const lump of lumps.values()) {
    const mark = parseClusterMark(lump.modelBy);
    const spec = mark && specs.get(mark.cluster);
    if (!mark || !spec) continue;
    const to = weighted(parties.get(dayKey(spec.name, lump.day)) ?? [], mark.basis, spec);
    if (to.length === 0) {
      out.push({ ...lump, model: unsplitModel(spec.name), stage: config.unattributed });
      continue;
    }
    out.push(...splitLump(lump, to));
  }
  return out.sort((a, b) => cmp(sortKey(a), sortKey(b)));
}

function splitLump(lump: CostFact, to: readonly [Party, bigint][]): CostFact[] {
  const weights = to.map(([, w]) => w);
  const parts = (m: Money) => splitExact(m, weights);
  const billed = parts(lump.billedCost);
  const effective = parts(lump.effectiveCost);
  const list = parts(lump.listCost);
  const rows = splitExact(BigInt(lump.rowCount), weights);
  return to.map(([p], i) => ({
    ...lump,
    model: p.model,
    stage: p.stage,
    billedCost: billed[i] ?? 0n,
    effectiveCost: effective[i] ?? 0n,
    listCost: list[i] ?? 0n,
    rowCount: Number(rows[i] ?? 0n),
  }));
}

/** The lump facts of a line a cluster rule resolves, before any split. */
export function lumpResolution(cluster: string, basis: ClusterBasis, unattributed: string) {
  const by = clusterMark(cluster, basis);
  return { model: unsplitModel(cluster), stage: unattributed, modelBy: by, stageBy: by };
}

const sortKey = (f: CostFact) => `${factKeyString(f)}\u001f${f.billingPeriod ?? ''}`;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
