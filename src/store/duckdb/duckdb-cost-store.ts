import { type DuckDBConnection, DuckDBDecimalValue, DuckDBInstance } from '@duckdb/node-api';
import type { CostFact } from '../../core/cost-fact.js';
import { withinScopes } from '../../core/import-scopes.js';
import type { CostStore, FactQuery, ImportRecord, ImportScope } from '../../core/ports.js';
import { StoreError } from '../errors.js';
import { CREATE_SCHEMA, CREATE_STAGING, FACT_COLUMNS, SCHEMA_VERSION } from './schema.js';

const MONEY = (v: bigint) => new DuckDBDecimalValue(v, 38, 12);

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
    return (
      `(provider = ${sqlString(s.provider)} AND billing_account_id = ${sqlString(s.billingAccountId)}${subs} ` +
      `AND day BETWEEN DATE ${sqlString(s.from)} AND DATE ${sqlString(s.to)})`
    );
  });
  return parts.join(' OR ');
}

/** The embedded store: one DuckDB file (default ./costguard.duckdb). */
export class DuckDbCostStore implements CostStore {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly db: DuckDBConnection,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<DuckDbCostStore> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (cause) {
      throw new StoreError(
        'STORE_OPEN_FAILED',
        `cannot open the DuckDB store ${path}: ${(cause as Error).message}. ` +
          'Is another costguard process using it? Pass --db to use another file.',
        { cause },
      );
    }
    const db = await instance.connect();
    await db.run("SET TimeZone = 'UTC'");
    await db.run(CREATE_SCHEMA);
    const v = await db.runAndReadAll("SELECT value FROM costguard_meta WHERE key = 'schema_version'");
    const found = Number(v.getRows()[0]?.[0]);
    if (found !== SCHEMA_VERSION) {
      throw new StoreError(
        'STORE_SCHEMA_MISMATCH',
        `${path} has schema version ${found}, this costguard expects ${SCHEMA_VERSION}. Upgrade costguard or use another --db file.`,
      );
    }
    return new DuckDbCostStore(instance, db, path);
  }

  async replaceFacts(
    record: ImportRecord,
    facts: AsyncIterable<CostFact> | Iterable<CostFact>,
  ): Promise<void> {
    // Facts go to a temp table first; the delete + insert + import record then commit as one
    // transaction, so a crash anywhere before COMMIT leaves the file as it was (DuckDB's WAL).
    await this.db.run(CREATE_STAGING);
    const appender = await this.db.createAppender('staging_facts', 'main', 'temp');
    let count = 0;
    try {
      for await (const f of facts) {
        if (!withinScopes(f, record.scopes)) {
          throw new StoreError(
            'FACT_OUTSIDE_SCOPE',
            `fact for ${f.provider}/${f.billingAccountId} on ${f.day} lies outside the import's scopes`,
          );
        }
        appender.appendVarchar(record.source);
        appender.appendVarchar(f.day);
        appender.appendVarchar(f.provider);
        appender.appendVarchar(f.billingAccountId);
        appender.appendVarchar(f.subAccountId);
        appender.appendVarchar(f.serviceName);
        appender.appendVarchar(f.regionId);
        appender.appendVarchar(f.model);
        appender.appendVarchar(f.stage);
        appender.appendVarchar(f.currency);
        appender.appendVarchar(f.modelBy);
        appender.appendVarchar(f.stageBy);
        appender.appendDecimal(MONEY(f.billedCost));
        appender.appendDecimal(MONEY(f.effectiveCost));
        appender.appendDecimal(MONEY(f.listCost));
        appender.appendBigInt(BigInt(f.rowCount));
        appender.endRow();
        count += 1;
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    const columns = FACT_COLUMNS.map(([c]) => c).join(', ');
    await this.db.run('BEGIN TRANSACTION');
    try {
      await this.db.run(`DELETE FROM cost_facts WHERE ${scopePredicate(record.scopes)}`);
      await this.db.run(`INSERT INTO cost_facts (${columns}) SELECT ${columns} FROM temp.staging_facts`);
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
    } finally {
      await this.db.run('DROP TABLE IF EXISTS temp.staging_facts');
    }
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
    const reader = await this.db.runAndReadAll(
      `SELECT strftime(day, '%Y-%m-%d') AS day, provider, billing_account_id, sub_account_id, service_name,
              region_id, model, stage, currency, model_by, stage_by,
              sum(billed_cost) AS billed, sum(effective_cost) AS effective, sum(list_cost) AS list,
              sum(row_count)::BIGINT AS rows
       FROM cost_facts WHERE ${where.join(' AND ')}
       GROUP BY ALL ORDER BY ALL`,
      params,
    );
    return reader.getRows().map((r) => ({
      day: r[0] as string,
      provider: r[1] as string,
      billingAccountId: r[2] as string,
      subAccountId: r[3] as string,
      serviceName: r[4] as string,
      regionId: r[5] as string,
      model: r[6] as string,
      stage: r[7] as string,
      currency: r[8] as string,
      modelBy: r[9] as string,
      stageBy: r[10] as string,
      billedCost: (r[11] as DuckDBDecimalValue).value,
      effectiveCost: (r[12] as DuckDBDecimalValue).value,
      listCost: (r[13] as DuckDBDecimalValue).value,
      rowCount: Number(r[14] as bigint),
    }));
  }

  async listImports(): Promise<ImportRecord[]> {
    const reader = await this.db.runAndReadAll(
      `SELECT id, source, origin, scopes::VARCHAR, strftime(imported_at, '%Y-%m-%dT%H:%M:%S.%gZ'), row_count, fact_count
       FROM imports ORDER BY imported_at, id`,
    );
    return reader.getRows().map((r) => ({
      id: r[0] as string,
      source: r[1] as string,
      origin: r[2] as string,
      scopes: JSON.parse(r[3] as string) as ImportScope[],
      importedAt: r[4] as string,
      rowCount: Number(r[5] as bigint),
      factCount: Number(r[6] as bigint),
    }));
  }

  /** The store's connection, for other tables that live in the same file (the idle audit log). */
  connection(): DuckDBConnection {
    return this.db;
  }

  async close(): Promise<void> {
    this.db.closeSync();
    this.instance.closeSync();
  }
}
