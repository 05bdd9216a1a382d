import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

// Issue 22, point 1: a command SIGKILLed on the first use of a store (a timeout, Ctrl-C, a Lambda
// stopped) must never leave a file that later commands cannot open. The kill moments are seeded random
// (COSTGUARD_CRASH_SEED reproduces a run); each command gets its own fresh copy of the store.
const SAMPLE = 'test/fixtures/focus/focus_sample.csv';
const SEED = Number(process.env.COSTGUARD_CRASH_SEED ?? 22);
const KILLS_PER_COMMAND = 3;
// Kill windows in ms. Idle opens the store after 1-2 s and then hangs on the silent endpoint, so its
// window reaches past that (the kill came after about 4 s). The others get 100 ms up to how
// long an uninterrupted run took here (timed in beforeAll), so kills land inside them on any machine.
const WINDOW: Record<string, [number, number]> = { idle: [1000, 6000] };
const dir = mkdtempSync(join(tmpdir(), 'costguard-first-use-'));
const config = join(dir, 'costguard.config.yaml');
const base = join(dir, 'base.duckdb');
let hung: Server;
const sockets: Socket[] = [];
let baseline: string;

/** mulberry32: small, seeded, good enough to spread kill moments. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function costguard(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/costguard.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Starts `costguard ...args` and SIGKILLs it after `ms` unless it ended first; resolves to whether it was killed. */
function killAfter(ms: number, args: string[]): Promise<boolean> {
  const child: ChildProcess = spawn(process.execPath, ['bin/costguard.js', ...args], { stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  return new Promise((resolve) =>
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL');
    }),
  );
}

const report = (db: string) =>
  costguard(
    'report',
    '--db',
    db,
    '--config',
    config,
    '--from',
    '2024-09-01',
    '--to',
    '2024-09-30',
    '--format',
    'json',
  );

const COMMANDS: Record<string, (db: string) => string[]> = {
  import: (db) => ['import', SAMPLE, '--db', db, '--config', config, '--format', 'json'],
  idle: (db) => ['idle', '--db', db, '--config', config, '--format', 'json', '--now', '2026-11-23T18:45:00Z'],
  anomalies: (db) => [
    'anomalies',
    '--db',
    db,
    '--config',
    config,
    '--date',
    '2024-09-30',
    '--min-impact',
    '0',
  ],
  budgets: (db) => ['budgets', '--db', db, '--config', config, '--date', '2024-09-30', '--format', 'json'],
};

beforeAll(async () => {
  // An EC2 endpoint that accepts connections and never answers: the idle run hangs in its first call,
  // after it opened the store, as against a hung AWS API.
  hung = createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  const { port } = hung.address() as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const sampleConfig = parse(readFileSync('examples/focus-sample.config.yaml', 'utf8'));
  writeFileSync(
    config,
    stringify({
      ...sampleConfig,
      budgets: [{ name: 'everything', amount: 10 }],
      idle: {
        mode: 'dry-run',
        aws: {
          regions: ['us-east-1'],
          endpoints: { ec2: endpoint, cloudwatch: endpoint },
          credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
        },
      },
    }),
  );
  // The FOCUS sample imported into a new store: the state a user's first idle or bot run meets.
  const imported = costguard(...(COMMANDS.import as (db: string) => string[])(base));
  expect(imported.err).toBe('');
  expect(imported.code).toBe(0);
  const r = report(base);
  expect(r.code).toBe(0);
  baseline = r.out;
  for (const name of ['import', 'anomalies', 'budgets']) {
    const db = join(dir, `timed-${name}.duckdb`);
    if (name !== 'import') copyFileSync(base, db);
    const started = Date.now();
    const run = costguard(...(COMMANDS[name] as (db: string) => string[])(db));
    expect(run.err, name).toBe('');
    expect(run.code, name).toBe(0);
    WINDOW[name] = [100, Date.now() - started];
  }
}, 180_000);

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => hung.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('a command killed on the first use of a store', () => {
  let killedInAll = 0;
  // One test per command, so a slow machine spreads the kills over several time budgets.
  it.each(Object.keys(COMMANDS).map((name, i) => [name, i] as const))(
    'leaves a store every later command opens, with its cost data intact: %s',
    async (name, index) => {
      const next = random(SEED + index);
      const command = COMMANDS[name] as (db: string) => string[];
      for (let k = 0; k < KILLS_PER_COMMAND; k++) {
        // Arrange: a fresh copy of the imported store (an empty file for the import itself).
        const db = join(dir, `trial-${name}-${k}.duckdb`);
        if (name !== 'import') copyFileSync(base, db);
        const [lo, hi] = WINDOW[name] as [number, number];
        const ms = Math.round(lo + next() * (hi - lo));
        // Act
        const wasKilled = await killAfter(ms, command(db));
        if (wasKilled) killedInAll += 1;
        if (process.env.COSTGUARD_CRASH_LOG) console.log(name, ms, wasKilled ? 'killed' : 'ended');
        // Assess: the store opens and reports; an import was either done or not, never half.
        const after = report(db);
        expect(after.err, `${name} killed at ${ms} ms (seed ${SEED})`).toBe('');
        expect(after.code).toBe(0);
        const empty = name === 'import' && JSON.parse(after.out).rows.length === 0;
        if (!empty) expect(after.out, `${name} killed at ${ms} ms (seed ${SEED})`).toBe(baseline);
        // And the command itself runs on it again (not idle: its endpoint never answers).
        if (name === 'idle') continue;
        const again = costguard(...command(db));
        expect(again.err, `${name} after a kill at ${ms} ms`).toBe('');
        expect(again.code).toBe(0);
        expect(report(db).out).toBe(baseline);
      }
    },
    240_000,
  );
  it('killed the commands mid-run, not only after they ended', () => {
    expect(killedInAll).toBeGreaterThanOrEqual(KILLS_PER_COMMAND);
  });
});
