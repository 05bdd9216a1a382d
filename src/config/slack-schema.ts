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
    channel: z
      .string()
      .trim()
      .min(1)
      .meta({
        description:
          'Channel id (C…) or name for the rollup, alerts and idle warnings without a known owner; invite the bot there.',
        examples: ['C0123ABCDEF', '#ml-costs'],
      }),
    botToken: secretRef
      .default({ env: 'SLACK_BOT_TOKEN' })
      .describe('Where the bot token (xoxb-…) is: { env: NAME } or { ssm: /parameter/name }.'),
    signingSecret: secretRef
      .default({ env: 'SLACK_SIGNING_SECRET' })
      .describe("Where the app's signing secret is (checks that requests come from Slack)."),
    owners: z
      .record(z.string().trim().min(1), slackUser)
      .default({})
      .transform((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k.toLowerCase(), v])))
      .meta({
        description:
          'Owner tag value (email or name, any case) -> Slack user id; emails not listed are looked up.',
        examples: [{ 'ana@example.com': 'U012AB3CD' }],
      }),
    allowList: z
      .array(slackUser)
      .default([])
      .meta({
        description: 'Slack users who may keep any instance running (owners may always keep their own).',
        examples: [['U012AB3CD']],
      }),
    modelOwners: z
      .record(z.string().trim().min(1), z.array(slackUser))
      .default({})
      .meta({
        description:
          'Model -> the Slack users who own it: they (and the allow list) may mark its anomalies expected, which silences the series for anomalies.suppressDays.',
        examples: [{ 'llama3-70b': ['U012AB3CD'] }],
      }),
    rollup: z
      .strictObject({
        hour: z
          .number()
          .int()
          .min(0)
          .max(23)
          .default(9)
          .describe('Local hour (in rollup.timeZone) the daily rollup posts at.'),
        timeZone: ianaTimeZone('an IANA time zone such as Europe/Berlin')
          .default('UTC')
          .meta({ description: 'IANA time zone of rollup.hour.', examples: ['Europe/Berlin'] }),
        chart: z.boolean().default(true).describe('Attach the 30-day spend chart (PNG).'),
      })
      .prefault({})
      .describe("The daily rollup of yesterday's spend."),
    apiUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .meta({
        description: 'Slack Web API base URL; only for a local fake (demo, tests).',
        examples: ['http://127.0.0.1:3001/api/'],
      }),
  })
  .optional()
  .describe('The Slack bot: rollup, alerts, idle warnings, /cost. Absent = no Slack.');
