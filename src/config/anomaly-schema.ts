import { z } from 'zod';
import { DEFAULT_DETECTOR } from '../core/anomaly/detector.js';
import { SERIES_LEVELS } from '../core/anomaly/types.js';

const levels = z.enum(SERIES_LEVELS as unknown as [string, ...string[]]);
const name = z.string().trim().min(1);
// Model names are compared lowercased everywhere (see attribution).
const modelName = name.transform((s) => s.toLowerCase());

const seriesRule = z
  .strictObject({
    match: z
      .strictObject({
        level: levels
          .optional()
          .meta({ description: 'Series level the rule applies to.', examples: ['model'] }),
        provider: name.optional().meta({ description: 'Cloud: aws, gcp or azure.', examples: ['gcp'] }),
        service: name.optional().meta({ description: 'Service name as billed.', examples: ['Vertex AI'] }),
        model: modelName.optional().meta({ description: 'Model (any case).', examples: ['llama3-70b'] }),
        stage: name.optional().meta({ description: 'Stage.', examples: ['train'] }),
      })
      .refine((m) => Object.keys(m).length > 0, { message: 'match needs at least one field' })
      .describe('Which series the rule applies to; every field given must match.'),
    threshold: z
      .number()
      .positive()
      .optional()
      .meta({
        description: 'Robust z-score these series need (replaces anomalies.threshold).',
        examples: [6],
      }),
    minImpact: z
      .number()
      .nonnegative()
      .optional()
      .meta({
        description: 'Impact floor per day for these series (replaces anomalies.minImpact).',
        examples: [500],
      }),
    drops: z
      .boolean()
      .optional()
      .meta({
        description: 'Report drops of these series too (replaces anomalies.drops).',
        examples: [true],
      }),
  })
  .refine((r) => r.threshold !== undefined || r.minImpact !== undefined || r.drops !== undefined, {
    message: 'a series rule needs threshold, minImpact or drops',
  });

export const anomaliesSchema = z
  .strictObject({
    metric: z
      .enum(['billed', 'effective', 'list'])
      .default('effective')
      .describe('Cost figure judged: effective (amortized commitments), billed (as invoiced) or list.'),
    threshold: z
      .number()
      .positive()
      .default(DEFAULT_DETECTOR.threshold)
      .describe('Robust z-score (median and MAD of the series) a day needs to be an anomaly.'),
    minImpact: z
      .number()
      .nonnegative()
      .default(DEFAULT_DETECTOR.minImpact)
      .describe("Impact floor per day in the series' currency; both this and threshold must be met."),
    drops: z
      .boolean()
      .default(DEFAULT_DETECTOR.drops)
      .describe('Report spend drops too (separately from spikes).'),
    lookbackDays: z
      .number()
      .int()
      .min(14)
      .max(730)
      .default(120)
      .describe('Days of history read from the store for each run.'),
    suppressDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .default(14)
      .describe('An anomaly marked expected silences the same series and cause for this many days.'),
    levels: z
      .array(levels)
      .min(1)
      .default([...SERIES_LEVELS])
      .describe('Series levels judged: the total, per provider, service, model, model and stage.'),
    series: z
      .array(seriesRule)
      .default([])
      .describe('Per-series overrides of threshold, minImpact or drops; the first matching rule wins.'),
  })
  .prefault({})
  .describe('Cost anomaly detection (`costguard anomalies`, the daily check).');

const percent = z.number().positive().max(1000);

const budget = z.strictObject({
  name: name.meta({ description: 'Unique name, shown in alerts.', examples: ['nlp-training'] }),
  model: modelName
    .optional()
    .meta({ description: 'Only this model (any case); absent = every model.', examples: ['llama3-70b'] }),
  stage: name.optional().meta({ description: 'Only this stage; absent = every stage.', examples: ['train'] }),
  provider: name
    .optional()
    .meta({ description: 'Only this cloud (aws, gcp, azure); absent = every cloud.', examples: ['aws'] }),
  amount: z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?$/)]).meta({
    description: 'Monthly amount in `currency` (a decimal string keeps cents exact).',
    examples: ['25000.00'],
  }),
  currency: z.string().trim().length(3).default('USD').describe('ISO 4217 currency of the amount.'),
  thresholds: z
    .strictObject({
      actual: z
        .array(percent)
        .default([50, 80, 100])
        .describe('Percent of the amount spent so far that alerts, once a month each.'),
      forecast: z
        .array(percent)
        .default([100])
        .describe('Percent of the amount the month-end forecast reaches that alerts, once a month each.'),
    })
    .prefault({})
    .describe('When to alert.'),
});

export const budgetsSchema = z
  .array(budget)
  .refine((bs) => new Set(bs.map((b) => b.name)).size === bs.length, {
    message: 'budget names must be unique',
  })
  .default([])
  .describe('Monthly budgets per model, stage or cloud, with alerts on actual and forecast spend.');
