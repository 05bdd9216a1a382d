import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Attributor, attribute } from '../../../../src/core/attribution/attribute.js';
import type {
  AttributionConfig,
  AttributionRule,
  LineMatch,
  SharedCostSpec,
} from '../../../../src/core/attribution/types.js';
import { DEFAULT_ATTRIBUTION } from '../../../../src/core/attribution/types.js';
import { type CostFact, mergeFacts } from '../../../../src/core/cost-fact.js';
import type { CostLine } from '../../../../src/core/cost-line.js';
import { config, line as exampleLine, sums } from './lines.js';

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
// Mostly small amounts (remainders everywhere), some huge, some zero; credits included.
const money = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
  fc.constant(0n),
);
const MODELS = ['llama', 'bert', 'gemini', 'x'] as const;

const line: fc.Arbitrary<CostLine> = fc.record({
  day: pick(['2026-10-01', '2026-10-02', '2026-10-03']),
  provider: pick(['AWS', 'Microsoft', 'Google Cloud']),
  billingAccountId: pick(['b1', 'b2']),
  subAccountId: pick(['s1', 's2']),
  subAccountName: pick(['research', 'prod']),
  serviceName: pick(['EC2', 'AWS Support (Business)', 'Vertex AI', 'Storage']),
  serviceCategory: pick(['Compute', 'Support']),
  regionId: pick(['us-east-1', '']),
  resourceId: pick(['i-1', 'i-2', 'shared-cluster', '']),
  resourceName: pick(['', 'gpu-box']),
  chargeCategory: pick(['Usage', 'Credit', 'Tax']),
  currency: pick(['USD', 'EUR']),
  tags: fc.dictionary(
    pick([
      'model',
      ' Model',
      'user:ml-model',
      'ml_model',
      'application',
      'stage',
      'env',
      'Environment',
      'team',
    ]),
    pick(['llama', 'BERT ', 'Gemini', 'prod', 'Production', 'train', '', '  ']),
    { maxKeys: 4 },
  ),
  billedCost: money,
  effectiveCost: money,
  listCost: money,
  rowCount: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
});

// One or two fields per match, so that rules and shared costs select a fair share of the lines.
const FIELD_PATTERNS: Record<keyof LineMatch, string[]> = {
  provider: ['aws', 'AWS|Microsoft', '.*', 'google.*'],
  service: ['EC2|Storage', 'AWS Support.*', 'Vertex AI'],
  resource: ['i-\\d', 'gpu-.*', 'shared-cluster', ''],
  chargeCategory: ['Credit', 'Tax|Credit', 'usage'],
  region: ['', 'us-.*'],
  subAccount: ['Research', 's1'],
  billingAccount: ['b1'],
  serviceCategory: ['Support'],
};
const lineMatch: fc.Arbitrary<LineMatch> = fc
  .shuffledSubarray(Object.keys(FIELD_PATTERNS) as (keyof LineMatch)[], { minLength: 1, maxLength: 2 })
  .chain((fields) => fc.tuple(...fields.map((f) => pick(FIELD_PATTERNS[f]).map((p) => [f, p] as const))))
  .map((pairs) => Object.fromEntries(pairs));
const rule = fc.record({
  match: lineMatch,
  set: fc
    .record(
      { model: pick(['fleet', 'Gemini ', 'x']), stage: pick(['serve', 'Training', 'eval']) },
      { requiredKeys: [] },
    )
    .filter((s) => s.model !== undefined || s.stage !== undefined),
});
const shared = fc.oneof(
  fc.record({
    split: fc.constant('proportional' as const),
    among: fc.option(fc.subarray([...MODELS], { minLength: 1 }), { nil: undefined }),
  }),
  fc.record({
    split: fc.constant('even' as const),
    among: fc.option(fc.subarray([...MODELS], { minLength: 1 }), { nil: undefined }),
  }),
  fc.record({
    split: fc.constant('weights' as const),
    weights: fc.dictionary(pick(MODELS), fc.double({ min: 0.001, max: 1e6, noNaN: true }), { minKeys: 1 }),
  }),
);
const withoutUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const configs: fc.Arbitrary<AttributionConfig> = fc
  .record({
    modelKeys: fc.shuffledSubarray(['model', 'ml-model', 'model_name', 'application', 'User:Model'], {
      minLength: 0,
    }),
    stageKeys: fc.shuffledSubarray(['stage', 'env', 'environment'], { minLength: 0 }),
    rules: fc.array(rule, { maxLength: 4 }),
    shared: fc.array(fc.record({ match: lineMatch, how: shared }), { maxLength: 3 }),
  })
  .map(({ modelKeys, stageKeys, rules, shared: entries }) => ({
    dimensions: {
      model: { tagKeys: modelKeys, valueAliases: { gemini: 'gemini-1.5' } },
      stage: { tagKeys: stageKeys, valueAliases: DEFAULT_ATTRIBUTION.dimensions.stage.valueAliases },
    },
    unattributed: 'unattributed',
    rules: rules.map(
      (r, i): AttributionRule => ({ name: `r${i}`, match: r.match, set: withoutUndefined(r.set) }),
    ),
    sharedCosts: entries.map(
      (s, i): SharedCostSpec => withoutUndefined({ name: `s${i}`, match: s.match, ...s.how }),
    ),
  }));

/** Per currency, metric and every fact key field that attribution must not change. */
function bySourceKey(items: readonly (CostLine | CostFact)[]) {
  const out = new Map<string, [bigint, bigint, bigint, number]>();
  for (const i of items) {
    const k = [
      i.day,
      i.provider,
      i.billingAccountId,
      i.subAccountId,
      i.serviceName,
      i.regionId,
      i.currency,
    ].join('|');
    const s = out.get(k) ?? [0n, 0n, 0n, 0];
    out.set(k, [s[0] + i.billedCost, s[1] + i.effectiveCost, s[2] + i.listCost, s[3] + (i.rowCount ?? 1)]);
  }
  return Object.fromEntries([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('attribution invariants (fast-check)', () => {
  it('facts sum to the lines per currency and metric, to the pico-unit, for any lines and config', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), configs, (lines, cfg) => {
        // Act
        const facts = attribute(lines, cfg);

        // Assess: per currency, and finer, per (day, provider, accounts, service, region, currency)
        expect(sums(facts)).toEqual(sums(lines));
        expect(bySourceKey(facts)).toEqual(bySourceKey(lines));
        for (const f of facts) {
          expect(f.model).not.toBe('');
          expect(f.modelBy).toMatch(/^(tag:.+|rule:r\d+|shared:s\d+|unattributed)$/);
          expect(f.stageBy).toMatch(/^(tag:.+|rule:r\d+|unattributed)$/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same facts for any order of the same lines', () => {
    const linesAndShuffle = fc
      .array(line, { maxLength: 40 })
      .chain((ls) =>
        fc.tuple(fc.constant(ls), fc.shuffledSubarray(ls, { minLength: ls.length, maxLength: ls.length })),
      );
    fc.assert(
      fc.property(linesAndShuffle, configs, ([lines, shuffled], cfg) => {
        // Act / Assess
        expect(attribute(shuffled, cfg)).toEqual(attribute(lines, cfg));
      }),
      { numRuns: 300 },
    );
  });

  it('without shared costs, attributing two batches and merging equals attributing all at once', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.nat(), configs, (lines, cut, cfg) => {
        // Prepare
        const noShared = { ...cfg, sharedCosts: [] };
        const at = lines.length ? cut % (lines.length + 1) : 0;

        // Act
        const merged = mergeFacts([
          ...attribute(lines.slice(0, at), noShared),
          ...attribute(lines.slice(at), noShared),
        ]);

        // Assess
        expect(merged).toEqual(attribute(lines, noShared));
      }),
      { numRuns: 300 },
    );
  });

  it('with shared costs, the same holds when batches do not share a (day, provider, currency)', () => {
    // A split looks only at the spend of its own day, provider and currency, so those are the
    // independent units; batches cut anywhere else may see a pool without the spend it splits by.
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.func(fc.boolean()), configs, (lines, inA, cfg) => {
        // Prepare
        const a = lines.filter((l) => inA(`${l.day}|${l.provider}|${l.currency}`));
        const b = lines.filter((l) => !inA(`${l.day}|${l.provider}|${l.currency}`));

        // Act
        const merged = mergeFacts([...attribute(a, cfg), ...attribute(b, cfg)]);

        // Assess
        expect(merged).toEqual(attribute(lines, cfg));
      }),
      { numRuns: 300 },
    );
  });

  it('streaming through an Attributor equals the one-shot function', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), configs, (lines, cfg) => {
        // Act
        const a = new Attributor(cfg);
        for (const l of lines) a.add(l);

        // Assess
        expect(a.lineCount).toBe(lines.length);
        expect(a.finish()).toEqual(attribute(lines, cfg));
      }),
    );
  });
});

describe('why batches must not cut through a day (example)', () => {
  it('a shared line read apart from the spend it splits by stays unattributed', () => {
    // Prepare
    const cfg = config({
      sharedCosts: [{ name: 'support', match: { service: 'Support' }, split: 'proportional' }],
    });
    const spend = exampleLine({ tags: { model: 'a' } });
    const support = exampleLine({ serviceName: 'Support' });

    // Act
    const together = attribute([spend, support], cfg);
    const apart = mergeFacts([...attribute([spend], cfg), ...attribute([support], cfg)]);

    // Assess: same totals, different attribution
    expect(sums(apart)).toEqual(sums(together));
    expect(together.map((f) => f.model)).toEqual(['a', 'a']);
    expect(apart.map((f) => f.model).sort()).toEqual(['a', 'unattributed']);
  });
});
