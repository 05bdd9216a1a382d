import {
  BIGINT,
  DATE,
  DECIMAL,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBDateValue,
  type DuckDBInstance,
  VARCHAR,
} from '@duckdb/node-api';
import { type CostFact, FACT_KEY_FIELDS } from '../../core/cost-fact.js';
import { dayNumber } from '../../core/day.js';
import { withinScopes } from '../../core/import-scopes.js';
import type { CostStore, FactQuery, ImportRecord, ImportScope } from '../../core/ports.js';
import { StoreError } from '../errors.js';
import { type LockWait, openInstance } from './open-instance.js';
import { prepareSchema } from './prepare-schema.js';
import { isoDay, isoInstant, MONEY, records } from './records.js';
import { exclusive } from './serial.js';

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function scopePredicate(scopes: readonly ImportScope[]): string {
  if (scopes.length === 0) return 'FALSE';
  const parts = scopes.map((s) => {
    const subs =
      s.subAccountIds === undefined
        ? ''
        : s.subAccountIds.length === 0
          ? ' AND FALSE'
          : ` AND sub_account_id IN (${s.subAccountIds.map(sqlString).join(', ')})`;
    // The same rule as replacedBy (core/import-scopes.ts), which the DynamoDB store applies per cell.
    const p = s.billingPeriod;
    const period = p
      ? ` AND (billing_period = ${sqlString(p.from)} OR (billing_period = '' AND day BETWEEN DATE ${sqlString(p.from)} AND DATE ${sqlString(p.to)}))`
      : '';
    return (
      `(provider = ${sqlString(s.provider)} AND billing_account_id = ${sqlString(s.billingAccountId)}${subs} ` +
      `AND day BETWEEN DATE ${sqlString(s.from)} AND DATE ${sqlString(s.to)}${period})`
    );
  });
  return parts.join(' OR ');
}

const CHUNK_ROWS = 2048;
/** The key's text fields: the cost_facts columns after source and day are the fact key's, in its order. */
const TEXT_FIELDS = FACT_KEY_FIELDS.filter((f): f is Exclude<typeof f, 'day'> => f !== 'day');
const MONEY_FIELDS = [
  'billedCost',
  'effectiveCost',
  'listCost',
] as const satisfies readonly (keyof CostFact)[];
const CHUNK_TYPES = [
  VARCHAR,
  DATE,
  ...TEXT_FIELDS.map(() => VARCHAR),
  ...MONEY_FIELDS.map(() => DECIMAL(38, 12)),
  BIGINT,
  VARCHAR,
];
const epochDays = new Map<string, DuckDBDateValue>();
const dateValue = (day: string) => {
  let v = epochDays.get(day);
  if (!v) {
    v = new DuckDBDateValue(dayNumber(day));
    epochDays.set(day, v);
  }
  return v;
};

/** One appender chunk of facts, columns in the order of FACT_COLUMNS (the cost_facts table's order). */
function factChunk(source: string, facts: readonly CostFact[]): DuckDBDataChunk {
  const chunk = DuckDBDataChunk.create(CHUNK_TYPES, facts.length);
  chunk.setColumns([
    facts.map(() => source),
    facts.map((f) => dateValue(f.day)),
    ...TEXT_FIELDS.map((k) => facts.map((f) => f[k])),
    ...MONEY_FIELDS.map((k) => facts.map((f) => MONEY(f[k]))),
    facts.map((f) => BigInt(f.rowCount)),
    facts.map((f) => f.billingPeriod ?? ''),
  ]);
  return chunk;
}

/** The embedded store: one DuckDB file (default ./costguard.duckdb). */
export class DuckDbCostStore implements CostStore {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly db: DuckDBConnection,
    readonly path: string,
  ) {}

  /**
   * Opens (or creates) the file. While another process holds it, waits up to `lock.maxMs` (telling
   * `lock.onWait` as it goes) before refusing with STORE_LOCKED; the default refuses at once.
   */
  static async open(path: string, lock: LockWait = { maxMs: 0 }): Promise<DuckDbCostStore> {
    const instance = await openInstance(path, lock);
    const db = await instance.connect();
    await db.run("SET TimeZone = 'UTC'");
    try {
      await prepareSchema(db, path);
    } catch (cause) {
      db.closeSync();
      instance.closeSync();
      throw cause;
    }
    return new DuckDbCostStore(instance, db, path);
  }

  /** The open connection, for companion stores that keep their own tables in the same file. */
  get connection(): DuckDBConnection {
    return this.db;
  }

  async replaceFacts(
    record: ImportRecord,
    facts: AsyncIterable<CostFact> | Iterable<CostFact>,
  ): Promise<void> {
    // Queued per connection (serial.ts): two replacements at once run one after the other.
    await exclusive(this.db, () => this.replace(record, facts));
  }

  private async replace(
    record: ImportRecord,
    facts: AsyncIterable<CostFact> | Iterable<CostFact>,
  ): Promise<void> {
    // One transaction: delete the scopes, append the new facts, record the import, commit. The appender
    // writes inside the connection's open transaction, so a crash or an error anywhere before COMMIT
    // leaves the file as it was (DuckDB's WAL), and other readers never see a mix or a double.
    await this.db.run('BEGIN TRANSACTION');
    try {
      await this.db.run(`DELETE FROM cost_facts WHERE ${scopePredicate(record.scopes)}`);
      const count = await this.appendFacts(record, facts);
      await this.db.run(
        'INSERT OR REPLACE INTO imports VALUES ($id, $source, $origin, $scopes, $at::TIMESTAMPTZ, $rows, $facts)',
        {
          id: record.id,
          source: record.source,
          origin: record.origin,
          scopes: JSON.stringify(record.scopes),
          at: record.importedAt,
          rows: BigInt(record.rowCount),
          facts: BigInt(count),
        },
      );
      await this.db.run('COMMIT');
    } catch (cause) {
      await this.db.run('ROLLBACK');
      throw cause;
    }
  }

  private async appendFacts(
    record: ImportRecord,
    facts: AsyncIterable<CostFact> | Iterable<CostFact>,
  ): Promise<number> {
    const appender = await this.db.createAppender('cost_facts');
    let count = 0;
    try {
      // Whole data chunks (DuckDB's vector size) instead of value-by-value appends: about half the time.
      let batch: CostFact[] = [];
      for await (const f of facts) {
        if (!withinScopes(f, record.scopes)) {
          throw new StoreError(
            'FACT_OUTSIDE_SCOPE',
            `fact for ${f.provider}/${f.billingAccountId} on ${f.day} lies outside the import's scopes`,
          );
        }
        batch.push(f);
        if (batch.length === CHUNK_ROWS) {
          appender.appendDataChunk(factChunk(record.source, batch));
          count += batch.length;
          batch = [];
        }
      }
      if (batch.length) appender.appendDataChunk(factChunk(record.source, batch));
      count += batch.length;
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    return count;
  }

  async queryFacts(q: FactQuery): Promise<CostFact[]> {
    const where = ['day BETWEEN $from::DATE AND $to::DATE'];
    const params: Record<string, string> = { from: q.from, to: q.to };
    const inList = (column: string, values: readonly string[] | undefined) => {
      if (!values) return;
      where.push(values.length ? `${column} IN (${values.map(sqlString).join(', ')})` : 'FALSE');
    };
    inList('provider', q.providers);
    inList('model', q.models);
    inList('stage', q.stages);
    const reader = await exclusive(this.db, () =>
      this.db.runAndReadAll(
        `SELECT ${isoDay('day')} AS day, provider, billing_account_id AS "billingAccountId",
              sub_account_id AS "subAccountId", service_name AS "serviceName", region_id AS "regionId",
              model, stage, currency, model_by AS "modelBy", stage_by AS "stageBy",
              sum(billed_cost) AS "billedCost", sum(effective_cost) AS "effectiveCost",
              sum(list_cost) AS "listCost", sum(row_count)::BIGINT AS "rowCount"${
                q.withBillingPeriod ? ', billing_period AS "billingPeriod"' : ''
              }
       FROM cost_facts WHERE ${where.join(' AND ')}
       GROUP BY ALL ORDER BY ALL`,
        params,
      ),
    );
    return records<Omit<CostFact, 'rowCount'> & { rowCount: bigint }>(reader).map(
      ({ billingPeriod, ...f }) => ({
        ...f,
        rowCount: Number(f.rowCount),
        ...(billingPeriod ? { billingPeriod } : {}),
      }),
    );
  }

  async listImports(): Promise<ImportRecord[]> {
    const reader = await exclusive(this.db, () =>
      this.db.runAndReadAll(
        `SELECT id, source, origin, scopes::VARCHAR AS scopes, ${isoInstant('imported_at')} AS "importedAt",
              row_count AS "rowCount", fact_count AS "factCount"
       FROM imports ORDER BY imported_at, id`,
      ),
    );
    type Row = { scopes: string; rowCount: bigint; factCount: bigint };
    return records<Omit<ImportRecord, keyof Row> & Row>(reader).map((r) => ({
      ...r,
      scopes: JSON.parse(r.scopes) as ImportScope[],
      rowCount: Number(r.rowCount),
      factCount: Number(r.factCount),
    }));
  }

  async close(): Promise<void> {
    this.db.closeSync();
    this.instance.closeSync();
  }
}
