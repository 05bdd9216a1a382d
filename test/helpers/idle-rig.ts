import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { stringify } from 'yaml';
import type { FleetWorld } from '../../src/sim/fakes/fleet-world.js';
import { type Clouds, startClouds } from '../../src/sim/fleet-clouds.js';
import { IDLE_SCOPE, idleWorld } from '../e2e/idle-world.js';
import { runCli } from './cli.js';

/** A CLI run; `json` is stdout parsed, as loose as the JSON the tests read (undefined when empty). */
export interface CliJson {
  code: number;
  json: ReturnType<typeof JSON.parse>;
  err: string;
}

/** The idle guard's CLI tests: cloud fakes for the file, a fresh fleet, directory and config per test. */
export interface IdleRig {
  world: FleetWorld;
  clouds: Clouds;
  dir: string;
  /** The DuckDB file (the audit log), in `dir`. */
  db: string;
  configFile: string;
  /** Writes the config: the fakes' idle section with `extra` over it, then the rig's other sections. */
  writeConfig(extra?: Record<string, unknown>): void;
  /** `costguard ...args` in process; stdout read as one JSON document. */
  costguard(...args: string[]): Promise<CliJson>;
  /** `costguard idle` on the rig's config and database at `now`, JSON out, `extra` flags after. */
  sweep(now: string, ...extra: string[]): Promise<CliJson>;
}

/**
 * Registers the hooks of an idle CLI test file: the AWS, Google Cloud and Azure fakes (IDLE_SCOPE)
 * start once and read the rig's current world; before each test a fresh idleWorld(), a temp directory
 * and a config written from `sections` (top-level config sections besides `idle`, read then).
 */
export function useIdleRig(name: string, sections: () => Record<string, unknown> = () => ({})): IdleRig {
  let caDir = '';
  const rig: IdleRig = {
    world: idleWorld(),
    clouds: undefined as unknown as Clouds,
    dir: '',
    db: '',
    configFile: '',
    writeConfig: (extra = {}) =>
      writeFileSync(rig.configFile, stringify({ idle: { ...rig.clouds.config, ...extra }, ...sections() })),
    costguard: async (...args) => {
      const r = await runCli(args, new Date('2000-01-01T00:00:00Z'), '');
      return { code: r.code, json: r.out ? JSON.parse(r.out) : undefined, err: r.err };
    },
    sweep: (now, ...extra) =>
      rig.costguard(
        'idle',
        '--config',
        rig.configFile,
        '--db',
        rig.db,
        '--format',
        'json',
        '--now',
        now,
        ...extra,
      ),
  };
  beforeAll(async () => {
    caDir = mkdtempSync(join(tmpdir(), `costguard-${name}-ca-`));
    rig.clouds = await startClouds(() => rig.world, caDir, IDLE_SCOPE);
  });
  afterAll(async () => {
    await rig.clouds.close();
    rmSync(caDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    rig.world = idleWorld();
    rig.dir = mkdtempSync(join(tmpdir(), `costguard-${name}-`));
    rig.db = join(rig.dir, 'costguard.duckdb');
    rig.configFile = join(rig.dir, 'costguard.config.yaml');
    rig.writeConfig();
    return () => rmSync(rig.dir, { recursive: true, force: true });
  });
  return rig;
}
