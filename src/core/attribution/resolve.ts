import type { AttributionSource } from '../cost-fact.js';
import type { CostLine, Tags } from '../cost-line.js';
import { normalizedTags, normalizeTagKey, normalizeTagValue, type TagValueCase } from './tags.js';
import type { AttributionConfig, DimensionSpec, LineMatch, SharedCostSpec } from './types.js';

export type Dimension = 'model' | 'stage';

export interface Resolution {
  model: string;
  stage: string;
  modelBy: AttributionSource;
  stageBy: AttributionSource;
  /** Set when a shared-cost entry selected the line: its model comes from the split. */
  shared?: SharedCostSpec;
}

type Matcher = (line: CostLine) => boolean;

/** Compiles a LineMatch into a predicate; each pattern must match the whole value, ignoring case. */
export function compileMatch(match: LineMatch): Matcher {
  const tests: Matcher[] = [];
  const add = (pattern: string | undefined, ...fields: ((l: CostLine) => string)[]) => {
    if (pattern === undefined) return;
    const re = new RegExp(`^(?:${pattern})$`, 'i');
    tests.push((l) => fields.some((f) => re.test(f(l))));
  };
  add(match.provider, (l) => l.provider);
  add(match.billingAccount, (l) => l.billingAccountId);
  add(
    match.subAccount,
    (l) => l.subAccountId,
    (l) => l.subAccountName ?? '',
  );
  add(match.service, (l) => l.serviceName);
  add(match.serviceCategory, (l) => l.serviceCategory);
  add(match.region, (l) => l.regionId);
  add(
    match.resource,
    (l) => l.resourceId,
    (l) => l.resourceName,
  );
  add(match.chargeCategory, (l) => l.chargeCategory);
  return (line) => tests.every((t) => t(line));
}

interface CompiledDimension {
  keys: string[];
  /** Keyed by the lowercased value: aliases match ignoring case whatever tagValueCase says. */
  aliases: Map<string, string>;
  valueCase: TagValueCase;
}

function compileDimension(spec: DimensionSpec, valueCase: TagValueCase): CompiledDimension {
  return {
    keys: spec.tagKeys.map(normalizeTagKey),
    aliases: new Map(Object.entries(spec.valueAliases).map(([k, v]) => [normalizeTagValue(k), v])),
    valueCase,
  };
}

function canonical(dim: CompiledDimension, raw: string): string {
  const v = normalizeTagValue(raw, dim.valueCase);
  return dim.aliases.get(v.toLowerCase()) ?? v;
}

/**
 * Builds the line -> (model, stage) function for one config. Order of precedence per dimension:
 * the line's tags (first configured key present), then its project's tags (unless projectLabels is
 * 'ignore'), then rules (in order, first matching rule that sets the
 * dimension), then `unattributed`. Shared-cost entries (first match) mark the line for splitting.
 */
export function compileResolver(config: AttributionConfig): (line: CostLine) => Resolution {
  const dims: Record<Dimension, CompiledDimension> = {
    model: compileDimension(config.dimensions.model, config.tagValueCase ?? 'lower'),
    stage: compileDimension(config.dimensions.stage, config.tagValueCase ?? 'lower'),
  };
  const rules = config.rules.map((r) => ({ rule: r, matches: compileMatch(r.match) }));
  const shared = config.sharedCosts.map((s) => ({ spec: s, matches: compileMatch(s.match) }));
  const none = config.unattributed;

  const projectLabels = (config.projectLabels ?? 'fallback') === 'fallback';

  /** The first configured key `tags` carries, as [value, source]. */
  const fromTags = (
    d: CompiledDimension,
    tags: Tags,
    source: string,
  ): [string, AttributionSource] | undefined => {
    const normalized = normalizedTags(tags);
    for (const key of d.keys) {
      const raw = normalized.get(key);
      if (raw !== undefined) return [canonical(d, raw), `${source}:${key}`];
    }
    return undefined;
  };

  const resolveDim = (dim: Dimension, line: CostLine): [string, AttributionSource] => {
    const d = dims[dim];
    // The resource's own tags win over its project's for the whole dimension: a resource tagged
    // env=prod is not made stage=train by a project label stage=train, whatever the keys' order.
    const tagged =
      fromTags(d, line.tags, 'tag') ??
      (projectLabels && line.projectTags ? fromTags(d, line.projectTags, 'project-tag') : undefined);
    if (tagged) return tagged;
    for (const { rule, matches } of rules) {
      const value = rule.set[dim];
      if (value !== undefined && matches(line)) return [canonical(d, value), `rule:${rule.name}`];
    }
    return [none, 'unattributed'];
  };

  return (line) => {
    const [model, modelBy] = resolveDim('model', line);
    const [stage, stageBy] = resolveDim('stage', line);
    const hit = shared.find((s) => s.matches(line));
    return hit ? { model, stage, modelBy, stageBy, shared: hit.spec } : { model, stage, modelBy, stageBy };
  };
}
