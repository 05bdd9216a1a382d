import type { CostFact } from './cost-fact.js';

/** Time comes in through this port so that the core never reads the system clock. */
export interface Clock {
  now(): Date;
}

/**
 * What one import replaces: every stored fact of the provider and billing account in the day range
 * [from, to], narrowed to the listed sub-accounts when `subAccountIds` is given (live ingest replaces
 * per sub-account and day). The store keeps one version of each (provider, account, day) whatever
 * source wrote it: the latest import wins, so a FOCUS file and a Cost Explorer pull of the same days
 * never count the same money twice. Facts outside the batch's scopes are untouched.
 */
export interface ImportScope {
  provider: string;
  billingAccountId: string;
  subAccountIds?: readonly string[];
  from: string;
  to: string;
  /**
   * Set by file imports: the billing period (first and last day) the import's facts come from, as the
   * export declares it. Such a scope replaces, within [from, to], only facts of this billing period,
   * plus facts without one (API ingests, older imports) on the period's own days: a correction to an
   * earlier month (FOCUS ChargeClass=Correction, dated in that month) is stored with its billing period
   * and replaced by a re-import of that period's file, without erasing the earlier month's own data.
   */
  billingPeriod?: { from: string; to: string };
  /**
   * The files gave no billed cost (an Azure amortized-cost export imported without its actual-cost
   * twin): the facts' billed amounts are the amortized ones, so reports by billed cost refuse these
   * days until an import with billed cost replaces them (see billedGaps).
   */
  billedUnavailable?: true;
}

export interface ImportRecord {
  id: string;
  /** Kind of source: 'focus', 'aws-cur', 'aws-ce', ... Recorded on each fact; informational. */
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
  /**
   * Facts of different billing periods (file imports, ImportScope.billingPeriod) come apart, each with
   * its `billingPeriod`: for rewriting stored facts as they are (the cluster re-split). Reports leave
   * it off and get each key summed across billing periods.
   */
  withBillingPeriod?: boolean;
}

/**
 * Where attributed facts live. Implementations: DuckDB (embedded, CLI) and DynamoDB (Lambda). Every
 * implementation passes test/contract/cost-store.contract.ts.
 */
export interface CostStore {
  /**
   * Atomically replaces the facts within `record.scopes` (of any source) with `facts`: readers see
   * either the old data or the new, never a mix or a double, even if the process dies half-way.
   * Facts must lie within the scopes.
   */
  replaceFacts(record: ImportRecord, facts: AsyncIterable<CostFact> | Iterable<CostFact>): Promise<void>;
  queryFacts(q: FactQuery): Promise<CostFact[]>;
  listImports(): Promise<ImportRecord[]>;
  close(): Promise<void>;
}
