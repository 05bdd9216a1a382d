import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { loadConfig, parseConfig } from '../../../src/config/load.js';
import { DEFAULT_ATTRIBUTION } from '../../../src/core/attribution/types.js';

const dir = mkdtempSync(join(tmpdir(), 'costguard-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** The ConfigError that `fn` throws. */
const errorOf = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('defaults', () => {
  it('are the issue defaults for an empty config', () => {
    // Act
    const config = parseConfig({});

    // Assess
    expect(config.attribution).toEqual(DEFAULT_ATTRIBUTION);
    expect(config.attribution.dimensions.model.tagKeys).toEqual(['model', 'ml-model', 'model_name']);
    expect(config.attribution.dimensions.stage).toEqual({
      tagKeys: ['stage', 'env', 'environment'],
      valueAliases: { production: 'serve', prod: 'serve', training: 'train', development: 'dev' },
    });
    expect(config.store.path).toBe('costguard.duckdb');
    expect(parseConfig(null)).toEqual(config);
    expect(parseConfig(undefined)).toEqual(config);
  });

  it('fill what a partial config leaves out, per field', () => {
    // Act
    const config = parseConfig({
      attribution: {
        dimensions: { model: { tagKeys: ['application'] } },
        sharedCosts: [{ name: 's', match: { service: 'Support' } }],
      },
    });

    // Assess
    expect(config.attribution.dimensions.model).toEqual({ tagKeys: ['application'], valueAliases: {} });
    expect(config.attribution.dimensions.stage).toEqual(DEFAULT_ATTRIBUTION.dimensions.stage);
    expect(config.attribution.sharedCosts).toEqual([
      { name: 's', match: { service: 'Support' }, split: 'proportional' },
    ]);
    expect(config.attribution.unattributed).toBe('unattributed');
  });

  it('normalize model names in weights and among as attribution compares them', () => {
    // Act
    const config = parseConfig({
      attribution: {
        sharedCosts: [
          {
            name: 's',
            match: { service: 'x' },
            split: 'weights',
            weights: { ' Llama ': 2 },
            among: ['BERT'],
          },
        ],
      },
    });

    // Assess
    expect(config.attribution.sharedCosts[0]).toMatchObject({ weights: { llama: 2 }, among: ['bert'] });
  });
});

describe('invalid configs', () => {
  it.each([
    [
      { attribution: { dimensions: { model: { tagkeys: ['a'] } } } },
      'attribution.dimensions.model: Unrecognized key: "tagkeys"',
    ],
    [{ bogus: 1 }, '(top level): Unrecognized key: "bogus"'],
    [
      { attribution: { rules: [{ name: 'r', match: { provider: 'AWS' }, set: { model: 'm' }, when: 1 }] } },
      'attribution.rules.0: Unrecognized key: "when"',
    ],
    [
      { attribution: { rules: [{ name: 'r', match: { provder: 'AWS' }, set: { model: 'm' } }] } },
      'attribution.rules.0.match: Unrecognized key: "provder"',
    ],
    [{ store: { pth: 'x' } }, 'store: Unrecognized key: "pth"'],
  ])('reject an unknown key with its path: %j', (raw, expected) => {
    // Act
    const error = errorOf(() => parseConfig(raw, 'costguard.config.yaml'));

    // Assess
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('costguard.config.yaml is invalid');
    expect(error.message).toContain(expected);
  });

  it.each([
    ['(', 'attribution.rules.0.match.provider: not a valid regular expression'],
    ['[a-', 'attribution.rules.0.match.provider: not a valid regular expression'],
    ['*aws', 'attribution.rules.0.match.provider: not a valid regular expression'],
  ])('reject the bad regular expression %j with its path', (pattern, expected) => {
    // Act
    const error = errorOf(() =>
      parseConfig({
        attribution: { rules: [{ name: 'r', match: { provider: pattern }, set: { model: 'm' } }] },
      }),
    );

    // Assess
    expect(error.message).toContain(expected);
  });

  it.each([
    [
      { attribution: { rules: [{ name: 'r', match: {}, set: { model: 'm' } }] } },
      'attribution.rules.0.match: match needs at least one field',
    ],
    [
      { attribution: { rules: [{ name: 'r', match: { provider: 'a' }, set: {} }] } },
      'attribution.rules.0.set: set needs model or stage',
    ],
    [
      { attribution: { sharedCosts: [{ name: 's', match: { service: 'x' }, split: 'weights' }] } },
      'attribution.sharedCosts.0.weights: split: weights needs a non-empty weights map',
    ],
    [
      {
        attribution: {
          sharedCosts: [{ name: 's', match: { service: 'x' }, split: 'weights', weights: { a: 0 } }],
        },
      },
      'attribution.sharedCosts.0.weights.a',
    ],
    [
      { attribution: { sharedCosts: [{ name: 's', match: { service: 'x' }, split: 'random' }] } },
      'attribution.sharedCosts.0.split',
    ],
    [
      {
        attribution: {
          rules: [
            { name: 'r', match: { provider: 'a' }, set: { model: 'm' } },
            { name: 'r', match: { provider: 'b' }, set: { model: 'n' } },
          ],
        },
      },
      'attribution.rules: rule names must be unique',
    ],
    [{ attribution: { unattributed: '  ' } }, 'attribution.unattributed'],
    [
      { attribution: { dimensions: { stage: { tagKeys: ['env', ' '] } } } },
      'attribution.dimensions.stage.tagKeys.1',
    ],
  ])('reject %j naming the field', (raw, expected) => {
    // Act / Assess
    expect(errorOf(() => parseConfig(raw)).message).toContain(expected);
  });
});

describe('loadConfig', () => {
  it('reads a YAML file', () => {
    // Prepare
    const path = file(
      'costguard.config.yaml',
      [
        'attribution:',
        '  dimensions:',
        '    model: { tagKeys: [model, application] }',
        '  rules:',
        '    - name: oracle',
        '      match: { provider: Oracle }',
        '      set: { model: oracle-erp, stage: serve }',
        'store:',
        '  path: /tmp/x.duckdb',
      ].join('\n'),
    );

    // Act
    const config = loadConfig(path);

    // Assess
    expect(config.attribution.dimensions.model.tagKeys).toEqual(['model', 'application']);
    expect(config.attribution.rules).toEqual([
      { name: 'oracle', match: { provider: 'Oracle' }, set: { model: 'oracle-erp', stage: 'serve' } },
    ]);
    expect(config.store.path).toBe('/tmp/x.duckdb');
  });

  it('gives the defaults for an empty file', () => {
    // Act / Assess
    expect(loadConfig(file('empty.yaml', '')).attribution).toEqual(DEFAULT_ATTRIBUTION);
  });

  it('names the file and the field of an invalid config', () => {
    // Prepare
    const path = file(
      'bad.yaml',
      'attribution:\n  rules:\n    - name: r\n      match: { provider: "(" }\n      set: { model: m }\n',
    );

    // Act
    const error = errorOf(() => loadConfig(path));

    // Assess
    expect(error.message).toBe(
      `${path} is invalid:\n  attribution.rules.0.match.provider: not a valid regular expression`,
    );
  });

  it('says when the file is not YAML', () => {
    // Prepare
    const path = file('broken.yaml', 'attribution: [unclosed\n');

    // Act
    const error = errorOf(() => loadConfig(path));

    // Assess
    expect(error.message).toContain(`${path} is not valid YAML`);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('fails when an explicit file does not exist, naming it', () => {
    // Prepare
    const path = join(dir, 'missing.yaml');

    // Act
    const error = errorOf(() => loadConfig(path));

    // Assess
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`cannot read config file ${path}`);
    expect(error.message).toContain('ENOENT');
    expect(error.cause).toBeInstanceOf(Error);
  });
});
