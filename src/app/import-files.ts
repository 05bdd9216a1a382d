import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { Attributor } from '../core/attribution/attribute.js';
import type { AttributionConfig } from '../core/attribution/types.js';
import type { CostFact } from '../core/cost-fact.js';
import { scopesOf } from '../core/import-scopes.js';
import type { Money } from '../core/money.js';
import type { Clock, CostStore, ImportRecord } from '../core/ports.js';
import { openFileEngine } from '../sources/files/engine.js';
import { readFocusFile } from '../sources/files/focus-reader.js';

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
  /** Source name that a re-import replaces; FOCUS files default to 'focus'. */
  source?: string;
}

export interface ImportSummary {
  record: ImportRecord;
  files: { file: string; rows: number; bytes: number }[];
  totals: { currency: string; billedCost: Money; effectiveCost: Money; listCost: Money }[];
  unattributedEffective: { currency: string; cost: Money }[];
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
 * of them are good are their facts written, replacing what the store held for the same source,
 * provider, billing account and days. A bad file aborts the import before anything is written.
 */
export async function importFiles(input: ImportFilesInput): Promise<ImportSummary> {
  const engine = await openFileEngine();
  const attributor = new Attributor(input.attribution);
  const files: ImportSummary['files'] = [];
  try {
    const sizes = fileSizes(input.files);
    const all = sizes.reduce((a, b) => a + b, 0) || 1;
    let done = 0;
    for (const [i, file] of input.files.entries()) {
      const size = sizes[i] ?? 0;
      const reader = readFocusFile(engine.conn, file, {
        onProgress: (f) => input.onProgress?.({ file, fraction: (done + f * size) / all }),
      });
      let step = await reader.next();
      while (!step.done) {
        attributor.add(step.value);
        step = await reader.next();
      }
      files.push({ file, ...step.value });
      done += size;
    }
  } finally {
    engine.close();
  }
  const facts = attributor.finish();
  const record: ImportRecord = {
    id: randomUUID(),
    source: input.source ?? 'focus',
    origin: input.files.join(', '),
    scopes: scopesOf(facts),
    importedAt: input.clock.now().toISOString(),
    rowCount: files.reduce((a, f) => a + f.rows, 0),
    factCount: facts.length,
  };
  await input.store.replaceFacts(record, facts);
  return { record, files, ...summarize(facts, input.attribution.unattributed) };
}

function summarize(facts: readonly CostFact[], unattributed: string) {
  const totals = new Map<
    string,
    { currency: string; billedCost: Money; effectiveCost: Money; listCost: Money }
  >();
  const untagged = new Map<string, Money>();
  for (const f of facts) {
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
  };
}
