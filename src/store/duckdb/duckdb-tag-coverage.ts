import type { DuckDBConnection } from '@duckdb/node-api';
import { formatMoney, MONEY_SCALE, parseMoney } from '../../core/money.js';
import type { TagCoverageReport, TagCoverageStore } from '../../core/tag-coverage.js';
import type { DuckDbCostStore } from './duckdb-cost-store.js';

// The report is one JSON document (its lists vary in length); amounts inside are decimal strings
// with all 12 digits, so they come back exact. The table is created when the store opens (schema.ts).

const toJson = (r: TagCoverageReport) =>
  JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? formatMoney(v, MONEY_SCALE) : v));

const MONEY_FIELDS = new Set(['total', 'untaggedModel', 'unattributedModel', 'cost']);
const fromJson = (text: string) =>
  JSON.parse(text, (k, v: unknown) =>
    MONEY_FIELDS.has(k) && typeof v === 'string' ? parseMoney(v) : v,
  ) as TagCoverageReport;

/** Tag coverage reports per source, in the cost store's DuckDB file; history is kept. */
export class DuckDbTagCoverageStore implements TagCoverageStore {
  private constructor(private readonly db: DuckDBConnection) {}

  /** Shares the cost store's connection; closing the cost store closes it. */
  static on(store: DuckDbCostStore): Promise<DuckDbTagCoverageStore> {
    return Promise.resolve(new DuckDbTagCoverageStore(store.connection));
  }

  async record(report: TagCoverageReport): Promise<void> {
    await this.db.run(
      `INSERT INTO tag_coverage VALUES ($source, $at::TIMESTAMPTZ, $report)
       ON CONFLICT (source, taken_at) DO UPDATE SET report = excluded.report`,
      { source: report.source, at: report.takenAt, report: toJson(report) },
    );
  }

  async latest(): Promise<TagCoverageReport[]> {
    const reader = await this.db.runAndReadAll(
      `SELECT report::VARCHAR FROM tag_coverage
       QUALIFY row_number() OVER (PARTITION BY source ORDER BY taken_at DESC) = 1
       ORDER BY source`,
    );
    return reader.getRows().map((r) => fromJson(r[0] as string));
  }
}
