import { z } from 'zod';
import type { AttributionConfig } from '../core/attribution/types.js';
import { DEFAULT_EXEMPT_TAG, DEFAULT_KEEP_UNTIL_TAG } from '../core/idle/exclusions.js';
import type { IdlePolicy, ScheduleSpec } from '../core/idle/types.js';
import { text, texts } from './fields.js';
import { ianaTimeZone } from './zone-schema.js';

const HM = /^([01]\d|2[0-3]):[0-5]\d$/;
const hm = z.string().regex(HM, { message: 'must be a 24-hour time HH:MM' });
/** dayStart before dayEnd; not judged when either is no time at all (that error is reported already). */
const inOrder = (start?: string, end?: string) =>
  !start || !end || !HM.test(start) || !HM.test(end) || start < end;

const timeZone = ianaTimeZone('not an IANA time zone (e.g. Europe/Berlin)');

/** "2h", "30m", "1h30m" or a number of minutes; becomes minutes. */
const duration = z
  .union([
    z.number().int().positive(),
    z.string().regex(/^(?=\d)(\d+h)?(\d+m)?$/, { message: 'must be a duration such as 2h, 30m or 1h30m' }),
  ])
  .transform((v) => {
    if (typeof v === 'number') return v;
    const h = /(\d+)h/.exec(v)?.[1] ?? '0';
    const m = /(\d+)m/.exec(v)?.[1] ?? '0';
    return Number(h) * 60 + Number(m);
  })
  .refine((m) => m > 0, { message: 'must be longer than zero' });

const weekday = z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
// z.iso.date() checks the calendar too: 2026-02-30 is refused, 2024-02-29 accepted.
const localDay = z.iso.date({ message: 'must be a real calendar day YYYY-MM-DD' });
const percent = z.number().min(0).max(100);
const url = z.url();

const scheduleRule = z
  .strictObject({
    name: text('Name of the schedule (shown in warnings).', 'tokyo-team'),
    match: z
      .record(z.string().min(1), z.string())
      .refine((m) => Object.keys(m).length > 0, { message: 'match needs at least one tag' })
      .meta({
        description: 'Tags the instance must carry; the first matching schedule wins.',
        examples: [{ team: 'nlp' }],
      }),
    timeZone: timeZone.optional().meta({ description: 'Replaces idle.timeZone.', examples: ['Asia/Tokyo'] }),
    dayStart: hm.optional().meta({ description: 'Replaces idle.dayStart.', examples: ['09:00'] }),
    dayEnd: hm.optional().meta({ description: 'Replaces idle.dayEnd.', examples: ['18:00'] }),
    workingDays: z
      .array(weekday)
      .optional()
      .meta({ description: 'Replaces idle.workingDays.', examples: [['mon', 'tue', 'wed', 'thu']] }),
    holidays: z
      .array(localDay)
      .optional()
      .meta({ description: 'Replaces idle.holidays.', examples: [['2026-12-25']] }),
  })
  .refine((s) => inOrder(s.dayStart, s.dayEnd), {
    message: 'dayStart must come before dayEnd',
  });

const endpoint = (what: string, example: string) =>
  url.optional().meta({ description: `${what} endpoint; default: the public one.`, examples: [example] });
const endpoints = 'Endpoint overrides (local fakes, VPC endpoints).';
const accessToken = (fallback: string) =>
  z
    .string()
    .min(1)
    .optional()
    .meta({
      description: `A fixed token, for local endpoints only; otherwise ${fallback}.`,
      examples: ['local-test-token'],
    });

const awsFleet = z
  .strictObject({
    regions: z.array(z.string().min(1)).min(1).default(['us-east-1']).describe('Regions to sweep.'),
    profiles: texts(
      "Named profiles of ~/.aws/config, one per account to sweep (a profile with role_arn assumes that role); empty = the default credentials' account only.",
      ['ml-prod', 'ml-research'],
    ).default([]),
    metricsNamespace: z
      .string()
      .min(1)
      .default('CWAgent')
      .describe('CloudWatch namespace the agent publishes nvidia_smi_utilization_gpu in.'),
    endpoints: z
      .strictObject({
        ec2: endpoint('EC2', 'http://127.0.0.1:4566'),
        cloudwatch: endpoint('CloudWatch', 'http://127.0.0.1:4566'),
      })
      .optional()
      .describe(endpoints),
    credentials: z
      .strictObject({
        accessKeyId: text('Access key id.', 'test'),
        secretAccessKey: text('Secret access key.', 'test'),
        sessionToken: z
          .string()
          .optional()
          .meta({ description: 'Session token.', examples: ['test'] }),
      })
      .optional()
      .describe("Static credentials, for local endpoints only; otherwise the SDK's default chain."),
  })
  .describe('AWS EC2 GPU instances, utilization from CloudWatch.');

const gcpFleet = z
  .strictObject({
    projects: texts('Projects to sweep.', ['ml-research', 'ml-prod']).min(1),
    endpoints: z
      .strictObject({
        compute: endpoint('Compute Engine', 'http://127.0.0.1:9060'),
        monitoring: endpoint('Cloud Monitoring', 'http://127.0.0.1:9061'),
      })
      .optional()
      .describe(endpoints),
    accessToken: accessToken('Application Default Credentials'),
  })
  .describe('Google Compute Engine GPU instances, utilization from Cloud Monitoring.');

const azureFleet = z
  .strictObject({
    subscriptions: texts('Subscriptions to sweep.', ['00000000-0000-0000-0000-000000000000']).min(1),
    endpoint: endpoint('Resource Manager', 'https://127.0.0.1:9443'),
    caFile: text(
      'PEM file of an extra CA to trust (a local endpoint with a self-signed certificate).',
      './local-ca.pem',
    ).optional(),
    accessToken: accessToken('DefaultAzureCredential'),
    gpuMetric: z
      .strictObject({
        namespace: text('Metric namespace.', 'Telegraf/nvidia_smi'),
        name: text('Metric name.', 'utilization_gpu'),
      })
      .default({ namespace: 'Telegraf/nvidia_smi', name: 'utilization_gpu' })
      .describe(
        "Custom metric with GPU utilization (percent), e.g. what Telegraf's azure_monitor output publishes.",
      ),
  })
  .describe('Azure virtual machines with GPUs, utilization from Azure Monitor.');

export const idleSchema = z
  .strictObject({
    mode: z
      .enum(['dry-run', 'enforce'])
      .default('dry-run')
      .describe(
        'dry-run reports what it would do; enforce warns owners and stops instances (or pass --apply).',
      ),
    threshold: percent
      .default(5)
      .describe('GPU utilization percent at or under which the GPU counts as idle.'),
    cpuThreshold: percent
      .default(5)
      .describe('Without a GPU metric: CPU percent that must stay under (with networkThreshold).'),
    networkThreshold: z
      .number()
      .min(0)
      .default(20_000)
      .describe('Without a GPU metric: received bytes per second that must stay under (with cpuThreshold).'),
    lookback: duration.default(120).meta({
      description: 'How long an instance must have been idle: 2h, 30m, 1h30m or minutes.',
      examples: ['1h30m'],
    }),
    leadTime: duration.default(30).meta({
      description: 'Owners are warned this long before dayEnd (and at least this long before a stop).',
      examples: ['45m'],
    }),
    timeZone: timeZone
      .default('UTC')
      .meta({ description: 'IANA time zone of the working day.', examples: ['Europe/Berlin'] }),
    dayStart: hm
      .default('07:00')
      .describe('Start of the working day (HH:MM); instances are not stopped during it.'),
    dayEnd: hm
      .default('19:00')
      .describe('End of the working day (HH:MM); the sweep stops idle instances after it.'),
    workingDays: z
      .array(weekday)
      .default(['mon', 'tue', 'wed', 'thu', 'fri'])
      .describe('Working days; the rest count as after hours all day.'),
    holidays: z
      .array(localDay)
      .default([])
      .meta({
        description: 'Days (YYYY-MM-DD) that count as after hours all day.',
        examples: [['2026-12-24', '2026-12-25']],
      }),
    schedules: z
      .array(scheduleRule)
      .default([])
      .describe('Other working hours for instances with given tags (teams in other time zones).'),
    exemptTag: z
      .string()
      .min(1)
      .default(DEFAULT_EXEMPT_TAG)
      .describe('An instance with this tag (any value but false, no, 0 or off) is never stopped.'),
    keepUntilTag: z
      .string()
      .min(1)
      .default(DEFAULT_KEEP_UNTIL_TAG)
      .describe('Tag an owner sets (ISO date-time) to keep an instance running until then.'),
    ownerTags: z
      .array(z.string().min(1))
      .default(['owner', 'costguard:owner', 'created-by', 'team'])
      .describe('Tags that name the owner to warn, in order of preference.'),
    untaggedBusy: z
      .enum(['stop', 'warn'])
      .default('stop')
      .describe(
        'A busy GPU instance without model or stage tags: `stop` it after day-end, but only once its ' +
          'owner had a warning that says it is busy (with Tag and Keep buttons) at least leadTime ' +
          'earlier; `warn` the owner at every day-end and never stop it.',
      ),
    maxStops: z
      .number()
      .int()
      .min(0)
      .default(20)
      .describe(
        'Blast-radius cap on the stops of a UTC day: a run that would pass it halts with an alert instead.',
      ),
    prices: z
      .record(z.string(), z.record(z.string(), z.string().regex(/^\d+(\.\d+)?$/)))
      .default({})
      .meta({
        description:
          'Hourly list prices that replace the shipped table: provider -> instance type -> decimal USD.',
        examples: [{ aws: { 'p4d.24xlarge': '32.77' } }],
      }),
    aws: awsFleet.optional(),
    gcp: gcpFleet.optional(),
    azure: azureFleet.optional(),
  })
  .refine((s) => inOrder(s.dayStart, s.dayEnd), { message: 'dayStart must come before dayEnd' })
  .prefault({})
  .describe('The end-of-day idle GPU guard (`costguard idle`): warn owners, then stop idle instances.');

export type IdleConfig = z.output<typeof idleSchema>;

/** The core's view of the validated config: schedule rules inherit the top-level hours and zone. */
export function toIdlePolicy(idle: IdleConfig, attribution: AttributionConfig): IdlePolicy {
  const base: ScheduleSpec = {
    name: 'default',
    timeZone: idle.timeZone,
    dayStart: idle.dayStart,
    dayEnd: idle.dayEnd,
    workingDays: idle.workingDays,
    holidays: idle.holidays,
  };
  return {
    gpuThreshold: idle.threshold,
    cpuThreshold: idle.cpuThreshold,
    networkThreshold: idle.networkThreshold,
    lookbackMinutes: idle.lookback,
    leadMinutes: idle.leadTime,
    maxStops: idle.maxStops,
    untaggedBusy: idle.untaggedBusy,
    exemptTag: idle.exemptTag,
    keepUntilTag: idle.keepUntilTag,
    ownerTags: idle.ownerTags,
    defaultSchedule: base,
    schedules: idle.schedules.map((s) => ({
      name: s.name,
      match: s.match,
      timeZone: s.timeZone ?? base.timeZone,
      dayStart: s.dayStart ?? base.dayStart,
      dayEnd: s.dayEnd ?? base.dayEnd,
      workingDays: s.workingDays ?? base.workingDays,
      holidays: s.holidays ?? base.holidays,
    })),
    attribution,
  };
}
