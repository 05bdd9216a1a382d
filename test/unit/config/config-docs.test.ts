import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { configDocsText, docRows, renderConfigDocs, undocumented } from '../../../src/config/config-docs.js';
import { CLOUDS, type Cloud, renderInitConfig } from '../../../src/config/init-template.js';
import { configJsonSchema, type JsonSchema } from '../../../src/config/json-schema.js';
import { parseConfig } from '../../../src/config/load.js';
import { jsonSchemaValidator } from '../../helpers/json-schema.js';

const schema = configJsonSchema();

/** Every node of the schema with where it is. */
function* nodes(node: JsonSchema, path = '$'): Generator<[string, JsonSchema]> {
  yield [path, node];
  for (const [k, v] of Object.entries(node.properties ?? {})) yield* nodes(v, `${path}.${k}`);
  if (node.items) yield* nodes(node.items, `${path}[]`);
  if (typeof node.additionalProperties === 'object') yield* nodes(node.additionalProperties, `${path}.*`);
  for (const [i, v] of (node.anyOf ?? []).entries()) yield* nodes(v, `${path}|${i}`);
}

describe('docs/config.md', () => {
  it('is what `npm run docs:config` writes from the schemas today', () => {
    // Assess: on a failure, run `npm run docs:config` and commit docs/config.md.
    expect(readFileSync('docs/config.md', 'utf8')).toBe(configDocsText());
  });

  it('changes when a description changes (the comparison above can fail)', () => {
    // Arrange
    const changed = structuredClone(schema);
    const store = changed.properties?.store?.properties?.path;
    if (!store) throw new Error('store.path is gone from the schema');
    store.description = 'Somewhere else.';

    // Act / Assess
    const example = renderInitConfig({
      clouds: [...CLOUDS],
      slack: true,
      schemaRef: './costguard.schema.json',
    });
    expect(renderConfigDocs(changed, example)).not.toBe(configDocsText());
    expect(renderConfigDocs(changed, example)).toContain(
      '| `store.path` | `string` | `costguard.duckdb` | Somewhere else. |',
    );
  });

  it('documents every key with a description, and every value key with an example', () => {
    // Act
    const rows = docRows(schema);

    // Assess
    expect(undocumented(rows)).toEqual([]);
    expect(rows.length).toBeGreaterThan(150);
    expect(rows.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        'sources.aws.billingAccountId',
        'budgets[].thresholds.actual',
        'idle.schedules[].match',
      ]),
    );
    expect(rows.find((r) => r.path === 'sources.aws.billingAccountId')).toEqual({
      path: 'sources.aws.billingAccountId',
      type: 'string, matching ^\\d{12}$',
      default: '(required)',
      description: "Payer (management) account id, the facts' FOCUS BillingAccountId.",
      example: 'billingAccountId: "123456789012"',
    });
    expect(rows.find((r) => r.path === 'idle.lookback')).toMatchObject({
      default: '120',
      example: 'lookback: 1h30m',
    });
  });
});

describe('the JSON Schema', () => {
  it('is valid draft 2020-12 for a strict validator', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => jsonSchemaValidator().compile(schema)).not.toThrow();
  });

  it('holds a default and examples on keys with a transform, which zod leaves out in the input schema', () => {
    const idle = schema.properties?.idle?.properties;
    expect(idle?.lookback).toMatchObject({ default: 120, examples: ['1h30m'] });
    expect(schema.properties?.attribution?.properties?.sharedCosts?.default).toEqual([]);
  });

  it('accepts each default and example it shows (editors offer them, docs/config.md prints them)', () => {
    // Arrange
    const ajv = jsonSchemaValidator();
    const refused: string[] = [];

    // Act
    for (const [path, node] of nodes(schema)) {
      const { default: dflt, examples = [], ...rest } = node;
      if (dflt === undefined && examples.length === 0) continue;
      const validate = ajv.compile(rest);
      for (const value of dflt === undefined ? examples : [dflt, ...examples])
        if (!validate(value)) refused.push(`${path}: ${JSON.stringify(value)}`);
    }

    // Assess
    expect(refused).toEqual([]);
  });
});

describe('the file init writes', () => {
  const combos: [Cloud[], boolean][] = [
    [[], false],
    [['aws'], false],
    [['gcp'], true],
    [['azure'], false],
    [[...CLOUDS], true],
  ];

  it.each(combos)('with clouds %j and slack %s passes zod and the JSON Schema', (clouds, slack) => {
    // Arrange
    const validate = jsonSchemaValidator().compile(schema);

    // Act
    const raw = parseYaml(renderInitConfig({ clouds, slack, schemaRef: './costguard.schema.json' }));

    // Assess
    expect(() => parseConfig(raw, 'init')).not.toThrow();
    expect(validate(raw), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(raw.sources ?? {}).filter((k) => k !== 'trailingDays')).toEqual(clouds);
    expect(raw.slack !== undefined).toBe(slack);
  });

  it('prints as an effective config that reads back as the same config', () => {
    // Arrange
    const config = parseConfig(
      parseYaml(renderInitConfig({ clouds: [...CLOUDS], slack: true, schemaRef: 'x' })),
      'init',
    );

    // Act
    const again = parseConfig(parseYaml(stringify(config)), 'effective');

    // Assess
    expect(again).toEqual(config);
  });
});
