import type { DuckDBConnection } from '@duckdb/node-api';
import type { SubAccount, SubAccountStore } from '../../core/sub-accounts.js';
import type { DuckDbCostStore } from './duckdb-cost-store.js';

// Its own table, created on first use: files written before it existed keep working.
const CREATE = `CREATE TABLE IF NOT EXISTS sub_accounts (
  provider VARCHAR NOT NULL,
  billing_account_id VARCHAR NOT NULL,
  sub_account_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (provider, billing_account_id, sub_account_id)
)`;

/** Sub-account names in the cost store's DuckDB file. */
export class DuckDbSubAccountStore implements SubAccountStore {
  private constructor(private readonly db: DuckDBConnection) {}

  /** Shares the cost store's connection; closing the cost store closes it. */
  static async on(store: DuckDbCostStore): Promise<DuckDbSubAccountStore> {
    await store.connection.run(CREATE);
    return new DuckDbSubAccountStore(store.connection);
  }

  async upsert(accounts: readonly SubAccount[]): Promise<void> {
    for (const a of accounts) {
      await this.db.run(
        `INSERT INTO sub_accounts VALUES ($provider, $ba, $sub, $name, $at::TIMESTAMPTZ)
         ON CONFLICT (provider, billing_account_id, sub_account_id) DO UPDATE SET
           name = excluded.name, updated_at = excluded.updated_at`,
        { provider: a.provider, ba: a.billingAccountId, sub: a.subAccountId, name: a.name, at: a.updatedAt },
      );
    }
  }

  async list(): Promise<SubAccount[]> {
    const reader = await this.db.runAndReadAll(
      `SELECT provider, billing_account_id, sub_account_id, name,
              strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%gZ')
       FROM sub_accounts ORDER BY ALL`,
    );
    return reader.getRows().map((r) => ({
      provider: r[0] as string,
      billingAccountId: r[1] as string,
      subAccountId: r[2] as string,
      name: r[3] as string,
      updatedAt: r[4] as string,
    }));
  }
}
