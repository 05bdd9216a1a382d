import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from '../../src/core/money.js';
import { clusterAllocations, SIM_CLUSTERS } from '../../src/sim/clusters.js';
import { daysBefore, END, type SimHarness, startSimHarness } from '../helpers/sim-harness.js';

// The shared GPU clusters of the simulated organisation (one per cloud, src/sim/clusters.ts), through
// `costguard ingest` with each cluster's OpenCost (a wire-format fake) and the clouds' billing fakes.
const FROM = daysBefore(END, 6);
let h: SimHarness;
let n = 0;
const freshDb = () => join(h.dir, `clusters-${++n}.duckdb`);

beforeAll(async () => {
  h = await startSimHarness();
});
afterEach(() => {
  for (const f of Object.values(h.clouds.opencost)) f.faults.faults = {};
});
afterAll(async () => h.close());

const gkeOpenCost = () => {
  const f = h.clouds.opencost['gke-serve'];
  if (!f) throw new Error('no gke-serve OpenCost');
  return f;
};

/** `costguard ingest --source opencost` over FROM..END into `db`: the clusters' allocations only. */
const openCostOnly = (db: string) =>
  h.cli([
    'ingest',
    '--config',
    h.configFile,
    '--db',
    db,
    '--from',
    FROM,
    '--to',
    END,
    '--source',
    'opencost',
    '--format',
    'json',
  ]);

/** What the bill charged the cluster over the days, all but the lines a config rule names a model for. */
function unsplitTruth(cluster: string, from: string, to: string): string {
  const rows = h.world.rows.filter(
    (r) => r.cluster === cluster && r.day >= from && r.day <= to && !r.parts?.every((p) => p.byRule),
  );
  return formatMoney(
    rows.reduce((a, r) => a + parseMoney(r.effective), 0n),
    6,
  );
}

describe('shared GPU clusters split per model from OpenCost', () => {
  it('splits each cluster per model and stage to the micro-unit; a second ingest changes nothing', async () => {
    const db = freshDb();
    const first = await h.ingest(db, FROM, END);
    expect(first.code, first.err).toBe(0);
    expect(first.json.reconciliation).toMatchObject({ ok: true, mismatched: 0 });
    expect(await h.report(db, FROM, END)).toEqual(h.truth(FROM, END));
    const report = await h.report(db, FROM, END);
    const again = await h.ingest(db, FROM, END);
    expect(again.code, again.err).toBe(0);
    expect(await h.report(db, FROM, END)).toEqual(report);
    // Only OpenCost again: the stored split is already what the allocations say.
    const openCost = await openCostOnly(db);
    expect(openCost.code, openCost.err).toBe(0);
    const clusters = (
      JSON.parse(openCost.out) as { clusters: { cluster: string; ok: boolean; resplitFacts: number }[] }
    ).clusters;
    expect(clusters.map((c) => [c.cluster, c.ok, c.resplitFacts])).toEqual([
      ['eks-gpu', true, 0],
      ['gke-serve', true, 0],
      ['aks-train', true, 0],
    ]);
  }, 120_000);

  it('an unreachable OpenCost keeps that cluster as one lump, the rollup says so, and the next run splits it', async () => {
    const db = freshDb();
    gkeOpenCost().faults.faults = { down: true };
    const run = await h.ingest(db, FROM, END);
    // The clouds are written; the cluster's pull failed, so the run is partial (exit 1).
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/opencost gke-serve/);
    expect(run.json.reconciliation).toMatchObject({ ok: true, mismatched: 0 });
    const lumped = await h.report(db, FROM, END);
    expect(lumped['gke-serve (unsplit)/unattributed/USD']).toBe(unsplitTruth('gke-serve', FROM, END));
    expect(lumped['embed-search/serve/USD']).toBeUndefined();
    // The other clusters are split as usual.
    expect(lumped['diffusion-ads/train/USD']).toBe(h.truth(FROM, END)['diffusion-ads/train/USD']);

    const rollup = await h.cli([
      'rollup',
      '--config',
      h.configFile,
      '--db',
      db,
      '--date',
      END,
      '--format',
      'json',
    ]);
    expect(rollup.code, rollup.err).toBe(0);
    const view = JSON.parse(rollup.out) as {
      clusters: { cluster: string; unsplit: number; unsplitDays: string[] }[];
      message: { blocks: { text?: { text: string } }[] };
    };
    const gke = view.clusters.find((c) => c.cluster === 'gke-serve');
    expect(gke?.unsplitDays).toEqual([END]);
    expect(gke?.unsplit.toFixed(6)).toBe(unsplitTruth('gke-serve', END, END));
    expect(JSON.stringify(view.message)).toMatch(
      /not split per model \(no OpenCost allocations for Nov 21\)/,
    );

    // OpenCost is back: the next run (OpenCost only) splits the stored lump; the bill is not re-read.
    gkeOpenCost().faults.faults = {};
    const next = await openCostOnly(db);
    expect(next.code, next.err).toBe(0);
    expect(await h.report(db, FROM, END)).toEqual(h.truth(FROM, END));
  }, 120_000);

  it('an OpenCost CSV export imported later splits the stored lump (it has no idle rows: workloads share the node)', async () => {
    const db = freshDb();
    for (const f of Object.values(h.clouds.opencost)) f.faults.faults = { down: true };
    const run = await h.ingest(db, END, END);
    expect(run.code).toBe(1);
    const clusters = await h.cli([
      'clusters',
      '--config',
      h.configFile,
      '--db',
      db,
      '--from',
      END,
      '--to',
      END,
      '--format',
      'json',
    ]);
    expect(clusters.code, clusters.err).toBe(0);
    const before = JSON.parse(clusters.out) as { clusters: { cluster: string; unsplit: number }[] };
    expect(before.clusters.map((c) => c.unsplit.toFixed(6))).toEqual(
      ['eks-gpu', 'gke-serve', 'aks-train'].map((c) => unsplitTruth(c, END, END)),
    );

    // The export as OpenCost's exporter writes it: per container, labels as JSON, and no idle rows.
    const eks = SIM_CLUSTERS.find((c) => c.name === 'eks-gpu');
    const rows = clusterAllocations(eks as (typeof SIM_CLUSTERS)[number], END).filter((a) => !a.idle);
    const csv = [
      'Date,Namespace,ControllerKind,ControllerName,Pod,Container,CPUCost,RAMCost,NetworkCost,PVCost,GPUCost,TotalCost,Labels',
      ...rows.map(
        (a) =>
          `${a.day},${a.namespace},${a.controllerKind},${a.controller},${a.pod},main,${a.cpuCost},${a.ramCost},0,${a.pvCost},${a.gpuCost},${a.totalCost},"${JSON.stringify(a.labels).replaceAll('"', '""')}"`,
      ),
    ].join('\n');
    const file = join(h.dir, 'eks-gpu-opencost.csv');
    writeFileSync(file, csv);
    const imported = await h.cli([
      'clusters',
      'import',
      file,
      '--cluster',
      'eks-gpu',
      '--config',
      h.configFile,
      '--db',
      db,
      '--format',
      'json',
    ]);
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({ cluster: 'eks-gpu', ok: true, allocations: 3, days: 1 });
    // Without idle rows the node spend goes to the workloads in proportion to their GPU-hours (96, 96
    // and 24 of 216 on a $1,175.04 day), disks by volume ($2.00 and $0.40); the control plane is a rule's.
    const after = await h.report(db, END, END);
    expect(after['sentiment-bert/train/USD']).toBe('524.240000');
    expect(after['reranker-xl/serve/USD']).toBe('522.640000');
    expect(after['eks-gpu (unsplit)/unattributed/USD']).toBeUndefined();
    expect(after['eks-gpu idle/unattributed/USD']).toBeUndefined();
    expect(after['gke-serve (unsplit)/unattributed/USD']).toBe(unsplitTruth('gke-serve', END, END));
  }, 120_000);
});
