import type { DuckDBConnection } from '@duckdb/node-api';
import { anomalyIdKeys, legacyAnomalyId } from '../../core/anomaly/anomaly-id.js';
import { UnknownAnomalyError } from '../../core/anomaly/errors.js';
import type {
  AlertMessage,
  AlertMessageStore,
  AnomalyQuery,
  AnomalyStore,
  BudgetAlertKey,
  BudgetAlertRecord,
  BudgetAlertStore,
} from '../../core/anomaly/ports.js';
import type { AnomalyMark, AnomalyRecord, Contribution } from '../../core/anomaly/types.js';
import type { DuckDbCostStore } from './duckdb-cost-store.js';
import { isoDay, isoInstant, MONEY, records } from './records.js';
import { exclusive } from './serial.js';

// Tables created when the cost store opens (schema.ts), never here: see CREATE_SCHEMA.

const ANOMALY_COLUMNS = `id, series_id AS "seriesId", series::VARCHAR AS series, ${isoDay('day')} AS day, currency,
  actual, expected, impact, score, direction, reason, explanation, root_cause::VARCHAR AS "rootCause", status,
  suppressed_by AS "suppressedBy", ${isoInstant('detected_at')} AS "detectedAt"`;

type Row = Omit<AnomalyRecord, 'series' | 'rootCause'> & { series: string; rootCause: string };

function toRecord(r: Row): AnomalyRecord {
  const rootCause = (JSON.parse(r.rootCause) as (Omit<Contribution, 'change'> & { change: string })[]).map(
    (c) => ({ ...c, change: BigInt(c.change) }),
  );
  return { ...r, series: JSON.parse(r.series), rootCause };
}

/**
 * Anomalies, feedback marks and budget alert state in the DuckDB file of a DuckDbCostStore, on its
 * connection (DuckDB allows one writer process per file). Closing the cost store closes this too.
 */
export class DuckDbAnomalyStore implements AnomalyStore, BudgetAlertStore, AlertMessageStore {
  private constructor(private readonly db: DuckDBConnection) {}

  static on(store: DuckDbCostStore): Promise<DuckDbAnomalyStore> {
    return Promise.resolve(new DuckDbAnomalyStore(store.connection));
  }

  async saveAnomalies(records: readonly AnomalyRecord[]): Promise<void> {
    if (records.length === 0) return;
    await exclusive(this.db, () => this.save(records));
  }

  private async save(records: readonly AnomalyRecord[]): Promise<void> {
    await this.db.run('BEGIN TRANSACTION');
    try {
      for (const a of records) {
        // The same anomaly judged before short ids is stored under its old id: replace it, never double.
        await this.db.run('DELETE FROM anomalies WHERE id = $legacy', { legacy: legacyAnomalyId(a) });
        await this.db.run(
          `INSERT OR REPLACE INTO anomalies VALUES ($id, $seriesId, $series, $day::DATE, $currency, $actual, $expected,
             $impact, $score, $direction, $reason, $explanation, $rootCause, $status, $suppressedBy, $at::TIMESTAMPTZ)`,
          {
            id: a.id,
            seriesId: a.seriesId,
            series: JSON.stringify(a.series),
            day: a.day,
            currency: a.currency,
            actual: MONEY(a.actual),
            expected: MONEY(a.expected),
            impact: MONEY(a.impact),
            score: a.score,
            direction: a.direction,
            reason: a.reason,
            explanation: a.explanation,
            rootCause: JSON.stringify(a.rootCause.map((c) => ({ ...c, change: c.change.toString() }))),
            status: a.status,
            suppressedBy: a.suppressedBy ?? null,
            at: a.detectedAt,
          },
        );
      }
      await this.db.run('COMMIT');
    } catch (cause) {
      await this.db.run('ROLLBACK');
      throw cause;
    }
  }

  async listAnomalies(q: AnomalyQuery): Promise<AnomalyRecord[]> {
    const params: Record<string, string> = { from: q.from, to: q.to };
    let where = 'day BETWEEN $from::DATE AND $to::DATE';
    if (q.seriesId !== undefined) {
      where += ' AND series_id = $seriesId';
      params.seriesId = q.seriesId;
    }
    const r = await exclusive(this.db, () =>
      this.db.runAndReadAll(
        `SELECT ${ANOMALY_COLUMNS} FROM anomalies WHERE ${where} ORDER BY day, impact DESC, id`,
        params,
      ),
    );
    return records<Row>(r).map(toRecord);
  }

  async getAnomaly(id: string): Promise<AnomalyRecord | undefined> {
    // An old long id finds the record under its short id, else under the old id itself.
    for (const key of anomalyIdKeys(id)) {
      const r = await exclusive(this.db, () =>
        this.db.runAndReadAll(`SELECT ${ANOMALY_COLUMNS} FROM anomalies WHERE id = $id`, { id: key }),
      );
      const row = records<Row>(r)[0];
      if (row) return toRecord(row);
    }
    return undefined;
  }

  async markAnomaly(m: AnomalyMark): Promise<void> {
    if (!(await this.getAnomaly(m.anomalyId))) throw new UnknownAnomalyError(m.anomalyId);
    await exclusive(this.db, () =>
      this.db.run(
        `INSERT INTO anomaly_marks VALUES ($id, $verdict, $by, $at::TIMESTAMPTZ, $note, $seriesId, $day::DATE, $direction, $cause)`,
        {
          id: m.anomalyId,
          verdict: m.verdict,
          by: m.by,
          at: m.at,
          note: m.note ?? null,
          seriesId: m.seriesId,
          day: m.day,
          direction: m.direction,
          cause: m.cause,
        },
      ),
    );
  }

  async listMarks(q: { from: string; to: string }): Promise<AnomalyMark[]> {
    const r = await exclusive(this.db, () =>
      this.db.runAndReadAll(
        `SELECT anomaly_id AS "anomalyId", verdict, marked_by AS by, ${isoInstant('marked_at')} AS at, note,
                series_id AS "seriesId", ${isoDay('day')} AS day, direction, cause
       FROM anomaly_marks WHERE day BETWEEN $from::DATE AND $to::DATE ORDER BY marked_at, anomaly_id`,
        { from: q.from, to: q.to },
      ),
    );
    return records<AnomalyMark>(r);
  }

  async claimBudgetAlert(a: BudgetAlertRecord): Promise<boolean> {
    // ON CONFLICT DO NOTHING + RETURNING: the row comes back only when this call inserted it.
    const r = await exclusive(this.db, () =>
      this.db.runAndReadAll(
        `INSERT INTO budget_alerts VALUES ($budget, $period, $kind, $threshold, $at::TIMESTAMPTZ, $message)
       ON CONFLICT DO NOTHING RETURNING budget`,
        {
          budget: a.budget,
          period: a.period,
          kind: a.kind,
          threshold: a.threshold,
          at: a.at,
          message: a.message,
        },
      ),
    );
    return r.getRows().length === 1;
  }

  async releaseBudgetAlert(a: BudgetAlertKey): Promise<void> {
    await exclusive(this.db, () =>
      this.db.run(
        'DELETE FROM budget_alerts WHERE budget = $budget AND period = $period AND kind = $kind AND threshold = $threshold',
        { budget: a.budget, period: a.period, kind: a.kind, threshold: a.threshold },
      ),
    );
  }

  async listBudgetAlerts(period: string): Promise<BudgetAlertRecord[]> {
    const r = await exclusive(this.db, () =>
      this.db.runAndReadAll(
        `SELECT budget, period, kind, threshold, ${isoInstant('alerted_at')} AS at, message FROM budget_alerts
       WHERE period = $period ORDER BY alerted_at, budget, kind, threshold`,
        { period },
      ),
    );
    return records<BudgetAlertRecord>(r);
  }

  async saveAlertMessage(m: AlertMessage): Promise<void> {
    await exclusive(this.db, () =>
      this.db.run('INSERT OR REPLACE INTO alert_messages VALUES ($id, $channel, $ts)', {
        id: m.anomalyId,
        channel: m.channel,
        ts: m.ts,
      }),
    );
  }

  async alertMessage(anomalyId: string): Promise<AlertMessage | undefined> {
    const r = await exclusive(this.db, () =>
      this.db.runAndReadAll(
        'SELECT anomaly_id AS "anomalyId", channel, ts FROM alert_messages WHERE anomaly_id = $id',
        { id: anomalyId },
      ),
    );
    return records<AlertMessage>(r)[0];
  }
}
