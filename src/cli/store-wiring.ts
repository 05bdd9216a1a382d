import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CostguardConfig } from '../config/schema.js';
import { parseStoreUrl, type StoreTarget } from '../config/store-url.js';
import type { AnomalyStore, BudgetAlertStore } from '../core/anomaly/ports.js';
import type { SourceStatusStore } from '../core/billing-source.js';
import type { AllocationStore } from '../core/clusters/types.js';
import type { IdleAuditLog } from '../core/idle/ports.js';
import { scopesOf } from '../core/import-scopes.js';
import type { Clock, CostStore } from '../core/ports.js';
import type { SubAccountStore } from '../core/sub-accounts.js';
import { DuckDbCostStore } from '../store/duckdb/duckdb-cost-store.js';
import { exportFocus, type FocusExportOptions } from '../store/duckdb/focus-export.js';
import { type DynamoStores, dynamoStores, dynamoTable } from '../store/dynamodb/stores.js';

// The store a CLI command reads: which one it was given (storeTargetOf), the ports the reading commands
// see on either (StoreWiring), and the deployed DynamoDB table's side of it (DynamoWiring). The DuckDB
// side is CliWiring in wiring.ts, which also holds withStore.

/** What a command needs to find its wiring: the config file and the store it was given. */
export interface WiringOptions {
  config?: string;
  db?: string;
  /** `--store`: a DuckDB file or `dynamodb://TABLE?region=R` (store-url.ts); overrides store.url. */
  store?: string;
}

/**
 * What the commands that read and judge stored data (report, anomalies, budgets, export) need, on
 * either store: the DuckDB file (CliWiring) or the deployed DynamoDB table (DynamoWiring).
 */
export interface StoreWiring {
  readonly config: CostguardConfig;
  readonly clock: Clock;
  /** Where the store is, for messages. */
  readonly path: string;
  readonly cost: CostStore;
  anomalies(): Promise<AnomalyStore & BudgetAlertStore>;
  sources(): Promise<SourceStatusStore>;
  /** Account, project and subscription names; the DynamoDB table keeps none (an empty list). */
  subAccounts(): Promise<SubAccountStore>;
  idleAudit(): Promise<IdleAuditLog>;
  /** OpenCost allocations of the clusters (attribution.clusters). */
  allocations(): Promise<AllocationStore>;
  exportFocus(opts: FocusExportOptions): Promise<number>;
  close(): Promise<void>;
}

/** The store a command was given: --store, else --db, else the config's store.url, else store.path. */
export function storeTargetOf(opts: WiringOptions, config: CostguardConfig): StoreTarget {
  if (opts.store !== undefined) return parseStoreUrl(opts.store);
  if (opts.db !== undefined) return { kind: 'duckdb', path: opts.db };
  if (config.store.url !== undefined) return parseStoreUrl(config.store.url);
  return { kind: 'duckdb', path: config.store.path };
}

/**
 * The deployed table from the CLI: the same stores the Lambda functions use (store/dynamodb), so
 * `report --store dynamodb://...` reads what the deployment wrote. The FOCUS export loads the facts
 * into a temporary DuckDB file and writes them with the same SQL as the DuckDB store.
 */
export class DynamoWiring implements StoreWiring {
  private readonly stores: DynamoStores;
  constructor(
    readonly config: CostguardConfig,
    private readonly target: Extract<StoreTarget, { kind: 'dynamodb' }>,
    readonly clock: Clock,
  ) {
    this.stores = dynamoStores(dynamoTable(target.table, target));
  }
  get path(): string {
    return `dynamodb://${this.target.table}`;
  }
  get cost(): CostStore {
    return this.stores.cost;
  }
  async anomalies() {
    return this.stores.anomalies;
  }
  async sources() {
    return this.stores.sources;
  }
  async subAccounts(): Promise<SubAccountStore> {
    return { list: async () => [], upsert: async () => {} };
  }
  async allocations() {
    return this.stores.allocations;
  }
  async idleAudit() {
    return this.stores.idleAudit;
  }
  async exportFocus(opts: FocusExportOptions): Promise<number> {
    const imports = await this.stores.cost.listImports();
    const days = imports.flatMap((i) => i.scopes.flatMap((s) => [s.from, s.to])).sort();
    const from = opts.from ?? days[0];
    const to = opts.to ?? days.at(-1);
    const facts = from && to ? await this.stores.cost.queryFacts({ from, to }) : [];
    const dir = mkdtempSync(join(tmpdir(), 'costguard-export-'));
    const copy = await DuckDbCostStore.open(join(dir, 'export.duckdb'));
    try {
      await copy.replaceFacts(
        {
          id: 'export',
          source: 'dynamodb',
          origin: this.path,
          scopes: scopesOf(facts),
          importedAt: this.clock.now().toISOString(),
          rowCount: facts.length,
          factCount: facts.length,
        },
        facts,
      );
      return await exportFocus(copy.connection, opts);
    } finally {
      await copy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  async close(): Promise<void> {
    await this.stores.cost.close();
  }
}
