import { importFiles } from '../../../../src/app/import-files.js';
import { parseConfig } from '../../../../src/config/load.js';
import type { CostFact } from '../../../../src/core/cost-fact.js';
import type { CostStore, ImportRecord } from '../../../../src/core/ports.js';
import { openExportFiles } from '../../../../src/sources/files/export-batch.js';

/** A store that keeps what an import writes and counts the writes (a refusal must write nothing). */
export class RecordingStore implements CostStore {
  facts: CostFact[] = [];
  writes = 0;
  async replaceFacts(_r: ImportRecord, facts: AsyncIterable<CostFact> | Iterable<CostFact>) {
    for await (const f of facts) this.facts.push(f);
    this.writes += 1;
  }
  async queryFacts() {
    return [];
  }
  async listImports() {
    return [];
  }
  async close() {}
}

/** Imports `file` into `store` with the default attribution, on 2024-11-05. */
export const importInto = (store: CostStore, file: string) =>
  importFiles({
    exports: openExportFiles,
    files: [file],
    attribution: parseConfig({}).attribution,
    store,
    clock: { now: () => new Date('2024-11-05T00:00:00Z') },
  });
