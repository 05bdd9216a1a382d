import type { Money } from '../money.js';
import type { Decision, FleetInstance, IdleRule, InstanceMetrics } from './types.js';

/**
 * One cloud's machines: inventory, utilization and the stop action. Implementations live in
 * src/fleet/<cloud>/ and declare the cloud permissions they use, so deployment can check them.
 */
export interface Fleet {
  readonly provider: string;
  /** Cloud permissions (IAM actions, GCP permissions, Azure RBAC actions) every method needs. */
  readonly permissions: readonly string[];
  /** Running GPU/accelerator instances in every configured account and region. */
  listGpuInstances(): Promise<FleetInstance[]>;
  /** Utilization over [from, to] by instance key; instances without any metric are absent. */
  utilization(
    instances: readonly FleetInstance[],
    from: Date,
    to: Date,
  ): Promise<Map<string, InstanceMetrics>>;
  /** Stops (Azure: deallocates) and resolves when the cloud accepted it; throws CloudCallError (FLEET_STOP_FAILED) otherwise. */
  stop(instance: FleetInstance): Promise<void>;
  /**
   * The instance as the cloud has it now (tags, state, controller), read again just before a stop:
   * an owner may have added keep-until or exempt since the listing. Undefined when it no longer exists.
   */
  current(instance: FleetInstance): Promise<FleetInstance | undefined>;
  /** Merges tags (GCP: labels) into the instance's: how an owner's snooze or exemption is stored. */
  setTags(instance: FleetInstance, tags: Readonly<Record<string, string>>): Promise<void>;
}

export type AuditResult =
  | 'planned'
  | 'kept'
  | 'warned'
  | 'stopped'
  | 'failed'
  | 'skipped'
  | 'halted'
  /** A Slack button press by someone who may not keep the instance running. */
  | 'refused';

/** One line of the audit log: who decided what about which instance, why, when, and what came of it. */
export interface IdleAuditEntry {
  runId: string;
  at: string;
  /** Who ran the sweep: "cli:<user>", "schedule", a Slack user for a snooze. */
  actor: string;
  mode: 'dry-run' | 'enforce';
  provider: string;
  account: string;
  region: string;
  instanceId: string;
  instanceType: string;
  action: 'stop' | 'warn' | 'keep';
  reasons: readonly string[];
  /** The rule that made the instance a candidate (what stopped or warned it); absent for the rest. */
  rule?: IdleRule;
  result: AuditResult;
  error?: string;
  hourlyCost?: Money;
  currency: string;
  /** hourlyCost x 24: what a day of this instance costs, the saving per day a stop buys. */
  savingsPerDay: Money;
  /** What the decision knew about the instance, so the Slack rollup and `/cost idle` can name it. */
  owner?: string;
  model?: string;
  stage?: string;
  gpus?: number;
}

export interface AuditQuery {
  since?: string;
  instanceKey?: string;
}

/**
 * Where the idle guard writes every decision and action. Implementations: DuckDB (CLI) and, later,
 * DynamoDB; both run test/contract/idle-audit-log.contract.ts.
 */
export interface IdleAuditLog {
  append(entries: readonly IdleAuditEntry[]): Promise<void>;
  /**
   * Atomically takes `key` for `runId`; false if any run holds it already. Two sweeps (or one twice)
   * never act on the same instance for the same off period.
   */
  claim(key: string, runId: string, at: string): Promise<boolean>;
  /** Gives a claim back after the action failed, so the next sweep retries. */
  release(key: string, runId: string): Promise<void>;
  /**
   * Instances that enforce-mode sweeps stopped on the UTC day `day` (YYYY-MM-DD, the day of an entry's
   * `at`): the blast-radius cap counts a day, not one sweep.
   */
  stopsOn(day: string): Promise<number>;
  /** Latest successful warning per instance key, at or after `since`; only those of `rule` if given. */
  warnings(since: string, rule?: IdleRule): Promise<Map<string, string>>;
  list(q?: AuditQuery): Promise<IdleAuditEntry[]>;
}

/** The warning an owner receives before a stop, as data; the Slack issue renders it. */
export interface IdleWarning {
  decision: Decision;
  /** When the stop will happen at the earliest (day-end or now + lead). */
  stopAt: string;
  hourlyCost?: Money;
  currency: string;
  estimatedSavings: Money;
}

export interface Notifier {
  warn(w: IdleWarning): Promise<void>;
  /** Something needs a human now: the blast-radius cap stopped a run, a stop failed. */
  alert(message: string, details?: Readonly<Record<string, unknown>>): Promise<void>;
}
