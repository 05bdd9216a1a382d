import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { Attributor } from '../core/attribution/attribute.js';
import type { AttributionConfig } from '../core/attribution/types.js';
import type { AllocationStore } from '../core/clusters/types.js';
import type { CostFact } from '../core/cost-fact.js';
import type { OpenExports } from '../core/export-files.js';
import { scopesOf } from '../core/import-scopes.js';
import type { Money } from '../core/money.js';
import type { Clock, CostStore, ImportRecord } from '../core/ports.js';
import { splitWithStoredAllocations } from './cluster-split.js';
export interface ImportProgress {
  file: string;
  /** 0..1 over all files, weighted by size. */
  fraction: number;
}

export interface ImportFilesInput {
  files: readonly string[];
  attribution: AttributionConfig;
  store: CostStore;
  clock: Clock;
  onProgress?: (p: ImportProgress) => void;
  /** Recorded with the import; defaults to the format's name ('focus', 'aws-cur2', ...). */
  source?: string;
  /** Read every file as this format instead of detecting it from the header. */
  format?: string;
  /** The export file reader (src/sources/files/export-batch.ts). */
  exports: OpenExports;
  /**
   * Files without billed cost (Azure amortized only) stand in for it (config
   * imports.billedFromAmortized); otherwise their days are marked as having no billed cost.
   */
  billedFromAmortized?: boolean;
  /** OpenCost allocations, to split the spend of Kubernetes clusters (attribution.clusters); optional. */
  allocations?: AllocationStore;
}

export interface ImportSummary {
  record: ImportRecord;
  format: string;
  files: { file: string; rows: number; bytes: number; variant?: string }[];
  totals: { currency: string; billedCost: Money; effectiveCost: Money; listCost: Money }[];
  /** First and last day with charges (the scopes may reach further: whole billing periods). */
  chargeDays?: { from: string; to: string };
  unattributedEffective: { currency: string; cost: Money }[];
  /** The files had no billed cost and it was not taken from the amortized one: see ImportScope. */
  billedUnavailable: boolean;
}

/** Byte size of each file; 0 for a file that is missing (the reader reports it by name). */
export function fileSizes(files: readonly string[]): number[] {
  return files.map((f) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  });
}

/**
 * Imports billing export files as one unit: every file is read and attributed first, and only when all
 * of them are good are their facts written, replacing what the store held for the same provider,
 * billing account and billing period (the period each file declares: see ImportScope.billingPeriod). A
 * bad file aborts the import before anything is written.
 */
export async function importFiles(input: ImportFilesInput): Promise<ImportSummary> {
  // One attributor per billing period: a correction to August in October's file stays October's fact
  // (its own store rows), apart from August's file's facts of the same day.
  const attributors = new Map<string, Attributor>();
  const attributorOf = (period: string) => {
    let a = attributors.get(period);
    if (!a) {
      a = new Attributor(input.attribution);
      attributors.set(period, a);
    }
    return a;
  };
  const periods = new Map<string, string>();
  const files: ImportSummary['files'] = [];
  const batch = await input.exports(input.files, input.format);
  const billedUnavailable = batch.billedUnavailable === true && input.billedFromAmortized !== true;
  try {
    const all = batch.files.reduce((a, f) => a + f.bytes, 0) || 1;
    let done = 0;
    for (const source of batch.files) {
      const { file, bytes: size } = source;
      const reader = source.read({
        now: input.clock.now(),
        onProgress: (f) => input.onProgress?.({ file, fraction: (done + f * size) / all }),
      });
      let step = await reader.next();
      while (!step.done) {
        attributorOf(step.value.billingPeriod ?? '').add(step.value);
        step = await reader.next();
      }
      const { rows, bytes, periods: filePeriods } = step.value;
      for (const [first, last] of filePeriods) periods.set(first, max(periods.get(first), last));
      files.push({ file, rows, bytes, ...(source.variant ? { variant: source.variant } : {}) });
      done += size;
    }
  } finally {
    batch.close();
  }
  const attributed = [...attributors].flatMap(([period, a]) => {
    const own = a.finish();
    if (period !== '') for (const f of own) f.billingPeriod = period;
    return own;
  });
  // One split over every billing period (one read of the allocations); lumps keep their period.
  const facts = await splitWithStoredAllocations(attributed, input.attribution, input.allocations);
  const record: ImportRecord = {
    id: randomUUID(),
    source: input.source ?? batch.format,
    origin: input.files.join(', '),
    scopes: scopesOf(facts, periods).map((s) => (billedUnavailable ? { ...s, billedUnavailable: true } : s)),
    importedAt: input.clock.now().toISOString(),
    rowCount: files.reduce((a, f) => a + f.rows, 0),
    factCount: facts.length,
  };
  await input.store.replaceFacts(record, facts);
  return {
    record,
    format: batch.format,
    files,
    billedUnavailable,
    ...summarize(facts, input.attribution.unattributed),
  };
}

const max = (a: string | undefined, b: string) => (a === undefined || b > a ? b : a);

function summarize(facts: readonly CostFact[], unattributed: string) {
  const totals = new Map<
    string,
    { currency: string; billedCost: Money; effectiveCost: Money; listCost: Money }
  >();
  const untagged = new Map<string, Money>();
  let chargeDays: { from: string; to: string } | undefined;
  for (const f of facts) {
    if (!chargeDays) chargeDays = { from: f.day, to: f.day };
    else if (f.day < chargeDays.from) chargeDays.from = f.day;
    else if (f.day > chargeDays.to) chargeDays.to = f.day;
    const t = totals.get(f.currency) ?? {
      currency: f.currency,
      billedCost: 0n,
      effectiveCost: 0n,
      listCost: 0n,
    };
    t.billedCost += f.billedCost;
    t.effectiveCost += f.effectiveCost;
    t.listCost += f.listCost;
    totals.set(f.currency, t);
    if (f.model === unattributed)
      untagged.set(f.currency, (untagged.get(f.currency) ?? 0n) + f.effectiveCost);
  }
  return {
    totals: [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)),
    unattributedEffective: [...untagged.entries()].map(([currency, cost]) => ({ currency, cost })),
    ...(chargeDays ? { chargeDays } : {}),
  };
}
