import { z } from 'zod';
import { DEFAULT_ATTRIBUTION } from '../core/attribution/types.js';
import { anomaliesSchema, budgetsSchema } from './anomaly-schema.js';
import { clustersSchema } from './cluster-schema.js';
import { text } from './fields.js';
import { idleSchema } from './idle-schema.js';
import { notifySchema } from './notify-schema.js';
import { slackSchema } from './slack-schema.js';
import { sourcesSchema } from './sources-schema.js';
import { parseStoreUrl } from './store-url.js';

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

/** A regular expression on one FOCUS column of the billing line. */
const column = (focus: string, example: string) =>
  regex.optional().meta({ description: `Regular expression on FOCUS ${focus}.`, examples: [example] });

const lineMatch = z
  .strictObject({
    provider: column('ProviderName (aws, gcp, azure)', 'aws'),
    billingAccount: column('BillingAccountId', '123456789012'),
    subAccount: column('SubAccountId (AWS account, Google project, Azure subscription)', 'ml-research-.*'),
    service: column('ServiceName', 'Amazon SageMaker'),
    serviceCategory: column('ServiceCategory', 'AI and Machine Learning'),
    region: column('RegionId', 'us-.*'),
    resource: column('ResourceId', '.*training-job.*'),
    chargeCategory: column('ChargeCategory (Usage, Purchase, Tax, Credit, Adjustment)', 'Usage'),
  })
  .refine((m) => Object.keys(m).length > 0, { message: 'match needs at least one field' })
  .describe(
    'Which billing lines: every field given must match the whole value (regular expressions, any case).',
  );

// Model names are compared in their normalized (trimmed, lowercased) form everywhere.
const modelName = z
  .string()
  .trim()
  .min(1)
  .transform((s) => s.toLowerCase());

const dimension = (
  what: string,
  d: { tagKeys: readonly string[]; valueAliases: Readonly<Record<string, string>> },
) =>
  z
    .strictObject({
      tagKeys: z
        .array(z.string().trim().min(1))
        .default([...d.tagKeys])
        .describe(`Tag (label) keys that name the ${what}, in order of preference; the first present wins.`),
      valueAliases: z
        .record(z.string(), z.string().trim().min(1))
        .default({ ...d.valueAliases })
        .meta({
          description: `Tag value -> the ${what} it stands for (compared in lower case).`,
          examples: [what === 'model' ? { 'llama-3-70b': 'llama3-70b' } : { production: 'serve' }],
        }),
    })
    .default({ tagKeys: [...d.tagKeys], valueAliases: { ...d.valueAliases } })
    .describe(`How a billing line's tags name its ${what}.`);

const rule = z.strictObject({
  name: text('Unique name of the rule.', 'bedrock-is-chatbot'),
  match: lineMatch,
  set: z
    .strictObject({
      model: z
        .string()
        .trim()
        .min(1)
        .optional()
        .meta({ description: 'Model the lines get.', examples: ['chatbot'] }),
      stage: z
        .string()
        .trim()
        .min(1)
        .optional()
        .meta({ description: 'Stage the lines get.', examples: ['serve'] }),
    })
    .refine((s) => s.model !== undefined || s.stage !== undefined, { message: 'set needs model or stage' })
    .describe('What the matching lines get where their tags say nothing.'),
});

const sharedCost = z
  .strictObject({
    name: text('Unique name of the shared cost.', 'support-fee'),
    match: lineMatch,
    split: z
      .enum(['proportional', 'even', 'weights'])
      .default('proportional')
      .describe("How the cost is split: by each model's own spend, evenly, or by `weights`."),
    weights: z
      .record(modelName, z.number().positive())
      .optional()
      .meta({
        description: 'Model -> weight, for split: weights.',
        examples: [{ 'llama3-70b': 3, whisper: 1 }],
      }),
    among: z
      .array(modelName)
      .min(1)
      .optional()
      .meta({
        description: 'Only these models share it; absent = every model.',
        examples: [['llama3-70b', 'whisper']],
      }),
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
        model: dimension('model', DEFAULT_ATTRIBUTION.dimensions.model),
        stage: dimension('stage', DEFAULT_ATTRIBUTION.dimensions.stage),
      })
      .prefault({})
      .describe('The two dimensions every cost is attributed to.'),
    unattributed: z
      .string()
      .trim()
      .min(1)
      .default(DEFAULT_ATTRIBUTION.unattributed)
      .describe('Model and stage name of spend no tag or rule attributes (shown as its own line).'),
    rules: z
      .array(rule)
      .refine(uniqueNames, { message: 'rule names must be unique' })
      .default([])
      .describe('Fallback rules for untagged lines, in order; the first match sets model and/or stage.'),
    sharedCosts: z
      .array(sharedCost)
      .refine(uniqueNames, { message: 'sharedCosts names must be unique' })
      .default([])
      .describe('Costs no model owns (support, shared clusters) split among the models.'),
    tagValueCase: z
      .enum(['lower', 'keep'])
      .default('lower')
      .describe(
        'Case of the model and stage names taken from tag values and rules: lower (trimmed and ' +
          'lowercased, so Prod and prod are one stage) or keep (trimmed, case as written). Tag keys and ' +
          'valueAliases match ignoring case either way. With keep, budgets name models and stages as the ' +
          'tags write them; sharedCosts weights and among match ignoring case; anomaly rules lowercase ' +
          'model names, so they match lowercased models only.',
      ),
    projectLabels: z
      .enum(['fallback', 'ignore'])
      .default('fallback')
      .describe(
        "Google Cloud project labels (the billing export's project.labels): fallback gives a line the " +
          'model and stage its resource labels do not (resource labels win, dimension by dimension; ' +
          'facts say project-tag:<key>), before rules; ignore attributes from resource labels only. ' +
          'Applies to imports and to the BigQuery source alike.',
      ),
    clusters: clustersSchema(lineMatch),
  })
  .prefault({})
  .describe('How each billing line gets a model and a stage: tags first, then rules, then shared costs.');

export const configSchema = z
  .strictObject({
    attribution: attributionSchema,
    store: z
      .strictObject({
        path: z
          .string()
          .min(1)
          .default('costguard.duckdb')
          .describe('DuckDB file the CLI uses; --db overrides.'),
        url: z
          .string()
          .min(1)
          .superRefine((v, ctx) => {
            try {
              parseStoreUrl(v);
            } catch (e) {
              ctx.addIssue({ code: 'custom', message: (e as Error).message.replace('--store', 'store.url') });
            }
          })
          .optional()
          .meta({ examples: ['dynamodb://costguard-prod?region=eu-west-1'] })
          .describe(
            'Instead of the DuckDB file: the deployed table, dynamodb://TABLE?region=REGION (credentials from ' +
              'the AWS chain), for report, anomalies, budgets and export; --store overrides, --db goes back to a file.',
          ),
        lockWaitSeconds: z
          .number()
          .int()
          .min(0)
          .max(86_400)
          .default(60)
          .describe(
            'How long a command waits for a store file another costguard process holds (DuckDB lets one ' +
              'process write it) before failing; it says on stderr who holds it. 0 fails at once; ' +
              '--lock-wait overrides.',
          ),
      })
      .prefault({})
      .describe('Where the CLI keeps the facts (the deployment uses DynamoDB instead).'),
    pages: z
      .strictObject({
        bucket: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3 to 63 of a-z 0-9 . -')
          .optional()
          .meta({ examples: ['acme-costguard-pages'] })
          .describe(
            'Private S3 bucket the deployed rollup writes its report page to, linked from Slack with a ' +
              'presigned URL; the deployment creates one and passes it (COSTGUARD_PAGES_BUCKET), this overrides it.',
          ),
        prefix: z
          .string()
          .default('reports/')
          .meta({ examples: ['costguard/reports/'] })
          .describe('Key prefix of the pages in the bucket (a page is <prefix><day>.html).'),
        linkDays: z
          .number()
          .min(1)
          .max(7, 'a presigned S3 link lives at most 7 days (AWS SigV4)')
          .default(7)
          .meta({ examples: [7] })
          .describe('Days the link in the Slack rollup keeps working, 1 to 7 (the most S3 allows).'),
      })
      .prefault({})
      .describe('The report page of the deployed rollup: where it is kept and how long its link works.'),
    imports: z
      .strictObject({
        billedFromAmortized: z
          .boolean()
          .default(false)
          .describe(
            'An Azure amortized-cost export imported without its actual-cost twin has no billed cost. By ' +
              'default its days are marked so (reports by billed cost refuse them); true takes billed cost ' +
              'from the amortized one instead, knowingly.',
          ),
      })
      .prefault({})
      .describe('How `costguard import` treats export files.'),
    anomalies: anomaliesSchema,
    budgets: budgetsSchema,
    sources: sourcesSchema,
    slack: slackSchema,
    notify: notifySchema,
    idle: idleSchema,
  })
  .prefault({})
  .meta({ title: 'costguard.config.yaml', description: 'The costguard configuration (docs/config.md).' });

export type CostguardConfig = z.output<typeof configSchema>;
