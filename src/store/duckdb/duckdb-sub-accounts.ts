import type { DuckDBConnection } from '@duckdb/node-api';
import type { SubAccount, SubAccountStore } from '../../core/sub-accounts.js';
import type { DuckDbCostStore } from './duckdb-cost-store.js';
import { isoInstant, records } from './records.js';

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
      `SELECT provider, billing_account_id AS "billingAccountId", sub_account_id AS "subAccountId", name,
              ${isoInstant('updated_at')} AS "updatedAt"
       FROM sub_accounts ORDER BY ALL`,
    );
    return records<SubAccount>(reader);
  }
}
