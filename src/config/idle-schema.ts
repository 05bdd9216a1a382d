import { z } from 'zod';
import type { AttributionConfig } from '../core/attribution/types.js';
import { DEFAULT_EXEMPT_TAG, DEFAULT_KEEP_UNTIL_TAG } from '../core/idle/exclusions.js';
import type { IdlePolicy, ScheduleSpec } from '../core/idle/types.js';
import { ianaTimeZone } from './zone-schema.js';

const hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a 24-hour time HH:MM' });

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
    name: z.string().min(1),
    /** Tags the instance must carry, e.g. { team: nlp }. */
    match: z.record(z.string().min(1), z.string()).refine((m) => Object.keys(m).length > 0, {
      message: 'match needs at least one tag',
    }),
    timeZone: timeZone.optional(),
    dayStart: hm.optional(),
    dayEnd: hm.optional(),
    workingDays: z.array(weekday).optional(),
    holidays: z.array(localDay).optional(),
  })
  .refine((s) => !s.dayStart || !s.dayEnd || s.dayStart < s.dayEnd, {
    message: 'dayStart must come before dayEnd',
  });

const awsFleet = z.strictObject({
  regions: z.array(z.string().min(1)).min(1).default(['us-east-1']),
  /**
   * Named profiles of ~/.aws/config (or AWS_CONFIG_FILE), one per account to sweep; a profile with
   * `role_arn` assumes that role. Empty: the default credentials' account only.
   */
  profiles: z.array(z.string().min(1)).default([]),
  /** Namespace the CloudWatch agent publishes nvidia_smi_utilization_gpu in. */
  metricsNamespace: z.string().min(1).default('CWAgent'),
  /** Endpoint overrides (local fakes, VPC endpoints); default: the public regional endpoints. */
  endpoints: z.strictObject({ ec2: url.optional(), cloudwatch: url.optional() }).optional(),
  /** Static credentials, for local endpoints; otherwise the SDK's default chain. */
  credentials: z
    .strictObject({
      accessKeyId: z.string().min(1),
      secretAccessKey: z.string().min(1),
      sessionToken: z.string().optional(),
    })
    .optional(),
});

const gcpFleet = z.strictObject({
  projects: z.array(z.string().min(1)).min(1),
  endpoints: z.strictObject({ compute: url.optional(), monitoring: url.optional() }).optional(),
  /** A fixed OAuth token, for local endpoints; otherwise Application Default Credentials. */
  accessToken: z.string().min(1).optional(),
});

const azureFleet = z.strictObject({
  subscriptions: z.array(z.string().min(1)).min(1),
  /** Resource Manager endpoint; default https://management.azure.com. */
  endpoint: url.optional(),
  /** PEM file of an extra CA to trust (local endpoints with a self-signed certificate). */
  caFile: z.string().min(1).optional(),
  /** A fixed bearer token, for local endpoints; otherwise DefaultAzureCredential. */
  accessToken: z.string().min(1).optional(),
  /** Custom metric with GPU utilization (percent), e.g. what Telegraf's azure_monitor output publishes. */
  gpuMetric: z
    .strictObject({ namespace: z.string().min(1), name: z.string().min(1) })
    .default({ namespace: 'Telegraf/nvidia_smi', name: 'utilization_gpu' }),
});

export const idleSchema = z
  .strictObject({
    mode: z.enum(['dry-run', 'enforce']).default('dry-run'),
    /** GPU utilization percent at or under which the GPU counts as idle. */
    threshold: percent.default(5),
    /** Without a GPU metric: CPU percent and received bytes/s that must both stay under. */
    cpuThreshold: percent.default(5),
    networkThreshold: z.number().min(0).default(20_000),
    lookback: duration.default(120),
    leadTime: duration.default(30),
    timeZone: timeZone.default('UTC'),
    dayStart: hm.default('07:00'),
    dayEnd: hm.default('19:00'),
    workingDays: z.array(weekday).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    holidays: z.array(localDay).default([]),
    schedules: z.array(scheduleRule).default([]),
    exemptTag: z.string().min(1).default(DEFAULT_EXEMPT_TAG),
    keepUntilTag: z.string().min(1).default(DEFAULT_KEEP_UNTIL_TAG),
    ownerTags: z.array(z.string().min(1)).default(['owner', 'costguard:owner', 'created-by', 'team']),
    /** Blast-radius cap on the stops of a UTC day: a run that would pass it halts with an alert instead. */
    maxStops: z.number().int().min(0).default(20),
    /** Hourly list prices that replace the shipped table: provider -> instance type -> decimal USD. */
    prices: z.record(z.string(), z.record(z.string(), z.string().regex(/^\d+(\.\d+)?$/))).default({}),
    aws: awsFleet.optional(),
    gcp: gcpFleet.optional(),
    azure: azureFleet.optional(),
  })
  .refine((s) => s.dayStart < s.dayEnd, { message: 'dayStart must come before dayEnd' })
  .prefault({});

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
