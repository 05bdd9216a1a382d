import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatMoney } from '../../src/core/money.js';
import { type SimulatedClouds, startSimulatedClouds } from '../../src/sim/clouds.js';
import { buildWorld, SIM_ATTRIBUTION, type SimWorld, truthByModelStage } from '../../src/sim/world.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'costguard-sim-'));
const db = join(dir, 'sim.duckdb');
const configFile = join(dir, 'costguard.config.yaml');
const END = '2026-11-21';
let world: SimWorld;
let clouds: SimulatedClouds;
const saved: Record<string, string | undefined> = {};

const cli = (...args: string[]) => runCli(args, new Date(`${END}T23:00:00Z`));
/** `costguard <command>` on the sim's config and database over from..END, `extra` flags, JSON out. */
const overDays = (command: string, from: string, ...extra: string[]) =>
  cli(command, '--config', configFile, '--db', db, '--from', from, '--to', END, ...extra, '--format', 'json');

beforeAll(async () => {
  world = buildWorld({ seed: 42, end: END });
  clouds = await startSimulatedClouds(world, dir);
  for (const [k, v] of Object.entries(clouds.env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  writeFileSync(
    configFile,
    stringify({ attribution: { ...SIM_ATTRIBUTION, clusters: clouds.clusters }, sources: clouds.sources }),
  );
});

afterAll(async () => {
  await clouds.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the simulated organisation, ingested from its three clouds', () => {
  it('reports per model and stage exactly what the world spent, to the micro-unit', async () => {
    const from = world.days[0] as string;
    const ingest = await overDays('ingest', from);
    expect(ingest.code, `${ingest.err}\n${ingest.out}`).toBe(0);

    const r = await overDays('report', from, '--by', 'model,stage,currency');
    expect(r.code, r.err).toBe(0);
    const got = JSON.parse(r.out) as {
      rows: { model: string; stage: string; currency: string; cost: number }[];
    };
    const want = truthByModelStage(world, from, END);
    const key = (x: { model: string; stage: string; currency: string }) =>
      `${x.model}/${x.stage}/${x.currency}`;
    const gotMap = Object.fromEntries(got.rows.map((x) => [key(x), x.cost.toFixed(6)]));
    const wantMap = Object.fromEntries(want.map((x) => [key(x), formatMoney(x.effective, 6)]));
    expect(gotMap).toEqual(wantMap);
    expect(want.length).toBeGreaterThan(40);
    expect(new Set(want.map((x) => x.currency))).toEqual(new Set(['USD', 'EUR']));
  }, 60_000);
});
