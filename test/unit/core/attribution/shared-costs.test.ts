import { describe, expect, it } from 'vitest';
import { attribute } from '../../../../src/core/attribution/attribute.js';
import type { SharedCostSpec } from '../../../../src/core/attribution/types.js';
import type { CostLine } from '../../../../src/core/cost-line.js';
import { config, line, sums } from './lines.js';

// 10 pico-units of support: small enough that every remainder shows.
const support = (p: Partial<CostLine> & { cost?: string } = {}) =>
  line({ serviceName: 'AWS Support (Business)', cost: '0.00000000001', tags: { stage: 'serve' }, ...p });
const spec = (p: Partial<SharedCostSpec> = {}): SharedCostSpec => ({
  name: 'support',
  match: { service: 'AWS Support.*' },
  split: 'proportional',
  ...p,
});
const run = (lines: CostLine[], s: SharedCostSpec = spec()) => attribute(lines, config({ sharedCosts: [s] }));
const sharedParts = (lines: CostLine[], s: SharedCostSpec = spec()) =>
  run(lines, s)
    .filter((f) => f.modelBy === `shared:${s.name}`)
    .map((f) => [f.model, f.effectiveCost] as const);

describe('proportional split', () => {
  it("splits by each model's effective spend that day, remainder to the largest remainder", () => {
    // Prepare
    const lines = [
      line({ tags: { model: 'a' }, cost: '2' }),
      line({ tags: { model: 'b' }, cost: '1' }),
      support(),
    ];

    // Act
    const facts = run(lines);

    // Assess: 10 split 2:1 is 6.67 and 3.33
    const shared = facts.filter((f) => f.modelBy === 'shared:support');
    expect(
      shared.map((f) => [f.model, f.stage, f.stageBy, f.effectiveCost, f.billedCost, f.listCost]),
    ).toEqual([
      ['a', 'serve', 'tag:stage', 7n, 7n, 7n],
      ['b', 'serve', 'tag:stage', 3n, 3n, 3n],
    ]);
    expect(shared.every((f) => f.serviceName === 'AWS Support (Business)')).toBe(true);
  });

  it('gives ties to the model that sorts first', () => {
    // Prepare: equal spend, 10 into three parts
    const lines = ['z', 'a', 'm'].map((m) => line({ tags: { model: m } }));

    // Act / Assess
    expect(sharedParts([...lines, support()])).toEqual([
      ['a', 4n],
      ['m', 3n],
      ['z', 3n],
    ]);
  });

  it('weighs only the same day, provider and currency', () => {
    // Prepare
    const lines = [
      line({ tags: { model: 'a' } }),
      line({ tags: { model: 'other-day' }, day: '2026-10-02', cost: '100' }),
      line({ tags: { model: 'other-provider' }, provider: 'Microsoft', cost: '100' }),
      line({ tags: { model: 'other-currency' }, currency: 'EUR', cost: '100' }),
      support(),
    ];

    // Act / Assess
    expect(sharedParts(lines)).toEqual([['a', 10n]]);
  });

  it('ignores unattributed spend, models whose net spend is not positive, and shared lines themselves', () => {
    // Prepare
    const lines = [
      line({ tags: { model: 'a' }, cost: '1' }),
      line({ cost: '50' }), // unattributed
      line({ tags: { model: 'refunded' }, cost: '3' }),
      line({ tags: { model: 'refunded' }, cost: '-3' }),
      line({ tags: { model: 'credited' }, cost: '-1' }),
      support({ tags: { model: 'tagged-support', stage: 'serve' }, cost: '5' }),
      support(),
    ];

    // Act / Assess
    expect(sharedParts(lines)).toEqual([['a', 5_000_000_000_010n]]);
  });

  it('restricts the split to `among`', () => {
    // Prepare
    const lines = ['a', 'b', 'c'].map((m) => line({ tags: { model: m } }));

    // Act / Assess
    expect(sharedParts([...lines, support()], spec({ among: ['b', 'c'] }))).toEqual([
      ['b', 5n],
      ['c', 5n],
    ]);
  });

  it('splits credits (negative amounts) as the negated positive split', () => {
    // Prepare
    const lines = [
      ...['a', 'b', 'c'].map((m) => line({ tags: { model: m } })),
      support({ cost: '-0.00000000001' }),
    ];

    // Act / Assess
    expect(sharedParts(lines)).toEqual([
      ['a', -4n],
      ['b', -3n],
      ['c', -3n],
    ]);
  });
});

describe('even split', () => {
  it('splits equally across the models with spend that day', () => {
    // Prepare: a spends 100 times more than b; it still gets an equal part
    const lines = [line({ tags: { model: 'b' } }), line({ tags: { model: 'a' }, cost: '100' }), support()];

    // Act / Assess
    expect(sharedParts(lines, spec({ split: 'even' }))).toEqual([
      ['a', 5n],
      ['b', 5n],
    ]);
  });

  it('with `among`, splits across those models even without spend', () => {
    // Act / Assess
    expect(sharedParts([support()], spec({ split: 'even', among: ['y', 'x', 'w'] }))).toEqual([
      ['w', 4n],
      ['x', 3n],
      ['y', 3n],
    ]);
  });
});

describe('weights split', () => {
  it('splits by fixed weights whatever the spend, remainders placed deterministically', () => {
    // Prepare
    const s = spec({ split: 'weights', weights: { llama: 3, bert: 1.5, ignored: 0 } });

    // Act / Assess: 10 * 1.5/4.5 = 3.33, 10 * 3/4.5 = 6.67
    expect(sharedParts([line({ tags: { model: 'bert' }, cost: '1000' }), support()], s)).toEqual([
      ['bert', 3n],
      ['llama', 7n],
    ]);
  });

  it('splits the row count too, keeping its total', () => {
    // Prepare
    const s = spec({ split: 'weights', weights: { a: 1, b: 1, c: 1 } });

    // Act
    const facts = run([support({ rowCount: 24 }), support({ rowCount: 8 })], s);

    // Assess
    expect(facts.map((f) => [f.model, f.rowCount, f.effectiveCost])).toEqual([
      ['a', 11, 7n],
      ['b', 11, 7n],
      ['c', 10, 6n],
    ]);
  });
});

describe('when there is no model to split to', () => {
  it('the cost stays unattributed, with its own stage, rather than vanishing', () => {
    // Prepare
    const lines = [support(), line({ tags: { model: 'a' }, day: '2026-10-02' })];

    // Act
    const facts = run(lines).filter((f) => f.day === '2026-10-01');

    // Assess
    expect(facts.map((f) => [f.model, f.modelBy, f.stage, f.stageBy, f.effectiveCost])).toEqual([
      ['unattributed', 'unattributed', 'serve', 'tag:stage', 10n],
    ]);
  });

  it('even a shared line tagged with a model goes to unattributed (the entry claimed it)', () => {
    // Act
    const facts = run([support({ tags: { model: 'own' } })]);

    // Assess
    expect(facts.map((f) => [f.model, f.modelBy])).toEqual([['unattributed', 'unattributed']]);
  });
});

describe('several entries', () => {
  it('the first entry that matches takes the line', () => {
    // Prepare
    const sharedCosts: SharedCostSpec[] = [
      spec({ name: 'first', split: 'weights', weights: { x: 1 } }),
      spec({ name: 'second', split: 'weights', weights: { y: 1 } }),
    ];

    // Act
    const facts = attribute([support()], config({ sharedCosts }));

    // Assess
    expect(facts.map((f) => [f.model, f.modelBy])).toEqual([['x', 'shared:first']]);
  });

  it('every split keeps the totals of every metric exactly', () => {
    // Prepare
    const lines = [
      line({ tags: { model: 'a' }, cost: '0.3' }),
      line({ tags: { model: 'b' }, cost: '0.7' }),
      { ...support({ cost: '1.000000000001' }), billedCost: 7n, listCost: -13n },
    ];

    // Act
    const facts = run(lines);

    // Assess
    expect(sums(facts)).toEqual(sums(lines));
  });
});
