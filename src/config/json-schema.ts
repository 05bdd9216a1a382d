import { z } from 'zod';
import { configSchema } from './schema.js';

/** A JSON Schema node, as much of it as the docs and the CLI read. */
export interface JsonSchema {
  $schema?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  [key: string]: unknown;
}

/**
 * The JSON Schema (draft 2020-12) of costguard.config.yaml, generated from the zod schemas: the shape a
 * user writes (io 'input', so keys with a default are optional). Checks zod can only run in code (a
 * regular expression that compiles, unique names, dayStart before dayEnd) are not in it;
 * `costguard config check` runs them.
 */
export function configJsonSchema(): JsonSchema {
  return z.toJSONSchema(configSchema, {
    io: 'input',
    target: 'draft-2020-12',
    // zod drops the default and examples of a key with a transform (durations, lowercased model
    // names) in the input schema, as they might be output values; ours are valid inputs too (a test
    // validates every default and example against its own node), and editors and docs need them.
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def;
      if (def.type === 'default' && jsonSchema.default === undefined) jsonSchema.default = def.defaultValue;
      const examples = z.globalRegistry.get(zodSchema)?.examples;
      if (Array.isArray(examples) && jsonSchema.examples === undefined) jsonSchema.examples = examples;
    },
  }) as JsonSchema;
}

/** The schema as `costguard config schema` prints it and `costguard init` writes it. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
