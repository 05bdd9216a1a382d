// The simulated organisation's billing endpoints, a config pointing at them and a CLI runner: the
// shared setup of the end-to-end fault tests. Everything goes through `main([...])` and the real SDKs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { addDays } from '../../src/core/day.js';
import { formatMoney } from '../../src/core/money.js';
import { type SimulatedClouds, startSimulatedClouds } from '../../src/sim/clouds.js';
import type { SpendRow } from '../../src/sim/spend.js';
import { buildWorld, SIM_ATTRIBUTION, type SimWorld, truthByModelStage } from '../../src/sim/world.js';
import { runCli } from './cli.js';

export const END = '2026-11-21';

export interface SimHarness {
  dir: string;
  world: SimWorld;
  clouds: SimulatedClouds;
  configFile: string;
  /** Runs the CLI with the clock at 23:00 UTC of `today` (default END). */
  cli(args: string[], today?: string): Promise<{ code: number; out: string; err: string }>;
  /** `ingest --format json` over [from, to] into `db`. */
  ingest(db: string, from: string, to: string, today?: string): Promise<IngestRun>;
  /** The report per model/stage/currency, effective cost to 6 places. */
  report(db: string, from: string, to: string): Promise<Record<string, string>>;
  /** The world's ground truth in the same shape, optionally for some clouds only. */
  truth(from: string, to: string, clouds?: readonly SpendRow['cloud'][]): Record<string, string>;
  /** Clears every fault of the three billing fakes. */
  clearFaults(): void;
  close(): Promise<void>;
}

export interface IngestSourceJson {
  source: string;
  ok: boolean;
  stale: boolean;
  dataCompleteUpTo: string | null;
  completeUpTo: string | null;
  requests: number;
  facts: number;
  pageRestarts: number;
  errors: { code: string; message: string }[];
  totals: { currency: string; billedCost: number; effectiveCost: number }[];
}

export interface IngestRun {
  code: number;
  err: string;
  json: {
    reconciliation: {
      ok: boolean;
      checked: number;
      mismatched: number;
      entries: {
        provider: string;
        day: string;
        currency: string;
        source: { billedCost: string; effectiveCost: string };
        stored: { billedCost: string; effectiveCost: string };
        ok: boolean;
      }[];
    };
    sources: IngestSourceJson[];
  };
  by(source: string): IngestSourceJson;
}

const key = (x: { model: string; stage: string; currency: string }) => `${x.model}/${x.stage}/${x.currency}`;

/**
 * Starts the fakes for a seeded world with small pages (so that every cloud pages), no Azure
 * retry-after wait, and a config with a small retry budget and request timeout so faults play out in
 * seconds.
 */
export async function startSimHarness(
  settings: { retry?: object; requestTimeoutMs?: number } = {},
): Promise<SimHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'costguard-faults-'));
  const world = buildWorld({ seed: 42, end: END });
  world.aws.pageSize = 60;
  world.gcp.pageSize = 150;
  world.azure.pageSize = 60;
  world.azure.retryAfterSeconds = 0;
  const clouds = await startSimulatedClouds(world, dir);
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(clouds.env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  const configFile = join(dir, 'costguard.config.yaml');
  const sources = {
    ...clouds.sources,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    requestTimeoutMs: 2_000,
    ...settings,
  };
  writeFileSync(
    configFile,
    stringify({ attribution: { ...SIM_ATTRIBUTION, clusters: clouds.clusters }, sources }),
  );

  const cli: SimHarness['cli'] = (args, today = END) => runCli(args, new Date(`${today}T23:00:00Z`));
  const faultStates = () => [clouds.aws.faults, clouds.gcp.faults, clouds.azure.faults];
  return {
    dir,
    world,
    clouds,
    configFile,
    cli,
    ingest: async (db, from, to, today) => {
      const r = await cli(
        ['ingest', '--config', configFile, '--db', db, '--from', from, '--to', to, '--format', 'json'],
        today,
      );
      const json = JSON.parse(r.out || '{}') as IngestRun['json'];
      const by = (source: string) => {
        const s = json.sources.find((x) => x.source === source);
        if (!s) throw new Error(`no ${source} in ${r.out}\n${r.err}`);
        return s;
      };
      return { code: r.code, err: r.err, json, by };
    },
    report: async (db, from, to) => {
      const r = await cli([
        'report',
        ...['--config', configFile, '--db', db, '--from', from, '--to', to],
        ...['--by', 'model,stage,currency', '--format', 'json'],
      ]);
      if (r.code !== 0) throw new Error(`report failed: ${r.err}`);
      const rows = (
        JSON.parse(r.out) as { rows: { model: string; stage: string; currency: string; cost: number }[] }
      ).rows;
      return Object.fromEntries(rows.map((x) => [key(x), x.cost.toFixed(6)]));
    },
    truth: (from, to, only) => {
      const rows = only ? world.rows.filter((r) => only.includes(r.cloud)) : world.rows;
      const want = truthByModelStage({ ...world, rows }, from, to);
      return Object.fromEntries(want.map((x) => [key(x), formatMoney(x.effective, 6)]));
    },
    clearFaults: () => {
      for (const f of faultStates()) f.faults = {};
    },
    close: async () => {
      await clouds.close();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const daysBefore = (day: string, n: number) => addDays(day, -n);
