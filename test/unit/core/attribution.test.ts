import { describe, expect, it } from 'vitest';
import { attribute } from '../../../src/core/attribution/attribute.js';
import { type AttributionConfig, DEFAULT_ATTRIBUTION } from '../../../src/core/attribution/types.js';
import type { CostLine } from '../../../src/core/cost-line.js';
import { parseMoney } from '../../../src/core/money.js';

const line = (p: Partial<CostLine> & { cost?: string }): CostLine => {
  const { cost = '1', ...rest } = p;
  const m = parseMoney(cost);
  return {
    day: '2026-10-01',
    provider: 'AWS',
    billingAccountId: 'b',
    subAccountId: 's',
    serviceName: 'EC2',
    serviceCategory: 'Compute',
    regionId: 'us-east-1',
    resourceId: 'i-1',
    resourceName: '',
    chargeCategory: 'Usage',
    currency: 'USD',
    tags: {},
    billedCost: m,
    effectiveCost: m,
    listCost: m,
    ...rest,
  };
};
const only = (lines: CostLine[], cfg: AttributionConfig = DEFAULT_ATTRIBUTION) => {
  const facts = attribute(lines, cfg);
  return facts.map((f) => ({
    model: f.model,
    stage: f.stage,
    modelBy: f.modelBy,
    stageBy: f.stageBy,
    cost: f.effectiveCost,
  }));
};

describe('tag attribution', () => {
  it('matches keys ignoring case, whitespace and the AWS user: / user_ prefixes', () => {
    expect(only([line({ tags: { ' User:Model ': 'Llama3-70B ', user_STAGE: 'Production' } })])).toEqual([
      {
        model: 'llama3-70b',
        stage: 'serve',
        modelBy: 'tag:model',
        stageBy: 'tag:stage',
        cost: parseMoney('1'),
      },
    ]);
  });

  it('does not treat -, _ and . as equivalent', () => {
    const cfg = {
      ...DEFAULT_ATTRIBUTION,
      dimensions: { ...DEFAULT_ATTRIBUTION.dimensions, model: { tagKeys: ['ml-model'], valueAliases: {} } },
    };
    expect(only([line({ tags: { ml_model: 'x', 'ml.model': 'y' } })], cfg)[0]?.model).toBe('unattributed');
    expect(only([line({ tags: { 'ML-Model': 'x' } })], cfg)[0]?.model).toBe('x');
  });

  it('takes the first configured key with a non-empty value, whatever the line order', () => {
    const facts = only([line({ tags: { environment: 'dev', env: '  ', stage: '', Env: 'training' } })]);
    // stage is empty and the first `env` blank; `Env` is the same key and not blank, and env comes
    // before environment in the config, whatever the order on the line.
    expect(facts[0]).toMatchObject({ stage: 'train', stageBy: 'tag:env' });
    expect(only([line({ tags: { environment: 'dev', env: '  ' } })])[0]).toMatchObject({
      stage: 'dev',
      stageBy: 'tag:environment',
    });
  });

  it('lets tags win over rules, applies rules in order, first match wins per dimension', () => {
    const cfg: AttributionConfig = {
      ...DEFAULT_ATTRIBUTION,
      rules: [
        { name: 'first', match: { provider: 'aws' }, set: { stage: 'eval' } },
        { name: 'second', match: { service: 'EC2' }, set: { model: 'fallback', stage: 'dev' } },
      ],
    };
    expect(only([line({ tags: { model: 'bert' } })], cfg)[0]).toMatchObject({
      model: 'bert',
      modelBy: 'tag:model',
      stage: 'eval',
      stageBy: 'rule:first',
    });
    expect(only([line({ provider: 'Google Cloud' })], cfg)[0]).toMatchObject({
      model: 'fallback',
      modelBy: 'rule:second',
      stage: 'dev',
      stageBy: 'rule:second',
    });
    expect(only([line({ provider: 'GCP', serviceName: 'BigQuery' })], cfg)[0]).toMatchObject({
      model: 'unattributed',
      modelBy: 'unattributed',
      stage: 'unattributed',
      stageBy: 'unattributed',
    });
  });

  it('matches rule patterns against the whole value', () => {
    const cfg: AttributionConfig = {
      ...DEFAULT_ATTRIBUTION,
      rules: [{ name: 'r', match: { provider: 'AWS' }, set: { model: 'm' } }],
    };
    expect(only([line({ provider: 'AWS Marketplace' })], cfg)[0]?.model).toBe('unattributed');
  });
});

describe('shared costs', () => {
  const support = line({ serviceName: 'AWS Support', cost: '0.000000000010', tags: { stage: 'serve' } });
  it("splits proportionally to the day's spend, remainder to the largest remainders, exactly", () => {
    const cfg: AttributionConfig = {
      ...DEFAULT_ATTRIBUTION,
      sharedCosts: [{ name: 'support', match: { service: 'AWS Support' }, split: 'proportional' }],
    };
    const facts = only(
      [line({ tags: { model: 'a' }, cost: '2' }), line({ tags: { model: 'b' }, cost: '1' }), support],
      cfg,
    );
    const shared = facts.filter((f) => f.modelBy === 'shared:support');
    // 10 pico-units split 2:1 -> 6.67 and 3.33 -> 7 and 3
    expect(shared).toEqual([
      { model: 'a', stage: 'serve', modelBy: 'shared:support', stageBy: 'tag:stage', cost: 7n },
      { model: 'b', stage: 'serve', modelBy: 'shared:support', stageBy: 'tag:stage', cost: 3n },
    ]);
  });

  it('splits evenly, ties to the model that sorts first', () => {
    const cfg: AttributionConfig = {
      ...DEFAULT_ATTRIBUTION,
      sharedCosts: [{ name: 's', match: { service: 'AWS Support' }, split: 'even' }],
    };
    const facts = only(
      [
        line({ tags: { model: 'z' } }),
        line({ tags: { model: 'a' } }),
        line({ tags: { model: 'm' } }),
        support,
      ],
      cfg,
    );
    expect(facts.filter((f) => f.modelBy === 'shared:s').map((f) => [f.model, f.cost])).toEqual([
      ['a', 4n],
      ['m', 3n],
      ['z', 3n],
    ]);
  });

  it('stays unattributed when there is no model to split to', () => {
    const cfg: AttributionConfig = {
      ...DEFAULT_ATTRIBUTION,
      sharedCosts: [{ name: 's', match: { service: 'AWS Support' }, split: 'proportional' }],
    };
    expect(only([support], cfg)).toEqual([
      { model: 'unattributed', stage: 'serve', modelBy: 'unattributed', stageBy: 'tag:stage', cost: 10n },
    ]);
  });
});
