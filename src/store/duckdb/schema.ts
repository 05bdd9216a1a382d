/**
 * The DuckDB file's tables. Users may open the file with the duckdb CLI and query these directly;
 * docs/data-model.md documents them. Bump SCHEMA_VERSION and add a migration when they change.
 */
export const SCHEMA_VERSION = 1;

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
