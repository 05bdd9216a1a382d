import type { DuckDBConnection } from '@duckdb/node-api';
import { MS_PER_DAY } from '../../core/day.js';
import type { AuditQuery, IdleAuditEntry, IdleAuditLog } from '../../core/idle/ports.js';
import { type IdleRule, instanceKey } from '../../core/idle/types.js';
import { isoInstant, MONEY, records } from './records.js';
import { exclusive } from './serial.js';

// Its tables (idle_audit, idle_claims) are created when the cost store opens: see CREATE_SCHEMA.

/**
 * The idle guard's audit log in the CLI's DuckDB file, next to the cost facts (same connection, so
 * one file holds everything and no second process lock is needed).
 */
export class DuckDbIdleAuditLog implements IdleAuditLog {
  private constructor(private readonly db: DuckDBConnection) {}

  // One connection holds one transaction at a time: every call queues on the connection's queue (shared
  // with the cost and anomaly stores), so concurrent calls neither nest transactions nor slip a claim
  // into another call's transaction.
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return exclusive(this.db, fn);
  }

  /** On the connection of an opened DuckDbCostStore (its open created the tables). */
  static open(db: DuckDBConnection): Promise<DuckDbIdleAuditLog> {
    return Promise.resolve(new DuckDbIdleAuditLog(db));
  }

  async append(entries: readonly IdleAuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.exclusive(() => this.insert(entries));
  }

  private async insert(entries: readonly IdleAuditEntry[]): Promise<void> {
    await this.db.run('BEGIN TRANSACTION');
    try {
      // Rows are numbered here, not by a sequence (see CREATE_SCHEMA): inside the transaction, and calls
      // queue on the connection, which is the file's only writer, so max + 1 cannot collide.
      const last = await this.db.runAndReadAll('SELECT coalesce(max(seq), 0) FROM idle_audit');
      let seq = BigInt(last.getRows()[0]?.[0] as bigint | number);
      for (const e of entries) {
        seq += 1n;
        await this.db.run(
          `INSERT INTO idle_audit (seq, run_id, happened_at, actor, mode, provider, account, region, instance_id, instance_type,
             action, reasons, result, error, hourly_cost, currency, savings_per_day, owner, model, stage, gpus, rule)
           VALUES ($seq, $run, $at::TIMESTAMPTZ, $actor, $mode, $provider, $account, $region, $id, $type,
             $action, $reasons, $result, $error, $hourly, $currency, $perDay, $owner, $model, $stage, $gpus, $rule)`,
          {
            seq,
            run: e.runId,
            at: e.at,
            actor: e.actor,
            mode: e.mode,
            provider: e.provider,
            account: e.account,
            region: e.region,
            id: e.instanceId,
            type: e.instanceType,
            action: e.action,
            reasons: JSON.stringify(e.reasons),
            result: e.result,
            error: e.error ?? null,
            hourly: e.hourlyCost === undefined ? null : MONEY(e.hourlyCost),
            currency: e.currency,
            perDay: MONEY(e.savingsPerDay),
            owner: e.owner ?? null,
            model: e.model ?? null,
            stage: e.stage ?? null,
            gpus: e.gpus ?? null,
            rule: e.rule ?? null,
          },
        );
      }
      await this.db.run('COMMIT');
    } catch (cause) {
      await this.db.run('ROLLBACK');
      throw cause;
    }
  }

  async claim(key: string, runId: string, at: string): Promise<boolean> {
    // The primary key makes the insert the atomic test-and-set: a second claim inserts nothing.
    const r = await this.exclusive(() =>
      this.db.runAndReadAll(
        'INSERT INTO idle_claims VALUES ($key, $run, $at::TIMESTAMPTZ) ON CONFLICT DO NOTHING RETURNING key',
        { key, run: runId, at },
      ),
    );
    return r.getRows().length === 1;
  }

  async release(key: string, runId: string): Promise<void> {
    await this.exclusive(() =>
      this.db.run('DELETE FROM idle_claims WHERE key = $key AND run_id = $run', { key, run: runId }),
    );
  }

  async stopsOn(day: string): Promise<number> {
    const from = `${day}T00:00:00.000Z`;
    const to = new Date(Date.parse(from) + MS_PER_DAY).toISOString();
    const r = await this.exclusive(() =>
      this.db.runAndReadAll(
        `SELECT count(*)::INTEGER FROM idle_audit WHERE result = 'stopped' AND mode = 'enforce'
         AND happened_at >= $from::TIMESTAMPTZ AND happened_at < $to::TIMESTAMPTZ`,
        { from, to },
      ),
    );
    return Number(r.getRows()[0]?.[0] ?? 0);
  }

  async warnings(since: string, rule?: IdleRule): Promise<Map<string, string>> {
    const r = await this.exclusive(() =>
      this.db.runAndReadAll(
        `SELECT provider, account, region, instance_id, ${isoInstant('max(happened_at)')}
       FROM idle_audit WHERE result = 'warned' AND happened_at >= $since::TIMESTAMPTZ
       ${rule ? 'AND rule = $rule' : ''} GROUP BY ALL`,
        rule ? { since, rule } : { since },
      ),
    );
    return new Map(
      r.getRows().map((row) => [
        instanceKey({
          provider: row[0] as string,
          account: row[1] as string,
          region: row[2] as string,
          instanceId: row[3] as string,
        }),
        row[4] as string,
      ]),
    );
  }

  async list(q: AuditQuery = {}): Promise<IdleAuditEntry[]> {
    const where: string[] = [];
    const params: Record<string, string> = {};
    if (q.since) {
      where.push('happened_at >= $since::TIMESTAMPTZ');
      params.since = q.since;
    }
    if (q.instanceKey) {
      where.push(`provider || ':' || account || ':' || region || ':' || instance_id = $key`);
      params.key = q.instanceKey;
    }
    const r = await this.exclusive(() =>
      this.db.runAndReadAll(
        `SELECT run_id AS "runId", ${isoInstant('happened_at')} AS at, actor, mode, provider, account, region,
                instance_id AS "instanceId", instance_type AS "instanceType", action, reasons, result, error,
                hourly_cost AS "hourlyCost", currency, savings_per_day AS "savingsPerDay", owner, model, stage, gpus,
                rule
       FROM idle_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`,
        params,
      ),
    );
    return records<Omit<IdleAuditEntry, 'reasons'> & { reasons: string }>(r).map((e) => ({
      ...e,
      reasons: JSON.parse(e.reasons) as string[],
    }));
  }
}
