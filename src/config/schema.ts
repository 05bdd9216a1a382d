import { z } from 'zod';
import { DEFAULT_ATTRIBUTION } from '../core/attribution/types.js';
import { anomaliesSchema, budgetsSchema } from './anomaly-schema.js';
import { idleSchema } from './idle-schema.js';
import { slackSchema } from './slack-schema.js';
import { sourcesSchema } from './sources-schema.js';

const regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

const lineMatch = z
  .strictObject({
    provider: regex.optional(),
    billingAccount: regex.optional(),
    subAccount: regex.optional(),
    service: regex.optional(),
    serviceCategory: regex.optional(),
    region: regex.optional(),
    resource: regex.optional(),
    chargeCategory: regex.optional(),
  })
  .refine((m) => Object.keys(m).length > 0, { message: 'match needs at least one field' });

// Model names are compared in their normalized (trimmed, lowercased) form everywhere.
const modelName = z
  .string()
  .trim()
  .min(1)
  .transform((s) => s.toLowerCase());

const dimension = (d: { tagKeys: readonly string[]; valueAliases: Readonly<Record<string, string>> }) =>
  z
    .strictObject({
      tagKeys: z.array(z.string().trim().min(1)).default([...d.tagKeys]),
      valueAliases: z.record(z.string(), z.string().trim().min(1)).default({ ...d.valueAliases }),
    })
    .default({ tagKeys: [...d.tagKeys], valueAliases: { ...d.valueAliases } });

const rule = z.strictObject({
  name: z.string().min(1),
  match: lineMatch,
  set: z
    .strictObject({ model: z.string().trim().min(1).optional(), stage: z.string().trim().min(1).optional() })
    .refine((s) => s.model !== undefined || s.stage !== undefined, { message: 'set needs model or stage' }),
});

const sharedCost = z
  .strictObject({
    name: z.string().min(1),
    match: lineMatch,
    split: z.enum(['proportional', 'even', 'weights']).default('proportional'),
    weights: z.record(modelName, z.number().positive()).optional(),
    among: z.array(modelName).min(1).optional(),
  })
  .refine((s) => s.split !== 'weights' || (s.weights && Object.keys(s.weights).length > 0), {
    message: 'split: weights needs a non-empty weights map',
    path: ['weights'],
  });

const uniqueNames = (items: { name: string }[]) => new Set(items.map((i) => i.name)).size === items.length;

export const attributionSchema = z
  .strictObject({
    dimensions: z
      .strictObject({
        model: dimension(DEFAULT_ATTRIBUTION.dimensions.model),
        stage: dimension(DEFAULT_ATTRIBUTION.dimensions.stage),
      })
      .prefault({}),
    unattributed: z.string().trim().min(1).default(DEFAULT_ATTRIBUTION.unattributed),
    rules: z.array(rule).refine(uniqueNames, { message: 'rule names must be unique' }).default([]),
    sharedCosts: z
      .array(sharedCost)
      .refine(uniqueNames, { message: 'sharedCosts names must be unique' })
      .default([]),
  })
  .prefault({});

export const configSchema = z
  .strictObject({
    attribution: attributionSchema,
    store: z
      .strictObject({
        /** DuckDB file for the CLI; --db overrides. */
        path: z.string().min(1).default('costguard.duckdb'),
      })
      .prefault({}),
    anomalies: anomaliesSchema,
    budgets: budgetsSchema,
    /** Live billing APIs for `costguard ingest`. */
    sources: sourcesSchema,
    /** The Slack bot; absent = no Slack. */
    slack: slackSchema,
    /** End-of-day idle GPU guard (`costguard idle`). */
    idle: idleSchema,
  })
  .prefault({});

export type CostguardConfig = z.output<typeof configSchema>;
