import { z } from 'zod';
import { ianaTimeZone } from './zone-schema.js';

/**
 * Where a secret comes from: an environment variable or an SSM SecureString parameter. Config files
 * hold only these references, never the secret, and the loaded values are never logged.
 */
export const secretRef = z.union(
  [
    z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name') }),
    z.strictObject({ ssm: z.string().regex(/^\/[\w./-]+$/, 'an SSM parameter name starting with /') }),
  ],
  {
    error: (issue) =>
      typeof issue.input === 'string'
        ? 'a secret is a reference, never the value: write { env: SLACK_BOT_TOKEN } or { ssm: /costguard/slack-bot-token } and keep the secret there'
        : 'a secret reference is { env: NAME } or { ssm: /parameter/name }',
  },
);
export type SecretRef = z.output<typeof secretRef>;

const slackUser = z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id such as U012AB3CD');

/** The Slack bot (`costguard rollup --post`, `costguard slack serve`, the slack function). Optional. */
export const slackSchema = z
  .strictObject({
    /** Channel id (C…) or name for the rollup, alerts and idle warnings without a known owner. */
    channel: z.string().trim().min(1),
    botToken: secretRef.default({ env: 'SLACK_BOT_TOKEN' }),
    signingSecret: secretRef.default({ env: 'SLACK_SIGNING_SECRET' }),
    /** Owner tag value (email or name, any case) -> Slack user id; emails not listed are looked up. */
    owners: z
      .record(z.string().trim().min(1), slackUser)
      .default({})
      .transform((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k.toLowerCase(), v]))),
    /** Slack users who may keep any instance running (owners may always keep their own). */
    allowList: z.array(slackUser).default([]),
    /**
     * Model -> the Slack users who own it: they (and the allow list) may mark its anomalies expected,
     * which silences the series for `anomalies.suppressDays`.
     */
    modelOwners: z.record(z.string().trim().min(1), z.array(slackUser)).default({}),
    rollup: z
      .strictObject({
        /** Local hour the scheduled rollup posts at (the deployment turns it into a schedule). */
        hour: z.number().int().min(0).max(23).default(9),
        timeZone: ianaTimeZone('an IANA time zone such as Europe/Berlin').default('UTC'),
        chart: z.boolean().default(true),
      })
      .prefault({}),
    /** Web API base URL; only for a local fake (demo, tests). */
    apiUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .optional();
