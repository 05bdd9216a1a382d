/**
 * The DuckDB file's tables. Users may open the file with the duckdb CLI and query these directly;
 * docs/data-model.md documents them. Bump SCHEMA_VERSION and add a migration when they change.
 */
export const SCHEMA_VERSION = 2;

export const MONEY_SQL_TYPE = 'DECIMAL(38,12)';

export const FACT_COLUMNS = [
  ['source', 'VARCHAR'],
  ['day', 'DATE'],
  ['provider', 'VARCHAR'],
  ['billing_account_id', 'VARCHAR'],
  ['sub_account_id', 'VARCHAR'],
  ['service_name', 'VARCHAR'],
  ['region_id', 'VARCHAR'],
  ['model', 'VARCHAR'],
  ['stage', 'VARCHAR'],
  ['currency', 'VARCHAR'],
  ['model_by', 'VARCHAR'],
  ['stage_by', 'VARCHAR'],
  ['billed_cost', MONEY_SQL_TYPE],
  ['effective_cost', MONEY_SQL_TYPE],
  ['list_cost', MONEY_SQL_TYPE],
  ['row_count', 'BIGINT'],
  // Version 2: the first day of the billing period a file import read the fact from, '' for none.
  ['billing_period', 'VARCHAR'],
] as const;

const factColumnsSql = FACT_COLUMNS.map(([name, type]) => `${name} ${type} NOT NULL`).join(',\n  ');

export const CREATE_SCHEMA = `
CREATE TABLE IF NOT EXISTS costguard_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS cost_facts (
  ${factColumnsSql}
);
CREATE TABLE IF NOT EXISTS imports (
  id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  origin VARCHAR NOT NULL,
  scopes JSON NOT NULL,
  imported_at TIMESTAMPTZ NOT NULL,
  row_count BIGINT NOT NULL,
  fact_count BIGINT NOT NULL
);
INSERT INTO costguard_meta VALUES ('schema_version', '${SCHEMA_VERSION}') ON CONFLICT DO NOTHING;
`;

/**
 * Migrations from each older version to the next, run in order on open. 1 -> 2 adds billing_period
 * (existing facts have none: a later import of their billing period replaces them by their days).
 */
export const MIGRATIONS: Readonly<Record<number, string>> = {
  1: `ALTER TABLE cost_facts ADD COLUMN billing_period VARCHAR DEFAULT '';
      UPDATE costguard_meta SET value = '2' WHERE key = 'schema_version';`,
};
