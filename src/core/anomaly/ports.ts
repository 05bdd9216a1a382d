import type { BudgetStatus } from '../budget/budget.js';
import type { Money } from '../money.js';
import type { AnomalyMark, AnomalyRecord } from './types.js';

export interface AnomalyQuery {
  from: string;
  to: string;
  seriesId?: string;
}

/**
 * Where judged anomalies and their feedback live, for the Slack rollup and alerts. Implementations:
 * DuckDB (CLI) and, later, DynamoDB; each passes test/contract/anomaly-store.contract.ts.
 */
export interface AnomalyStore {
  /** Upserts by id: judging the same day again replaces that day's record, never doubles it. */
  saveAnomalies(records: readonly AnomalyRecord[]): Promise<void>;
  listAnomalies(q: AnomalyQuery): Promise<AnomalyRecord[]>;
  getAnomaly(id: string): Promise<AnomalyRecord | undefined>;
  /** Appends a mark; throws UnknownAnomalyError when no anomaly has that id. */
  markAnomaly(mark: AnomalyMark): Promise<void>;
  /** Marks whose anomaly day lies in [from, to], oldest first. */
  listMarks(q: { from: string; to: string }): Promise<AnomalyMark[]>;
}

/** A budget threshold that alerted in a period. */
export interface BudgetAlertRecord {
  budget: string;
  /** 'YYYY-MM' */
  period: string;
  kind: 'actual' | 'forecast';
  /** Percent of the budget, e.g. 80. */
  threshold: number;
  at: string;
  /** The message that went out. */
  message: string;
}

/** What identifies a budget alert: one per (budget, period, kind, threshold). */
export type BudgetAlertKey = Pick<BudgetAlertRecord, 'budget' | 'period' | 'kind' | 'threshold'>;

/** A budget threshold crossing to deliver: one per budget, period, kind and threshold. */
export interface BudgetAlert {
  budget: string;
  kind: string;
  threshold: number;
  message: string;
}

/**
 * Where the daily check's new anomalies and budget alerts go: Slack (src/slack/alert-sink.ts) when the
 * config has a `slack:` section, else log lines. A budget delivery that throws gives its claim back.
 */
export interface AlertSink {
  /**
   * The day's new alerts, one per change (core/anomaly/same-change.ts); `context` holds, per alert id,
   * the broader series that show the same change and alert no more on their own.
   */
  anomalies(
    found: readonly AnomalyRecord[],
    context?: ReadonlyMap<string, readonly AnomalyRecord[]>,
  ): Promise<void>;
  budget(alert: BudgetAlert, status: BudgetStatus): Promise<void>;
  /**
   * Later days of episodes that alerted before: said in the first alert's thread (never a new
   * top-level message). Optional: a sink without threads says nothing.
   */
  ongoing?(updates: readonly EpisodeUpdate[]): Promise<void>;
}

/** An episode still going on: today's anomaly, the episode's first alert, and its running totals. */
export interface EpisodeUpdate {
  today: AnomalyRecord;
  /** The id of the episode's first-day anomaly. */
  firstId: string;
  firstDay: string;
  days: number;
  /** Summed impact over the episode's days, today included. */
  impact: Money;
}

export interface BudgetAlertStore {
  /**
   * Records the alert unless (budget, period, kind, threshold) already alerted; true when it is new.
   * Atomic, so two runs at once alert once.
   */
  claimBudgetAlert(a: BudgetAlertRecord): Promise<boolean>;
  /**
   * Gives a claim back because the alert could not be delivered (Slack refused the post), so the next
   * run alerts again instead of the alert being lost.
   */
  releaseBudgetAlert(a: BudgetAlertKey): Promise<void>;
  /** Oldest first; ties by budget, kind, threshold. */
  listBudgetAlerts(period: string): Promise<BudgetAlertRecord[]>;
}

/** Where an episode's first alert was posted, so its later days go to that message's thread. */
export interface AlertMessage {
  /** The id of the episode's first-day anomaly (the alert that was posted). */
  anomalyId: string;
  channel: string;
  ts: string;
}

/** Both anomaly stores keep these (beside the anomalies). */
export interface AlertMessageStore {
  saveAlertMessage(m: AlertMessage): Promise<void>;
  alertMessage(anomalyId: string): Promise<AlertMessage | undefined>;
}
