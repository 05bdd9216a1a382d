import { z } from 'zod';
import { secretRef } from './slack-schema.js';

export const NOTIFY_EVENTS = ['anomalies', 'budgets', 'rollup'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

const target = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, . _ -')
    .meta({ examples: ['ml-platform-teams'] })
    .describe('Names the target in logs and errors (its URL is a secret and never printed).'),
  kind: z
    .enum(['teams', 'webhook'])
    .describe(
      'teams: a Microsoft Teams Workflows (or incoming) webhook, sent Adaptive Cards; webhook: any URL, sent one JSON document per event.',
    ),
  url: secretRef
    .meta({ examples: [{ env: 'COSTGUARD_TEAMS_WEBHOOK' }] })
    .describe(
      'Where the webhook URL is: { env: NAME } or { ssm: /parameter/name } (it carries its own key).',
    ),
  events: z
    .array(z.enum(NOTIFY_EVENTS))
    .min(1)
    .default([...NOTIFY_EVENTS])
    .meta({ examples: [['anomalies', 'budgets']] })
    .describe(
      'What it receives: anomalies (one alert per change), budgets (threshold crossings), rollup (the daily summary).',
    ),
});

export const notifySchema = z
  .strictObject({
    targets: z
      .array(target)
      .refine((ts) => new Set(ts.map((t) => t.name)).size === ts.length, {
        message: 'target names must be unique',
      })
      .default([])
      .describe(
        'Microsoft Teams channels and JSON webhooks that get the alerts and the rollup, beside Slack.',
      ),
  })
  .prefault({})
  .describe('Alerts and the rollup beyond Slack: Microsoft Teams and generic JSON webhooks.');

export type NotifyConfig = z.output<typeof notifySchema>;
export type NotifyTarget = NotifyConfig['targets'][number];
