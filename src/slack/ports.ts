import type { AnomalyStore, BudgetAlertStore } from '../core/anomaly/ports.js';
import type { SourceStatusStore } from '../core/billing-source.js';
import type { Budget } from '../core/budget/budget.js';
import type { AllocationStore, ClusterSpec } from '../core/clusters/types.js';
import type { Metric } from '../core/cost-line.js';
import type {
  IdleActions,
  IdleActivity,
  IdleChoice,
  PressAudit,
  TagNames,
} from '../core/idle/owner-ports.js';
import type { Clock, CostStore } from '../core/ports.js';

/** A `/cost` request handed off so the acknowledgement is never late. Plain data: it crosses Lambdas. */
export interface CostJob {
  kind: 'cost';
  text: string;
  userId: string;
  channelId: string;
  responseUrl: string;
}

/**
 * An owner's answer to an idle warning, handed off under Lambda: tagging the instance goes through the
 * cloud SDKs, which the worker loads and the Slack function (on a 3-second clock) does not.
 */
export interface IdleAnswerJob {
  kind: 'idle-answer';
  choice: IdleChoice;
  instanceKey: string;
  /** ISO keep-until instant (snooze, keep until tomorrow); absent for exempt and tag. */
  until?: string;
  /** The Tag answer's model and stage. */
  names?: TagNames;
  /** Who pressed: `slack:<user id>`. */
  by: string;
  responseUrl: string;
}

/** Everything the Slack bot hands off; one shape for the in-process runner and the worker function. */
export type SlackJob = CostJob | IdleAnswerJob;

/**
 * Work that may take longer than Slack's 3 s acknowledgement window. Locally it runs in this process
 * after the ack; under Lambda (whose receiver replies only once the listener returns) the deployment
 * invokes a worker function asynchronously with the job (src/lambda/slow-work.ts).
 */
export interface SlowWork {
  submit(job: SlackJob): Promise<void>;
}

export interface SlackSettings {
  /** Channel id or name for the rollup, alerts and owner fallback. */
  channel: string;
  /** Owner tag value (lowercased) -> Slack user id. */
  owners: Readonly<Record<string, string>>;
  /** Slack user ids that may keep any instance running (owners may always keep theirs). */
  allowList: readonly string[];
  /** Model -> Slack user ids of its owners (who may mark its anomalies expected). */
  modelOwners: Readonly<Record<string, readonly string[]>>;
  /** IANA zone where "tomorrow" starts for "Keep until tomorrow", and the rollup hour is read. */
  timeZone: string;
  /** Local hour "tomorrow" starts at. */
  workdayStartHour: number;
  metric: Metric;
  /** The model value untagged spend carries (attribution.unattributed). */
  unattributed: string;
  /** Render and upload the 30-day chart with the rollup. */
  chart: boolean;
}

/** Everything the bot reads and calls; wired once per runtime (CLI, Lambda, tests). */
export interface SlackDeps {
  costs: CostStore;
  anomalies: AnomalyStore;
  budgetAlerts: BudgetAlertStore;
  budgets: readonly Budget[];
  sources: SourceStatusStore;
  idleActivity: IdleActivity;
  idleActions: IdleActions;
  audit: PressAudit;
  slowWork: SlowWork;
  clock: Clock;
  settings: SlackSettings;
  /** The shared GPU clusters (attribution.clusters) and their OpenCost allocations, for the rollup. */
  clusters?: readonly ClusterSpec[];
  allocations?: AllocationStore;
}
