import { z } from 'zod';
import { text, texts } from './fields.js';

// Live billing sources (`costguard ingest`). Every section is optional and off unless `enabled`.

const tagKeys = z
  .strictObject({
    model: z
      .string()
      .trim()
      .min(1)
      .default('model')
      .describe('Key of the tag (label) that names the model, as the billing API returns it.'),
    stage: z
      .string()
      .trim()
      .min(1)
      .default('stage')
      .describe('Key of the tag (label) that names the stage, as the billing API returns it.'),
  })
  .prefault({})
  .describe(
    'The tags (labels) the billing query reads model and stage from; the values then go through attribution.',
  );

const credential = z
  .enum(['default', 'anonymous'])
  .default('default')
  .describe(
    "The SDK's default credentials; 'anonymous' sends none (local endpoints only: the simulator, tests).",
  );

const url = z.url({ protocol: /^https?$/ });
const enabled = z.boolean().default(true).describe('Pull this cloud (false keeps the section but skips it).');
const endpointOf = (what: string, example: string) =>
  url.optional().meta({
    description: `${what} endpoint override (local fakes, private endpoints).`,
    examples: [example],
  });
const caFile = text(
  'PEM file of an extra CA to trust for the endpoint (a local HTTPS endpoint with a self-signed certificate).',
  './local-ca.pem',
).optional();
const awsAccount = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id');
const stageValues = texts('Stage tag values to query; empty = discovered each run (one extra request).', [
  'train',
  'serve',
]).default([]);

const aws = z.strictObject({
  enabled,
  billingAccountId: awsAccount.meta({
    description: "Payer (management) account id, the facts' FOCUS BillingAccountId.",
    examples: ['123456789012'],
  }),
  accounts: z
    .array(awsAccount)
    .default([])
    .meta({
      description: 'Linked accounts to pull; empty = every account with cost (one extra request per run).',
      examples: [['210987654321']],
    }),
  stageValues,
  tagKeys,
  coverageRegions: z
    .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1'))
    .default(['us-east-1'])
    .describe(
      'Regions whose resources the tag coverage report lists (Resource Groups Tagging API, free); empty = no coverage report.',
    ),
  profile: text(
    'Named profile of ~/.aws/config; otherwise the default credential chain. Endpoints: AWS_ENDPOINT_URL_<SERVICE>.',
    'payer-readonly',
  ).optional(),
});

const gcp = z
  .strictObject({
    enabled,
    billingAccountId: text('Cloud Billing account id.', '012345-6789AB-CDEF01'),
    table: z
      .string()
      .regex(/^[\w-]+\.\w+\.\w+$/, 'project.dataset.table')
      .meta({
        description: 'The BigQuery billing export table (standard or resource-level), project.dataset.table.',
        examples: ['billing-admin.billing.gcp_billing_export_v1_012345_6789AB_CDEF01'],
      }),
    jobProject: text(
      "Project that runs (and pays for) the queries; default: the table's project.",
      'finops-jobs',
    ).optional(),
    projects: texts('Projects to keep; empty = every project in the export.', ['ml-research']).default([]),
    labelKeys: tagKeys,
    partitionLagDays: z
      .number()
      .int()
      .min(0)
      .max(31)
      .default(3)
      .describe('Export partitions lag usage: rows for a day land up to this many days later.'),
    endpoint: endpointOf('BigQuery', 'http://127.0.0.1:9050'),
    checkBillingAccount: z
      .boolean()
      .default(true)
      .describe(
        'Check the billing account and its linked projects through the Cloud Billing API before each pull (needs billing.accounts.list and billing.resourceAssociations.list).',
      ),
    billingEndpoint: endpointOf('Cloud Billing / Cloud Catalog API', 'http://127.0.0.1:9051'),
    credential,
  })
  .refine((g) => g.credential === 'default' || g.endpoint !== undefined, {
    message: 'credential: anonymous needs an endpoint (it is for local endpoints only)',
    path: ['credential'],
  })
  .refine((g) => g.credential === 'default' || !g.checkBillingAccount || g.billingEndpoint !== undefined, {
    message: 'credential: anonymous with checkBillingAccount needs a billingEndpoint (local endpoints only)',
    path: ['billingEndpoint'],
  });

const azure = z
  .strictObject({
    enabled,
    billingAccountId: text(
      'FOCUS BillingAccountId the facts carry (the EA enrollment or MCA billing account).',
      '12345678',
    ),
    subscriptions: texts(
      'Subscription ids: each is queried at /subscriptions/<id> scope and is a sub-account.',
      ['00000000-0000-0000-0000-000000000000'],
    ).default([]),
    scopes: z
      .array(
        z.union([
          z.strictObject({ subscription: z.string().min(1), resourceGroup: z.string().min(1).optional() }),
          z.strictObject({ billingAccount: z.string().min(1) }),
          z.strictObject({ managementGroup: z.string().min(1) }),
        ]),
      )
      .default([])
      .meta({
        description:
          'More query scopes: a resource group ({subscription, resourceGroup}), a billing account ({billingAccount}: EA enrollment or MCA account id) or a management group ({managementGroup}); the last two find their subscriptions with cost each run.',
        examples: [[{ managementGroup: 'ml-platform' }]],
      }),
    stageValues,
    tagKeys,
    endpoint: endpointOf('Resource Manager', 'https://127.0.0.1:9443'),
    credential,
    caFile,
  })
  .refine((a) => a.credential === 'default' || a.endpoint !== undefined, {
    message: 'credential: anonymous needs an endpoint (it is for local endpoints only)',
    path: ['credential'],
  })
  .refine((a) => a.subscriptions.length + a.scopes.length > 0, {
    message: 'list at least one subscription or scope',
    path: ['subscriptions'],
  })
  .superRefine((a, ctx) => {
    // The store keeps Azure facts per subscription: a resource group scope replaces its subscription's
    // days, so the subscription itself (or the same scope twice) would count twice or wipe the other.
    const whole = new Set(a.subscriptions);
    const seen = new Set<string>();
    for (const [i, s] of a.scopes.entries()) {
      const key = JSON.stringify(s);
      if ('subscription' in s && s.resourceGroup && whole.has(s.subscription))
        ctx.addIssue({
          code: 'custom',
          message: `resource group ${s.resourceGroup} lies in subscription ${s.subscription}, which is listed whole`,
          path: ['scopes', i],
        });
      if ('subscription' in s && !s.resourceGroup) whole.add(s.subscription);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: 'scope listed twice', path: ['scopes', i] });
      seen.add(key);
    }
  });

export const sourcesSchema = z
  .strictObject({
    trailingDays: z
      .number()
      .int()
      .min(0)
      .max(62)
      .default(5)
      .describe('Days before today every run re-pulls (clouds restate recent days).'),
    previousMonthOpenUntilDay: z
      .number()
      .int()
      .min(0)
      .max(28)
      .default(5)
      .describe(
        'Through this day of the month the previous month is re-pulled too (its invoice is still open).',
      ),
    retry: z
      .strictObject({
        maxAttempts: z
          .number()
          .int()
          .min(1)
          .max(20)
          .default(5)
          .describe('Attempts in all, the first included.'),
        baseDelayMs: z
          .number()
          .int()
          .min(0)
          .max(60_000)
          .default(1_000)
          .describe('First backoff delay; it doubles each attempt.'),
        maxDelayMs: z
          .number()
          .int()
          .min(0)
          .max(300_000)
          .default(30_000)
          .describe('Cap on one backoff delay.'),
      })
      .prefault({})
      .describe(
        "How throttling (429, LimitExceededException), 5xx answers and timeouts are retried (a cloud's retry-after hint wins); past the budget the source fails and the others still run.",
      ),
    requestTimeoutMs: z
      .number()
      .int()
      .min(100)
      .max(600_000)
      .default(60_000)
      .describe(
        'A request with no answer after this long fails (and is retried): a hung endpoint cannot stall a run.',
      ),
    aws: aws.optional().describe('AWS Cost Explorer (GetCostAndUsage), read from the payer account.'),
    gcp: gcp.optional().describe('The Google Cloud billing export in BigQuery.'),
    azure: azure.optional().describe('Azure Cost Management queries.'),
  })
  .prefault({})
  .describe('Live billing APIs `costguard ingest` pulls; every cloud is optional.');

export type SourcesConfig = z.output<typeof sourcesSchema>;
export type AwsSourceConfig = z.output<typeof aws>;
export type GcpSourceConfig = z.output<typeof gcp>;
export type AzureSourceConfig = z.output<typeof azure>;
