import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { PUBLISHED_DIR, publishedFixtures } from '../../../../scripts/gen-real-fixtures.js';
import { CUR2_ALL_COLUMNS } from '../../../../scripts/real-fixtures/aws-cur2.js';
import { GCP_CREDIT_TYPES } from '../../../../scripts/real-fixtures/gcp-export.js';
import { importFiles } from '../../../../src/app/import-files.js';
import { parseConfig } from '../../../../src/config/load.js';
import type { CostFact } from '../../../../src/core/cost-fact.js';
import { openExportFiles } from '../../../../src/sources/files/export-batch.js';
import { DuckDbCostStore } from '../../../../src/store/duckdb/duckdb-cost-store.js';
import { workspace } from './focus-files.js';
import {
  azureExpected,
  cur2Expected,
  DIR,
  gcpExpected,
  parseCsv,
  type Totals,
} from './published-expected.js';

// The published-schema fixtures (test/fixtures/published/, made by scripts/gen-real-fixtures.ts from each
// cloud's documented column list) import with per-provider, per-day billed and effective totals equal, to
// the pico-unit, to sums computed from the files by published-expected.ts with the clouds' semantics.

const ws = workspace('published');
afterAll(() => ws.close());
const attribution = parseConfig({}).attribution;
const clock = { now: () => new Date('2024-11-05T00:00:00Z') };

async function importedFacts(files: string | string[], config = attribution): Promise<CostFact[]> {
  const store = await DuckDbCostStore.open(ws.path(`published-${randomUUID()}.duckdb`));
  try {
    await importFiles({
      exports: openExportFiles,
      files: [files].flat().map((f) => `${DIR}/${f}`),
      attribution: config,
      store,
      clock,
    });
    return await store.queryFacts({ from: '2024-01-01', to: '2024-12-31' });
  } finally {
    await store.close();
  }
}

function totals(facts: CostFact[], key: (f: CostFact) => string): Totals {
  const t: Totals = new Map();
  for (const f of facts) {
    const v = t.get(key(f)) ?? { billed: 0n, effective: 0n };
    t.set(key(f), { billed: v.billed + f.billedCost, effective: v.effective + f.effectiveCost });
  }
  return t;
}
const sorted = (t: Totals) => [...t.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
const prefixed = (p: string, t: Totals): Totals => new Map([...t].map(([k, v]) => [`${p}|${k}`, v]));

describe('published-schema fixtures', () => {
  it('are what scripts/gen-real-fixtures.ts makes, byte for byte', () => {
    for (const [name, text] of Object.entries(publishedFixtures()))
      expect(readFileSync(`${PUBLISHED_DIR}/${name}`, 'utf8'), name).toBe(text);
  });

  it('CUR 2.0: every dictionary column in order; per-day billed = unblended, effective = AWS amortized', async () => {
    // Prepare
    const file = 'aws-cur2/cur2-fabrikam-2024-10-00001.csv';
    const text = readFileSync(`${DIR}/${file}`, 'utf8');
    const expected = cur2Expected(file);
    const types = new Set(parseCsv(text).map((r) => r.line_item_line_item_type));

    // Act
    const facts = await importedFacts(file);

    // Assess
    expect(text.slice(0, text.indexOf('\n')).split(',')).toEqual([...CUR2_ALL_COLUMNS]);
    for (const t of [
      'SavingsPlanCoveredUsage',
      'SavingsPlanNegation',
      'SavingsPlanRecurringFee',
      'DiscountedUsage',
    ])
      expect(types).toContain(t);
    for (const t of ['RIFee', 'EdpDiscount', 'Tax', 'Credit', 'Refund']) expect(types).toContain(t);
    expect(sorted(totals(facts, (f) => `${f.provider}|${f.day}`))).toEqual(
      sorted(prefixed('AWS', expected.byDay)),
    );
    // The resource_tags map attributes spend per model (its user_ keys), with commitments amortized
    expect(sorted(totals(facts, (f) => `${f.day}|${f.model}`))).toEqual(sorted(expected.byModel));
  });

  it('Azure MCA: billed per day from actual cost, effective from amortized cost (reservations, savings plans)', async () => {
    // Prepare
    const actual = 'azure-mca/mca-actualcost-2024-10.csv';
    const amortized = 'azure-mca/mca-amortizedcost-2024-10.csv';
    const charges = new Set(parseCsv(readFileSync(`${DIR}/${amortized}`, 'utf8')).map((r) => r.chargeType));

    // Act
    const facts = await importedFacts([actual, amortized]);

    // Assess
    expect(charges).toEqual(
      new Set(['Usage', 'UnusedReservation', 'UnusedSavingsPlan', 'Refund', 'RoundingAdjustment']),
    );
    expect(sorted(totals(facts, (f) => `${f.provider}|${f.day}`))).toEqual(
      sorted(prefixed('Microsoft', azureExpected(actual, amortized))),
    );
  });

  it('Azure MCA amortized cost alone: effective per day is the amortized sum', async () => {
    // Act
    const facts = await importedFacts('azure-mca/mca-amortizedcost-2024-10.csv');

    // Assess: billed is left alone here (amortized-only billed cost is issue 21's "marked unavailable")
    const expected = azureExpected(
      'azure-mca/mca-actualcost-2024-10.csv',
      'azure-mca/mca-amortizedcost-2024-10.csv',
    );
    const effective = (t: Totals) => sorted(t).map(([k, v]) => [k, v.effective]);
    expect(effective(totals(facts, (f) => f.day))).toEqual(effective(expected));
  });

  // The mirror of the amortized-only case: the actual-cost file alone is read as effective cost too, so
  // October's reservation and savings plan purchases (2,493.75 actual against 635.72 amortized) count as
  // effective spend with nothing marked. Wanted: when such a file has reservation or savings plan rows,
  // its scopes say effective cost came from actual cost, and the import and effective reports say so.
  it.todo('Azure MCA actual cost alone: effective cost is marked as taken from actual cost');

  it('Google: every credit type; per-day billed = effective = cost + credits', async () => {
    // Prepare
    const file = 'gcp-export/gcp-billing-detailed-2024-10.jsonl';
    const expected = gcpExpected(file);

    // Act
    const facts = await importedFacts(file);

    // Assess
    expect([...expected.creditTypes].sort()).toEqual([...GCP_CREDIT_TYPES].sort());
    expect(sorted(totals(facts, (f) => `${f.provider}|${f.day}`))).toEqual(
      sorted(prefixed('Google Cloud', expected.byDay)),
    );
  });

  it('Google: a row without labels takes its model and stage from project.labels; its own labels win', async () => {
    // Prepare
    const file = 'gcp-export/gcp-billing-detailed-2024-10.jsonl';
    const expected = gcpExpected(file);

    // Act
    const facts = await importedFacts(file);

    // Assess: per day, model and stage equal to the sums computed from the file's labels
    expect(sorted(totals(facts, (f) => `${f.day}|${f.model}|${f.stage}`))).toEqual(
      sorted(expected.byModelStage),
    );
    // The serving project's unlabelled VM is gemma-7b / serve from its project; the labelled one keeps
    // its own model (gemma-2b) and takes only the stage it lacks from the project.
    const how = (model: string) =>
      new Set(facts.filter((f) => f.model === model).map((f) => `${f.modelBy} ${f.stageBy}`));
    expect(how('gemma-7b')).toEqual(new Set(['project-tag:model project-tag:stage']));
    expect(how('gemma-2b')).toEqual(new Set(['tag:model project-tag:stage']));
    expect(facts.some((f) => f.model === 'unattributed')).toBe(false);
  });

  it('Google with attribution.projectLabels: ignore: the unlabelled rows stay unattributed', async () => {
    // Prepare
    const file = 'gcp-export/gcp-billing-detailed-2024-10.jsonl';
    const ignore = parseConfig({ attribution: { projectLabels: 'ignore' } }).attribution;

    // Act
    const facts = await importedFacts(file, ignore);

    // Assess
    expect(
      facts.some((f) => f.modelBy.startsWith('project-tag:') || f.stageBy.startsWith('project-tag:')),
    ).toBe(false);
    expect(new Set(facts.filter((f) => f.subAccountId === 'fabrikam-ml-serve').map((f) => f.model))).toEqual(
      new Set(['unattributed', 'gemma-2b']),
    );
  });
});
