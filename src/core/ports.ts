import type { CostFact } from './cost-fact.js';

/** Time comes in through this port so that the core never reads the system clock. */
export interface Clock {
  now(): Date;
}

/**
 * What one import replaces: for each (provider, billing account) in the batch, every stored fact of
 * the same source in the day range [from, to]. Facts outside the batch's scopes are untouched.
 */
export interface ImportScope {
  provider: string;
  billingAccountId: string;
  from: string;
  to: string;
}

export interface ImportRecord {
  id: string;
  /** Kind of source: 'focus', 'aws-cur', 'aws-ce', ... Re-importing a source replaces its data. */
  source: string;
  /** Where the data came from (file paths, API); informational. */
  origin: string;
  scopes: ImportScope[];
  importedAt: string;
  rowCount: number;
  factCount: number;
}

export interface FactQuery {
  from: string;
  to: string;
  providers?: readonly string[];
  models?: readonly string[];
  stages?: readonly string[];
}

/**
 * Where attributed facts live. Implementations: DuckDB (embedded, CLI) and DynamoDB (Lambda). Every
 * implementation passes test/contract/cost-store.contract.ts.
 */
export interface CostStore {
  /**
   * Atomically replaces the facts of `record.source` within `record.scopes` with `facts`: readers see
   * either the old data or the new, never a mix or a double, even if the process dies half-way.
   * Facts must lie within the scopes.
   */
  replaceFacts(record: ImportRecord, facts: AsyncIterable<CostFact> | Iterable<CostFact>): Promise<void>;
  queryFacts(q: FactQuery): Promise<CostFact[]>;
  listImports(): Promise<ImportRecord[]>;
  close(): Promise<void>;
}
