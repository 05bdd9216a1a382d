import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute } from '../../../src/core/attribution/attribute.js';
import type { AttributionConfig } from '../../../src/core/attribution/types.js';
import { DEFAULT_ATTRIBUTION } from '../../../src/core/attribution/types.js';
import type { CostFact } from '../../../src/core/cost-fact.js';
import type { CostLine } from '../../../src/core/cost-line.js';

const money = fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n });
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

const line: fc.Arbitrary<CostLine> = fc.record({
  day: pick(['2026-10-01', '2026-10-02', '2026-10-03']),
  provider: pick(['AWS', 'Microsoft', 'Google Cloud']),
  billingAccountId: pick(['b1', 'b2']),
  subAccountId: pick(['s1', 's2', 's3']),
  serviceName: pick(['EC2', 'AWS Support (Business)', 'Vertex AI']),
  serviceCategory: pick(['Compute', 'Support']),
  regionId: pick(['us-east-1', '']),
  resourceId: pick(['i-1', 'i-2', 'shared-cluster', '']),
  resourceName: pick(['', 'gpu-box']),
  chargeCategory: pick(['Usage', 'Credit', 'Tax']),
  currency: pick(['USD', 'EUR']),
  tags: fc.dictionary(
    pick(['model', ' Model', 'user:ml-model', 'ml_model', 'stage', 'env', 'Environment', 'team']),
    pick(['llama', 'BERT ', 'prod', 'train', '', '  ']),
  ),
  billedCost: money,
  effectiveCost: money,
  listCost: money,
});

const config: fc.Arbitrary<AttributionConfig> = fc
  .record({
    rules: fc.subarray([
      { name: 'gpu', match: { resource: 'gpu-.*' }, set: { stage: 'train' } },
      { name: 'ms', match: { provider: 'microsoft' }, set: { model: 'azure-thing' } },
      {
        name: 'vertex',
        match: { service: 'Vertex AI', region: '' },
        set: { model: 'gemini', stage: 'serve' },
      },
    ]),
    shared: fc.subarray([
      { name: 'support', match: { service: 'AWS Support.*' }, split: 'proportional' as const },
      { name: 'cluster', match: { resource: 'shared-cluster' }, split: 'even' as const },
      {
        name: 'tax',
        match: { chargeCategory: 'Tax' },
        split: 'weights' as const,
        weights: { llama: 3, bert: 1.5 },
      },
    ]),
  })
  .map(({ rules, shared }) => ({ ...DEFAULT_ATTRIBUTION, rules, sharedCosts: shared }));

function sums(items: readonly (CostLine | CostFact)[]) {
  const out: Record<string, [bigint, bigint, bigint]> = {};
  for (const i of items) {
    const s = out[i.currency] ?? [0n, 0n, 0n];
    out[i.currency] = s;
    s[0] += i.billedCost;
    s[1] += i.effectiveCost;
    s[2] += i.listCost;
  }
  return out;
}

describe('attribution invariants (fast-check)', () => {
  it('facts sum to the lines, per currency and metric, exactly', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), config, (lines, cfg) => {
        // Act
        const facts = attribute(lines, cfg);
        // Assess
        expect(sums(facts)).toEqual(sums(lines));
        expect(facts.reduce((a, f) => a + f.rowCount, 0)).toBe(lines.length);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), config, fc.integer(), (lines, cfg, seed) => {
        const shuffled = [...lines].sort(
          (a, b) => ((lines.indexOf(a) * 7919 + seed) % 13) - ((lines.indexOf(b) * 7919 + seed) % 13),
        );
        expect(attribute(shuffled, cfg)).toEqual(attribute(lines, cfg));
      }),
      { numRuns: 200 },
    );
  });

  it('re-attributing the facts of a batch as lines changes nothing (no double counting on re-read)', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const cfg = DEFAULT_ATTRIBUTION;
        const once = attribute(lines, cfg);
        const twice = attribute([...lines, ...lines], cfg);
        expect(sums(twice)).toEqual(sums([...lines, ...lines]));
        expect(once.length).toBe(twice.length);
      }),
    );
  });
});
