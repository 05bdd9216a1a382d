import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../errors.js';
import { CREATE_SCHEMA, IDLE_AUDIT_LATER_COLUMNS, MIGRATIONS, SCHEMA_VERSION } from './schema.js';

/**
 * Brings an opened file to the current schema and checkpoints it, so that no table creation, migration or
 * ALTER is left in the WAL for a killed process to strand (see CREATE_SCHEMA). Runs before any other
 * statement on the connection.
 */
export async function prepareSchema(db: DuckDBConnection, path: string): Promise<void> {
  await db.run(CREATE_SCHEMA);
  await db.run('CHECKPOINT');
  await dropIdleAuditSequence(db);
  await db.run(IDLE_AUDIT_LATER_COLUMNS);
  const version = async () =>
    Number(
      (
        await db.runAndReadAll("SELECT value FROM costguard_meta WHERE key = 'schema_version'")
      ).getRows()[0]?.[0],
    );
  let found = await version();
  while (found < SCHEMA_VERSION && MIGRATIONS[found]) {
    await db.run(`BEGIN TRANSACTION; ${MIGRATIONS[found]} COMMIT;`);
    found = await version();
  }
  if (found !== SCHEMA_VERSION) {
    throw new StoreError(
      'STORE_SCHEMA_MISMATCH',
      `${path} has schema version ${found}, this costguard expects ${SCHEMA_VERSION}. Upgrade costguard or use another --db file.`,
    );
  }
  await db.run('CHECKPOINT');
}

/**
 * Files written by earlier versions numbered idle_audit rows with a sequence default. Any ALTER of that
 * table left in the WAL made the file unopenable, so the default goes first (its removal replays fine),
 * is checkpointed, and only then the sequence and any ALTER follow.
 */
async function dropIdleAuditSequence(db: DuckDBConnection): Promise<void> {
  const r = await db.runAndReadAll(
    `SELECT count(*) FROM duckdb_columns()
     WHERE table_name = 'idle_audit' AND column_name = 'seq' AND column_default IS NOT NULL`,
  );
  if (Number(r.getRows()[0]?.[0]) > 0) {
    await db.run('ALTER TABLE idle_audit ALTER COLUMN seq DROP DEFAULT');
    await db.run('CHECKPOINT');
  }
  await db.run('DROP SEQUENCE IF EXISTS idle_audit_seq');
}
