import { compileResolver } from './attribution/resolve.js';
import type { AttributionConfig } from './attribution/types.js';
import type { CostFact } from './cost-fact.js';
import type { CostLine, Tags } from './cost-line.js';
import type { DayRange } from './day.js';
import type { Money } from './money.js';

/** A taggable cloud resource as an inventory API lists it (AWS Resource Groups Tagging API). */
export interface TaggableResource {
  provider: string;
  billingAccountId: string;
  subAccountId: string;
  regionId: string;
  /** ARN or resource id. */
  resourceId: string;
  /** `ec2:instance`, `sagemaker:endpoint`, ... */
  resourceType: string;
  tags: Tags;
}

export type CoverageDimension = 'model' | 'stage';

export interface UntaggedResource {
  resourceId: string;
  resourceType: string;
  subAccountId: string;
  regionId: string;
  /** The dimensions no tag gives a value for. */
  missing: CoverageDimension[];
  /** How attribution resolves the resource anyway: `rule:<name>` or `unattributed`. */
  modelBy: string;
  stageBy: string;
}

/** Spend of the pull in one currency (effective cost), and how much of it no tag attributes. */
export interface SpendCoverage {
  currency: string;
  total: Money;
  /** Spend whose model comes from neither a tag nor a shared-cost split (rules or nothing). */
  untaggedModel: Money;
  /** Spend nothing attributes to a model. */
  unattributedModel: Money;
  /** Services with the most untagged spend, highest first (at most 5). */
  topUntaggedServices: { serviceName: string; cost: Money }[];
}

export interface TagCoverageReport {
  source: string;
  provider: string;
  takenAt: string;
  range: DayRange;
  resources: number;
  missingModel: number;
  missingStage: number;
  /**
   * The worst untagged resources first: those missing both tags, then model, then stage; by id within.
   * At most UNTAGGED_LIMIT; the counts above are exact.
   */
  untagged: UntaggedResource[];
  spend: SpendCoverage[];
}

export const UNTAGGED_LIMIT = 500;

/** Where coverage reports live; the rollup shows the latest per source. */
export interface TagCoverageStore {
  record(report: TagCoverageReport): Promise<void>;
  /** The newest report of each source, sorted by source. */
  latest(): Promise<TagCoverageReport[]>;
}

// A project label attributes like a tag: the spend is labelled, at the project (Google project.labels).
const isTag = (by: string) => by.startsWith('tag:') || by.startsWith('project-tag:');

/**
 * Pure: which resources carry no model or stage tag, decided by the attribution resolver itself, so
 * tag keys, their priority, the `user:` prefixes and case match exactly as they do for cost lines;
 * and the share of the pull's spend that no tag attributes. Cost Explorer gives no cost per resource
 * (resource-level data is an opt-in, 14-day API billed per request), so resources are ranked by how
 * much tagging they lack and spend is ranked by service.
 */
export function coverageReport(
  meta: { source: string; provider: string; takenAt: string; range: DayRange },
  resources: readonly TaggableResource[],
  facts: readonly CostFact[],
  attribution: AttributionConfig,
): TagCoverageReport {
  const resolve = compileResolver(attribution);
  const untagged: UntaggedResource[] = [];
  let missingModel = 0;
  let missingStage = 0;
  for (const r of resources) {
    const res = resolve(asLine(r));
    const missing: CoverageDimension[] = [];
    if (!isTag(res.modelBy)) missing.push('model');
    if (!isTag(res.stageBy)) missing.push('stage');
    if (missing.includes('model')) missingModel += 1;
    if (missing.includes('stage')) missingStage += 1;
    if (missing.length) {
      untagged.push({
        resourceId: r.resourceId,
        resourceType: r.resourceType,
        subAccountId: r.subAccountId,
        regionId: r.regionId,
        missing,
        modelBy: res.modelBy,
        stageBy: res.stageBy,
      });
    }
  }
  const rank = (u: UntaggedResource) => (u.missing.length === 2 ? 0 : u.missing[0] === 'model' ? 1 : 2);
  untagged.sort((a, b) => rank(a) - rank(b) || (a.resourceId < b.resourceId ? -1 : 1));
  return {
    ...meta,
    resources: resources.length,
    missingModel,
    missingStage,
    untagged: untagged.slice(0, UNTAGGED_LIMIT),
    spend: spendCoverage(facts),
  };
}

function spendCoverage(facts: readonly CostFact[]): SpendCoverage[] {
  const by = new Map<string, SpendCoverage & { services: Map<string, Money> }>();
  for (const f of facts) {
    const c = by.get(f.currency) ?? {
      currency: f.currency,
      total: 0n,
      untaggedModel: 0n,
      unattributedModel: 0n,
      topUntaggedServices: [],
      services: new Map<string, Money>(),
    };
    c.total += f.effectiveCost;
    if (!isTag(f.modelBy) && !f.modelBy.startsWith('shared:')) {
      c.untaggedModel += f.effectiveCost;
      c.services.set(f.serviceName, (c.services.get(f.serviceName) ?? 0n) + f.effectiveCost);
    }
    if (f.modelBy === 'unattributed') c.unattributedModel += f.effectiveCost;
    by.set(f.currency, c);
  }
  return [...by.values()]
    .sort((a, b) => (a.currency < b.currency ? -1 : 1))
    .map(({ services, ...c }) => ({
      ...c,
      topUntaggedServices: [...services]
        .filter(([, cost]) => cost !== 0n)
        .sort(([sa, a], [sb, b]) => (a === b ? (sa < sb ? -1 : 1) : a > b ? -1 : 1))
        .slice(0, 5)
        .map(([serviceName, cost]) => ({ serviceName, cost })),
    }));
}

/** The resource as a cost line, so that tag rules and line-matching rules see what they see on cost. */
function asLine(r: TaggableResource): CostLine {
  return {
    day: '',
    provider: r.provider,
    billingAccountId: r.billingAccountId,
    subAccountId: r.subAccountId,
    serviceName: '',
    serviceCategory: '',
    regionId: r.regionId,
    resourceId: r.resourceId,
    resourceName: '',
    chargeCategory: 'Usage',
    currency: '',
    billedCost: 0n,
    effectiveCost: 0n,
    listCost: 0n,
    tags: r.tags,
  };
}
