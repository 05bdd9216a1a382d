import type { AttributionConfig } from '../attribution/types.js';
import type { Money } from '../money.js';

/** One running (or recently running) virtual machine as a Fleet adapter reports it. */
export interface FleetInstance {
  /** 'aws' | 'gcp' | 'azure' */
  provider: string;
  /** AWS account id, Google Cloud project id, Azure subscription id. */
  account: string;
  /** AWS region, Google Cloud zone, Azure location. */
  region: string;
  instanceId: string;
  name?: string;
  instanceType: string;
  /** GPUs or other accelerators (Neuron, TPU); 0 for a plain CPU machine. */
  gpus: number;
  /** Accelerator model when known ("A100", "nvidia-tesla-t4", "Inferentia2"). */
  accelerator?: string;
  state: 'running' | 'stopping' | 'stopped' | 'other';
  /** ISO time the instance last started; recent starts have no full lookback window. */
  launchedAt?: string;
  tags: Readonly<Record<string, string>>;
  /**
   * Set by the adapter when the cloud itself says a controller owns the machine (Azure scale set
   * membership, a GCE `created-by` instance group, an EC2 spot request): stopping it fights the
   * controller. Tag-based detection happens in the policy.
   */
  managedBy?: string;
  /** `instance-store`: the root volume dies with a stop, so the policy never stops it. */
  rootVolume: 'persistent' | 'instance-store';
  /** List price per hour from the shipped price table; undefined when the table lacks the type. */
  hourlyCost?: Money;
  currency: string;
}

/** One utilization sample: the value over the period that starts at `at`. */
export interface Sample {
  at: string;
  value: number;
}

/** What an adapter measured over the lookback window; an absent series means the metric does not exist. */
export interface InstanceMetrics {
  /** Percent, the busiest GPU per period (0..100). */
  gpu?: readonly Sample[];
  /** Percent (0..100), maximum per period. */
  cpu?: readonly Sample[];
  /** Bytes per second received, averaged per period. */
  networkIn?: readonly Sample[];
}

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** When a team works, in its own time zone. */
export interface ScheduleSpec {
  name: string;
  /** IANA zone, e.g. "Europe/Berlin". */
  timeZone: string;
  /** Local "HH:MM". Working hours are [dayStart, dayEnd) on working days. */
  dayStart: string;
  dayEnd: string;
  workingDays: readonly Weekday[];
  /** Local days "YYYY-MM-DD" that are off all day. */
  holidays: readonly string[];
}

/** A schedule that applies to instances whose tags carry all of `match` (keys and values ignore case). */
export interface ScheduleRule extends ScheduleSpec {
  match: Readonly<Record<string, string>>;
}

/** The idle policy as the core sees it (validated and defaulted by src/config). */
export interface IdlePolicy {
  /** GPU utilization percent at or under which a GPU counts as idle. */
  gpuThreshold: number;
  /** Without a GPU metric: CPU percent and received bytes per second that both must stay under. */
  cpuThreshold: number;
  networkThreshold: number;
  lookbackMinutes: number;
  leadMinutes: number;
  maxStops: number;
  /** A busy untagged instance: stopped after a busy warning (`stop`), or only ever warned (`warn`). */
  untaggedBusy: 'stop' | 'warn';
  exemptTag: string;
  keepUntilTag: string;
  /** Tag keys naming the owner, in priority order. */
  ownerTags: readonly string[];
  defaultSchedule: ScheduleSpec;
  schedules: readonly ScheduleRule[];
  attribution: AttributionConfig;
}

export type IdleAction = 'stop' | 'warn' | 'keep';

/**
 * Which rule makes an instance a candidate, as the audit log records it: `idle` (tagged, idle),
 * `untagged-idle`, `untagged-busy` (the owner gets a warning saying so before any stop) and
 * `untagged` (untagged, utilization unknown: no metrics, too few, or just started).
 */
export type IdleRule = 'idle' | 'untagged-idle' | 'untagged-busy' | 'untagged';
export const IDLE_RULES: readonly IdleRule[] = ['idle', 'untagged-idle', 'untagged-busy', 'untagged'];

export interface Decision {
  key: string;
  instance: FleetInstance;
  owner?: string;
  model: string;
  stage: string;
  action: IdleAction;
  /** Stable codes: untagged:model, idle:gpu, exempt, managed:auto-scaling-group, ... */
  reasons: string[];
  /** The rule that makes the instance a candidate; absent when none does. */
  rule?: IdleRule;
  /** Name of the schedule that applied and its phase now. */
  schedule: string;
  phase: 'working' | 'warning' | 'off';
  /** Start of the off period this decision belongs to (the day-end instant); keys idempotent actions. */
  offSince: string;
  /** When people are back (next working-hours start), if any within a year. */
  resumesAt?: string;
  /** hourlyCost x hours until resumesAt (24 h when there is none); 0 when the price is unknown. */
  estimatedSavings: Money;
}

export interface Plan {
  at: string;
  decisions: Decision[];
  /**
   * Set when this run's stops and the day's earlier ones exceed the blast-radius cap (`limit`, per UTC
   * day): the run must not stop anything.
   */
  halted?: { reason: 'blast-radius'; stops: number; earlier: number; limit: number };
}

/** Warnings already sent, by instance key, ISO time of the latest. */
export interface PlanHistory {
  warnedAt: ReadonlyMap<string, string>;
  /**
   * The warnings that said the instance is busy and untagged (rule `untagged-busy`): the only ones
   * that let such an instance be stopped.
   */
  busyWarnedAt?: ReadonlyMap<string, string>;
  /** Instances earlier sweeps stopped this UTC day; they count against the blast-radius cap. */
  stoppedToday?: number;
}

/** What names and sizes an instance, as every report of a decision shows it. */
export function instanceIdentity(i: FleetInstance) {
  return {
    provider: i.provider,
    account: i.account,
    region: i.region,
    instanceId: i.instanceId,
    instanceType: i.instanceType,
    gpus: i.gpus,
  };
}

export function instanceKey(
  i: Pick<FleetInstance, 'provider' | 'account' | 'region' | 'instanceId'>,
): string {
  return `${i.provider}:${i.account}:${i.region}:${i.instanceId}`;
}
