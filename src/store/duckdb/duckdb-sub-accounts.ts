import type { DuckDBConnection } from '@duckdb/node-api';
import type { SubAccount, SubAccountStore } from '../../core/sub-accounts.js';
import type { DuckDbCostStore } from './duckdb-cost-store.js';

// Tables created when the cost store opens (schema.ts), never here: see CREATE_SCHEMA.

/** Sub-account names in the cost store's DuckDB file. */
export class DuckDbSubAccountStore implements SubAccountStore {
  private constructor(private readonly db: DuckDBConnection) {}

  /** Shares the cost store's connection; closing the cost store closes it. */
  static on(store: DuckDbCostStore): Promise<DuckDbSubAccountStore> {
    return Promise.resolve(new DuckDbSubAccountStore(store.connection));
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
