import type { DuckDBConnection } from '@duckdb/node-api';
import type { SourceStatus, SourceStatusStore } from '../../core/billing-source.js';
import type { DuckDbCostStore } from './duckdb-cost-store.js';
import { isoDay, isoInstant, records } from './records.js';

// Tables created when the cost store opens (schema.ts), never here: see CREATE_SCHEMA.

/** "Data complete up to" per live source, in the cost store's DuckDB file. */
export class DuckDbSourceStatusStore implements SourceStatusStore {
  private constructor(private readonly db: DuckDBConnection) {}

  /** Shares the cost store's connection; closing the cost store closes it. */
  static on(store: DuckDbCostStore): Promise<DuckDbSourceStatusStore> {
    return Promise.resolve(new DuckDbSourceStatusStore(store.connection));
  }

  async record(s: SourceStatus): Promise<void> {
    // GREATEST: re-pulling older days (--from/--to) must not move the mark back.
    await this.db.run(
      `INSERT INTO source_status VALUES ($source, $day::DATE, $at::TIMESTAMPTZ)
       ON CONFLICT (source) DO UPDATE SET
         complete_up_to = GREATEST(source_status.complete_up_to, excluded.complete_up_to),
         updated_at = excluded.updated_at`,
      { source: s.source, day: s.completeUpTo, at: s.updatedAt },
    );
  }

  async list(): Promise<SourceStatus[]> {
    const reader = await this.db.runAndReadAll(
      `SELECT source, ${isoDay('complete_up_to')} AS "completeUpTo", ${isoInstant('updated_at')} AS "updatedAt"
       FROM source_status ORDER BY source`,
    );
    return records<SourceStatus>(reader);
  }
}
