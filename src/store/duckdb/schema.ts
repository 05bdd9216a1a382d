/**
 * The DuckDB file's tables. Users may open the file with the duckdb CLI and query these directly;
 * docs/data-model.md documents them. Bump SCHEMA_VERSION and add a migration when they change.
 */
export const SCHEMA_VERSION = 3;

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

/**
 * Every table of the store, created when the file is opened and checkpointed right away (see
 * prepare-schema.ts): a process killed later (a timeout, Ctrl-C, a Lambda stopped mid-run) then leaves
 * only row changes in the WAL. Creating tables lazily left DDL in the WAL, and DuckDB cannot replay an
 * ALTER of a table whose default calls nextval(): the next open failed and the whole store was lost.
 * So no table has a sequence default either (idle_audit numbers its rows itself). IF NOT EXISTS: older
 * files gain the tables they lack.
 */
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
CREATE TABLE IF NOT EXISTS anomalies (
  id VARCHAR PRIMARY KEY,
  series_id VARCHAR NOT NULL,
  series JSON NOT NULL,
  day DATE NOT NULL,
  currency VARCHAR NOT NULL,
  actual ${MONEY_SQL_TYPE} NOT NULL,
  expected ${MONEY_SQL_TYPE} NOT NULL,
  impact ${MONEY_SQL_TYPE} NOT NULL,
  score DOUBLE NOT NULL,
  direction VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  explanation VARCHAR NOT NULL,
  root_cause JSON NOT NULL,
  status VARCHAR NOT NULL,
  suppressed_by VARCHAR,
  detected_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS anomaly_marks (
  anomaly_id VARCHAR NOT NULL,
  verdict VARCHAR NOT NULL,
  marked_by VARCHAR NOT NULL,
  marked_at TIMESTAMPTZ NOT NULL,
  note VARCHAR,
  series_id VARCHAR NOT NULL,
  day DATE NOT NULL,
  direction VARCHAR NOT NULL,
  cause VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS budget_alerts (
  budget VARCHAR NOT NULL,
  period VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  threshold DOUBLE NOT NULL,
  alerted_at TIMESTAMPTZ NOT NULL,
  message VARCHAR NOT NULL,
  PRIMARY KEY (budget, period, kind, threshold)
);
CREATE TABLE IF NOT EXISTS source_status (
  source VARCHAR PRIMARY KEY,
  complete_up_to DATE NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS sub_accounts (
  provider VARCHAR NOT NULL,
  billing_account_id VARCHAR NOT NULL,
  sub_account_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (provider, billing_account_id, sub_account_id)
);
CREATE TABLE IF NOT EXISTS tag_coverage (
  source VARCHAR NOT NULL,
  taken_at TIMESTAMPTZ NOT NULL,
  report JSON NOT NULL,
  PRIMARY KEY (source, taken_at)
);
CREATE TABLE IF NOT EXISTS idle_audit (
  seq BIGINT PRIMARY KEY,
  run_id VARCHAR NOT NULL,
  happened_at TIMESTAMPTZ NOT NULL,
  actor VARCHAR NOT NULL,
  mode VARCHAR NOT NULL,
  provider VARCHAR NOT NULL,
  account VARCHAR NOT NULL,
  region VARCHAR NOT NULL,
  instance_id VARCHAR NOT NULL,
  instance_type VARCHAR NOT NULL,
  action VARCHAR NOT NULL,
  reasons VARCHAR NOT NULL,
  result VARCHAR NOT NULL,
  error VARCHAR,
  hourly_cost ${MONEY_SQL_TYPE},
  currency VARCHAR NOT NULL,
  savings_per_day ${MONEY_SQL_TYPE} NOT NULL,
  owner VARCHAR,
  model VARCHAR,
  stage VARCHAR,
  gpus INTEGER,
  rule VARCHAR
);
CREATE TABLE IF NOT EXISTS allocations (
  cluster VARCHAR NOT NULL,
  day DATE NOT NULL,
  name VARCHAR NOT NULL,
  namespace VARCHAR NOT NULL,
  controller_kind VARCHAR NOT NULL,
  controller VARCHAR NOT NULL,
  pod VARCHAR NOT NULL,
  labels JSON NOT NULL,
  namespace_labels JSON NOT NULL,
  idle BOOLEAN NOT NULL,
  cpu_cost DOUBLE NOT NULL,
  gpu_cost DOUBLE NOT NULL,
  ram_cost DOUBLE NOT NULL,
  pv_cost DOUBLE NOT NULL,
  network_cost DOUBLE NOT NULL,
  load_balancer_cost DOUBLE NOT NULL,
  total_cost DOUBLE NOT NULL,
  gpu_hours DOUBLE NOT NULL,
  PRIMARY KEY (cluster, day, name)
);
CREATE TABLE IF NOT EXISTS alert_messages (
  anomaly_id VARCHAR PRIMARY KEY,
  channel VARCHAR NOT NULL,
  ts VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS idle_claims (
  key VARCHAR PRIMARY KEY,
  run_id VARCHAR NOT NULL,
  happened_at TIMESTAMPTZ NOT NULL
);
INSERT INTO costguard_meta VALUES ('schema_version', '${SCHEMA_VERSION}') ON CONFLICT DO NOTHING;
`;

/** Columns idle_audit gained after its first release; files from before get them on open. */
export const IDLE_AUDIT_LATER_COLUMNS = `
ALTER TABLE idle_audit ADD COLUMN IF NOT EXISTS owner VARCHAR;
ALTER TABLE idle_audit ADD COLUMN IF NOT EXISTS model VARCHAR;
ALTER TABLE idle_audit ADD COLUMN IF NOT EXISTS stage VARCHAR;
ALTER TABLE idle_audit ADD COLUMN IF NOT EXISTS gpus INTEGER;
`;

/**
 * Migrations from each older version to the next, run in order on open. 1 -> 2 adds billing_period
 * (existing facts have none: a later import of their billing period replaces them by their days).
 * 2 -> 3 adds idle_audit.rule, the rule that made an instance a candidate (earlier entries have none:
 * their reasons say it).
 */
export const MIGRATIONS: Readonly<Record<number, string>> = {
  1: `ALTER TABLE cost_facts ADD COLUMN billing_period VARCHAR DEFAULT '';
      UPDATE costguard_meta SET value = '2' WHERE key = 'schema_version';`,
  2: `ALTER TABLE idle_audit ADD COLUMN IF NOT EXISTS rule VARCHAR;
      UPDATE costguard_meta SET value = '3' WHERE key = 'schema_version';`,
};
