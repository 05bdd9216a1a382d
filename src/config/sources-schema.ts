import { z } from 'zod';

// Live billing sources (`costguard ingest`). Every section is optional and off unless `enabled`.

const tagKeys = z
  .strictObject({
    model: z.string().trim().min(1).default('model'),
    stage: z.string().trim().min(1).default('stage'),
  })
  .prefault({});

/** 'anonymous' sends no real credentials: only for local endpoints (the simulator, tests). */
const credential = z.enum(['default', 'anonymous']).default('default');

const url = z.url({ protocol: /^https?$/ });

const aws = z.strictObject({
  enabled: z.boolean().default(true),
  /** Payer (management) account id: FOCUS BillingAccountId. */
  billingAccountId: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
  /** Linked accounts; empty = every account with cost (one extra request per run). */
  accounts: z.array(z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id')).default([]),
  /** Stage tag values; empty = discovered each run (one extra request). */
  stageValues: z.array(z.string().min(1)).default([]),
  tagKeys,
  /**
   * Regions whose resources the tag coverage report lists (Resource Groups Tagging API GetResources,
   * regional, free of charge); empty = no coverage report.
   */
  coverageRegions: z
    .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1'))
    .default(['us-east-1']),
  /** Named profile; otherwise the default credential chain. Endpoints: AWS_ENDPOINT_URL_<SERVICE>. */
  profile: z.string().min(1).optional(),
});

const gcp = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** Cloud Billing account id, 012345-6789AB-CDEF01. */
    billingAccountId: z.string().min(1),
    /** The billing export table, project.dataset.gcp_billing_export_v1_<ACCOUNT> (or the resource one). */
    table: z.string().regex(/^[\w-]+\.\w+\.\w+$/, 'project.dataset.table'),
    /** Project that runs (and pays for) the queries; defaults to the table's project. */
    jobProject: z.string().min(1).optional(),
    /** Projects to keep; empty = all in the export. */
    projects: z.array(z.string().min(1)).default([]),
    labelKeys: tagKeys,
    /** Export partitions lag usage: rows for a day land up to this many days later. */
    partitionLagDays: z.number().int().min(0).max(31).default(3),
    endpoint: url.optional(),
    /**
     * Check the billing account and its linked projects through the Cloud Billing API before each pull
     * (needs billing.accounts.list and billing.resourceAssociations.list).
     */
    checkBillingAccount: z.boolean().default(true),
    /** Cloud Billing / Cloud Catalog API root (sovereign clouds, local endpoints). */
    billingEndpoint: url.optional(),
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
    enabled: z.boolean().default(true),
    /** FOCUS BillingAccountId the facts carry (the EA enrollment or MCA billing account). */
    billingAccountId: z.string().min(1),
    /** Subscription ids: each is queried at /subscriptions/<id> scope and is a sub-account. */
    subscriptions: z.array(z.string().min(1)).default([]),
    /**
     * More query scopes: a resource group ({subscription, resourceGroup}), a billing account
     * ({billingAccount}: EA enrollment or MCA account id) or a management group ({managementGroup}).
     * Billing account and management group scopes find their subscriptions with cost each run.
     */
    scopes: z
      .array(
        z.union([
          z.strictObject({ subscription: z.string().min(1), resourceGroup: z.string().min(1).optional() }),
          z.strictObject({ billingAccount: z.string().min(1) }),
          z.strictObject({ managementGroup: z.string().min(1) }),
        ]),
      )
      .default([]),
    stageValues: z.array(z.string().min(1)).default([]),
    tagKeys,
    endpoint: url.optional(),
    credential,
    /** PEM file of an extra CA to trust for `endpoint` (a local HTTPS endpoint's self-signed cert). */
    caFile: z.string().min(1).optional(),
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
    /** Days before today every run re-pulls (clouds restate recent days). */
    trailingDays: z.number().int().min(0).max(62).default(5),
    /** Through this day of the month the previous month is re-pulled too (its invoice is still open). */
    previousMonthOpenUntilDay: z.number().int().min(0).max(28).default(5),
    /**
     * How the adapters retry throttling (429, LimitExceededException), 5xx answers and timeouts:
     * attempts in all, and exponential backoff from baseDelayMs capped at maxDelayMs (a cloud's own
     * retry-after hint wins). Past the budget the source fails and the others still run.
     */
    retry: z
      .strictObject({
        maxAttempts: z.number().int().min(1).max(20).default(5),
        baseDelayMs: z.number().int().min(0).max(60_000).default(1_000),
        maxDelayMs: z.number().int().min(0).max(300_000).default(30_000),
      })
      .prefault({}),
    /** A request with no answer after this long fails (and is retried): a hung endpoint cannot stall a run. */
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(60_000),
    aws: aws.optional(),
    gcp: gcp.optional(),
    azure: azure.optional(),
  })
  .prefault({});

export type SourcesConfig = z.output<typeof sourcesSchema>;
export type AwsSourceConfig = z.output<typeof aws>;
export type GcpSourceConfig = z.output<typeof gcp>;
export type AzureSourceConfig = z.output<typeof azure>;
