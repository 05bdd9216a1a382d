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
        level: levels.optional(),
        provider: name.optional(),
        service: name.optional(),
        model: modelName.optional(),
        stage: name.optional(),
      })
      .refine((m) => Object.keys(m).length > 0, { message: 'match needs at least one field' }),
    threshold: z.number().positive().optional(),
    minImpact: z.number().nonnegative().optional(),
    drops: z.boolean().optional(),
  })
  .refine((r) => r.threshold !== undefined || r.minImpact !== undefined || r.drops !== undefined, {
    message: 'a series rule needs threshold, minImpact or drops',
  });

export const anomaliesSchema = z
  .strictObject({
    /** Cost figure judged: effective (amortized) by default. */
    metric: z.enum(['billed', 'effective', 'list']).default('effective'),
    /** Robust z-score an alert needs. */
    threshold: z.number().positive().default(DEFAULT_DETECTOR.threshold),
    /** Impact floor per day in the series' currency; both thresholds must be met. */
    minImpact: z.number().nonnegative().default(DEFAULT_DETECTOR.minImpact),
    /** Report spend drops too (separately from spikes). */
    drops: z.boolean().default(DEFAULT_DETECTOR.drops),
    /** Days of history read from the store for each run. */
    lookbackDays: z.number().int().min(14).max(730).default(120),
    /** An anomaly marked expected silences the same series and cause for this many days. */
    suppressDays: z.number().int().min(0).max(365).default(14),
    levels: z
      .array(levels)
      .min(1)
      .default([...SERIES_LEVELS]),
    series: z.array(seriesRule).default([]),
  })
  .prefault({});

const percent = z.number().positive().max(1000);

const budget = z.strictObject({
  name,
  model: modelName.optional(),
  stage: name.optional(),
  provider: name.optional(),
  /** Monthly amount in `currency`. */
  amount: z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?$/)]),
  currency: z.string().trim().length(3).default('USD'),
  thresholds: z
    .strictObject({
      actual: z.array(percent).default([50, 80, 100]),
      forecast: z.array(percent).default([100]),
    })
    .prefault({}),
});

export const budgetsSchema = z
  .array(budget)
  .refine((bs) => new Set(bs.map((b) => b.name)).size === bs.length, {
    message: 'budget names must be unique',
  })
  .default([]);
