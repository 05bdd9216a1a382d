import { describe, expect, it } from 'vitest';
import { factKeyString, mergeFacts } from '../../../src/core/cost-fact.js';
import { scopesOf, withinScopes } from '../../../src/core/import-scopes.js';
import { parseMoney } from '../../../src/core/money.js';
import { fact } from '../../helpers/facts.js';

describe('mergeFacts', () => {
  it('sums amounts and row counts of facts with the same key, sorted by key', () => {
    // Prepare
    const facts = [
      fact({ model: 'b', billed: '1', rowCount: 2 }),
      fact({ model: 'a', billed: '0.5', effective: '0.25' }),
      fact({ model: 'b', billed: '2', rowCount: 3 }),
      fact({ model: 'b', billed: '2', modelBy: 'rule:x' }),
    ];

    // Act
    const merged = mergeFacts(facts);

    // Assess
    expect(merged.map((f) => [f.model, f.modelBy, f.billedCost, f.effectiveCost, f.rowCount])).toEqual([
      ['a', 'tag:model', parseMoney('0.5'), parseMoney('0.25'), 1],
      ['b', 'rule:x', parseMoney('2'), parseMoney('2'), 1],
      ['b', 'tag:model', parseMoney('3'), parseMoney('3'), 5],
    ]);
  });

  it('does not change its input facts', () => {
    // Prepare
    const f = fact({ billed: '1' });

    // Act
    mergeFacts([f, { ...f }]);

    // Assess
    expect(f.billedCost).toBe(parseMoney('1'));
  });

  it('keeps keys whose fields only concatenate alike apart', () => {
    // Act / Assess
    expect(factKeyString(fact({ model: 'ab', stage: 'c' }))).not.toBe(
      factKeyString(fact({ model: 'a', stage: 'bc' })),
    );
  });
});

describe('import scopes', () => {
  it('cover each (provider, billing account) from its first to its last day, sorted', () => {
    // Prepare
    const facts = [
      fact({ provider: 'Microsoft', billingAccountId: 'm1', day: '2026-10-09' }),
      fact({ provider: 'AWS', billingAccountId: 'b2', day: '2026-10-03' }),
      fact({ provider: 'AWS', billingAccountId: 'b1', day: '2026-10-31' }),
      fact({ provider: 'AWS', billingAccountId: 'b1', day: '2026-10-02' }),
      fact({ provider: 'AWS', billingAccountId: 'b1', day: '2026-10-15' }),
    ];

    // Act
    const scopes = scopesOf(facts);

    // Assess
    expect(scopes).toEqual([
      { provider: 'AWS', billingAccountId: 'b1', from: '2026-10-02', to: '2026-10-31' },
      { provider: 'AWS', billingAccountId: 'b2', from: '2026-10-03', to: '2026-10-03' },
      { provider: 'Microsoft', billingAccountId: 'm1', from: '2026-10-09', to: '2026-10-09' },
    ]);
    expect(facts.every((f) => withinScopes(f, scopes))).toBe(true);
    expect(scopesOf([])).toEqual([]);
  });

  it('hold only facts of the same provider and account inside the day range', () => {
    // Prepare
    const scopes = [{ provider: 'AWS', billingAccountId: 'b1', from: '2026-10-02', to: '2026-10-05' }];

    // Act / Assess
    expect(withinScopes(fact({ provider: 'AWS', billingAccountId: 'b1', day: '2026-10-05' }), scopes)).toBe(
      true,
    );
    expect(withinScopes(fact({ provider: 'AWS', billingAccountId: 'b1', day: '2026-10-06' }), scopes)).toBe(
      false,
    );
    expect(withinScopes(fact({ provider: 'AWS', billingAccountId: 'b2', day: '2026-10-03' }), scopes)).toBe(
      false,
    );
    expect(withinScopes(fact({ provider: 'GCP', billingAccountId: 'b1', day: '2026-10-03' }), scopes)).toBe(
      false,
    );
    expect(withinScopes(fact({}), [])).toBe(false);
  });
});
