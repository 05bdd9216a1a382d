import { describe, expect, it } from 'vitest';
import { attribute } from '../../../../src/core/attribution/attribute.js';
import { compileMatch, compileResolver } from '../../../../src/core/attribution/resolve.js';
import { DEFAULT_ATTRIBUTION } from '../../../../src/core/attribution/types.js';
import type { CostLine } from '../../../../src/core/cost-line.js';
import { config, line, who } from './lines.js';

const resolveDefault = compileResolver(DEFAULT_ATTRIBUTION);
const dims = (l: CostLine, resolve = resolveDefault) => {
  const { model, stage, modelBy, stageBy } = resolve(l);
  return { model, stage, modelBy, stageBy };
};
const withModelKeys = (tagKeys: string[], valueAliases: Record<string, string> = {}) =>
  config({ dimensions: { ...DEFAULT_ATTRIBUTION.dimensions, model: { tagKeys, valueAliases } } });

describe('tag keys', () => {
  it('match ignoring case, surrounding whitespace and the AWS user: and user_ prefixes', () => {
    // Prepare
    const l = line({ tags: { ' User:Model ': 'Llama3-70B ', user_STAGE: 'Production' } });

    // Act
    const facts = attribute([l], DEFAULT_ATTRIBUTION);

    // Assess
    expect(facts.map(who)).toEqual([
      {
        model: 'llama3-70b',
        stage: 'serve',
        modelBy: 'tag:model',
        stageBy: 'tag:stage',
        cost: l.effectiveCost,
      },
    ]);
  });

  it('match a line key with a leading space (" org") and a config key written loosely', () => {
    // Prepare
    const resolve = compileResolver(withModelKeys([' Org ']));

    // Act / Assess
    expect(dims(line({ tags: { ' org': 'Trey' } }), resolve)).toMatchObject({
      model: 'trey',
      modelBy: 'tag:org',
    });
    expect(dims(line({ tags: { 'user:ORG': 'x' } }), resolve)).toMatchObject({
      model: 'x',
      modelBy: 'tag:org',
    });
  });

  it('do not treat -, _ and . as equivalent (ml_model is not ml-model)', () => {
    // Act / Assess: the default model keys are model, ml-model, model_name
    expect(dims(line({ tags: { ml_model: 'x' } })).model).toBe('unattributed');
    expect(dims(line({ tags: { 'ml.model': 'x' } })).model).toBe('unattributed');
    expect(dims(line({ tags: { 'model-name': 'x' } })).model).toBe('unattributed');
    expect(dims(line({ tags: { 'ML-Model': 'x' } }))).toMatchObject({ model: 'x', modelBy: 'tag:ml-model' });
    expect(dims(line({ tags: { user_model_name: 'y' } }))).toMatchObject({
      model: 'y',
      modelBy: 'tag:model_name',
    });
  });
});

describe('which tag a dimension takes', () => {
  it('is the first key in config order, whatever the order on the line', () => {
    // Prepare: environment comes first on the line, stage first in the config
    const l = line({ tags: { environment: 'dev', env: 'prod', stage: 'eval' } });
    const reversed = config({
      dimensions: {
        ...DEFAULT_ATTRIBUTION.dimensions,
        stage: { ...DEFAULT_ATTRIBUTION.dimensions.stage, tagKeys: ['environment', 'env', 'stage'] },
      },
    });

    // Act / Assess
    expect(dims(l)).toMatchObject({ stage: 'eval', stageBy: 'tag:stage' });
    expect(dims(l, compileResolver(reversed))).toMatchObject({ stage: 'dev', stageBy: 'tag:environment' });
  });

  it('skips keys whose value is empty or whitespace', () => {
    // Act / Assess
    expect(dims(line({ tags: { stage: '', env: '  ', environment: 'Training' } }))).toMatchObject({
      stage: 'train',
      stageBy: 'tag:environment',
    });
    expect(dims(line({ tags: { model: ' ', stage: '\t' } }))).toMatchObject({
      model: 'unattributed',
      modelBy: 'unattributed',
      stage: 'unattributed',
      stageBy: 'unattributed',
    });
  });

  it('ignores tags that are not configured', () => {
    // Act / Assess
    expect(dims(line({ tags: { team: 'ml', Name: 'gpu-box', application: 'x' } })).model).toBe(
      'unattributed',
    );
  });
});

describe('values', () => {
  it.each([
    ['production', 'serve'],
    [' PROD ', 'serve'],
    ['Training', 'train'],
    ['development', 'dev'],
    ['Staging', 'staging'], // no alias: trimmed and lowercased only
    ['serve', 'serve'],
  ])('stage %j becomes %j with the default aliases', (raw, expected) => {
    // Act / Assess
    expect(dims(line({ tags: { env: raw } })).stage).toBe(expected);
  });

  it('apply the aliases of their own dimension only, matched on the normalized value', () => {
    // Prepare
    const resolve = compileResolver(withModelKeys(['model'], { 'Llama-3-70B ': 'llama3-70b' }));

    // Act / Assess
    expect(dims(line({ tags: { model: ' LLAMA-3-70b' } }), resolve).model).toBe('llama3-70b');
    expect(dims(line({ tags: { model: 'prod' } }), resolve).model).toBe('prod');
  });
});

describe('rules', () => {
  const rules = config({
    rules: [
      { name: 'aws-eval', match: { provider: 'aws' }, set: { stage: 'eval' } },
      {
        name: 'ec2',
        match: { service: 'Amazon Elastic Compute Cloud' },
        set: { model: 'fleet', stage: 'dev' },
      },
      { name: 'all', match: { provider: '.*' }, set: { model: 'catch-all', stage: 'catch-all' } },
    ],
  });
  const resolve = compileResolver(rules);

  it('lose to tags, and fill only the dimensions the tags left empty', () => {
    // Act / Assess
    expect(dims(line({ tags: { model: 'bert' } }), resolve)).toEqual({
      model: 'bert',
      modelBy: 'tag:model',
      stage: 'eval',
      stageBy: 'rule:aws-eval',
    });
    expect(dims(line({ tags: { model: 'bert', env: 'prod' } }), resolve)).toMatchObject({
      modelBy: 'tag:model',
      stageBy: 'tag:env',
    });
  });

  it('apply in order, first matching rule that sets the dimension wins', () => {
    // Act / Assess: aws-eval sets no model, so the model comes from the next rule
    expect(dims(line(), resolve)).toEqual({
      model: 'fleet',
      modelBy: 'rule:ec2',
      stage: 'eval',
      stageBy: 'rule:aws-eval',
    });
    expect(dims(line({ provider: 'Google Cloud', serviceName: 'BigQuery' }), resolve)).toEqual({
      model: 'catch-all',
      modelBy: 'rule:all',
      stage: 'catch-all',
      stageBy: 'rule:all',
    });
  });

  it('give canonical values: normalized and aliased like tag values', () => {
    // Prepare
    const r = compileResolver(
      config({ rules: [{ name: 'r', match: { provider: 'AWS' }, set: { stage: ' Production' } }] }),
    );

    // Act / Assess
    expect(dims(line(), r).stage).toBe('serve');
  });

  it('leave what nothing attributes as the configured unattributed value', () => {
    // Prepare
    const r = compileResolver(config({ unattributed: '(none)', rules: rules.rules.slice(0, 2) }));

    // Act / Assess
    expect(dims(line({ provider: 'Oracle', serviceName: 'COMPUTE' }), r)).toEqual({
      model: '(none)',
      modelBy: 'unattributed',
      stage: '(none)',
      stageBy: 'unattributed',
    });
  });
});

describe('rule patterns (compileMatch)', () => {
  it.each([
    [{ provider: 'AWS' }, line(), true],
    [{ provider: 'aws' }, line(), true], // ignoring case
    [{ provider: 'AWS' }, line({ provider: 'AWS Marketplace' }), false], // the whole value
    [{ provider: 'AWS.*' }, line({ provider: 'AWS Marketplace' }), true],
    [{ provider: 'Oracle|AWS' }, line(), true], // alternation stays inside the anchors
    [{ provider: 'AWS', service: 'EC2' }, line(), false], // every field must match
    [{ region: '' }, line({ regionId: '' }), true],
    [{ region: '' }, line(), false],
    [{ resource: 'gpu-.*' }, line({ resourceName: 'gpu-box' }), true], // id or name
    [{ resource: 'i-0abc' }, line({ resourceName: 'gpu-box' }), true],
    [{ subAccount: 'Research' }, line({ subAccountName: 'research' }), true],
    [{ subAccount: '2+' }, line(), true],
    [{ chargeCategory: 'Credit|Adjustment' }, line({ chargeCategory: 'Credit' }), true],
    [{ serviceCategory: 'AI and Machine Learning' }, line(), false],
    [{ billingAccount: '1{12}' }, line(), true],
  ])('%j on the line -> %s', (match, l, expected) => {
    // Act / Assess
    expect(compileMatch(match)(l)).toBe(expected);
  });
});
