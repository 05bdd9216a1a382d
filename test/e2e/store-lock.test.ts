import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// A second costguard command on a store another process holds (DuckDB lets one process open the file)
// waits for it, saying who holds it, instead of failing at once with "Could not set lock".
const dir = mkdtempSync(join(tmpdir(), 'costguard-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** A real second process that opens the store and holds it for `ms`; resolves once it holds it. */
async function holdStore(db: string, ms: number): Promise<{ pid: number; exited: Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/hold-store.ts', db, String(ms)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (b: Buffer) => {
      if (b.toString().includes('held')) resolve();
    });
    child.on('exit', () => reject(new Error('the holding process ended before it held the store')));
  });
  return { pid: child.pid as number, exited };
}

const NOW = new Date('2026-11-20T12:00:00Z');
const report = (db: string, ...extra: string[]) =>
  runCli(
    ['report', '--db', db, '--format', 'json', '--from', '2026-11-01', '--to', '2026-11-19', ...extra],
    NOW,
  );

describe('a command on a store another process holds', () => {
  it('waits, says who holds it, and runs once the other process lets go', async () => {
    // Prepare: another process holds the store for 2.5 s
    const db = join(dir, 'wait.duckdb');
    const holder = await holdStore(db, 2500);
    const started = Date.now();
    // Act
    const r = await report(db, '--lock-wait', '30');
    // Assess: it waited for the release and succeeded; stderr told the story
    expect(r.code).toBe(0);
    expect(await holder.exited).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(JSON.parse(r.out).rows).toEqual([]);
    expect(r.err).toContain(`the store ${db} is in use by another process (`);
    expect(r.err).toContain(`PID ${holder.pid})`);
    expect(r.err).toContain('waiting up to 30 s for it (--lock-wait, store.lockWaitSeconds)');
    expect(r.err).toMatch(/got the store after \d+ s/);
  }, 60_000);

  it('fails with a clear error and exit code 1 when the wait runs out', async () => {
    const db = join(dir, 'short.duckdb');
    const holder = await holdStore(db, 20_000);
    const started = Date.now();
    // Act
    const r = await report(db, '--lock-wait', '1');
    // Assess: gave up after about a second, naming the holder and every way out
    const took = Date.now() - started;
    expect(r.code).toBe(1);
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(took).toBeLessThan(10_000);
    expect(r.err).toContain(`costguard: the DuckDB store ${db} is in use by another process (`);
    expect(r.err).toContain(`PID ${holder.pid}) and was still locked after 1 s.`);
    expect(r.err).toContain('--lock-wait <seconds> or store.lockWaitSeconds, or pass --db');
    expect(r.err).not.toContain('unexpected error');
  }, 60_000);

  it('takes the wait from store.lockWaitSeconds: 0 fails at once', async () => {
    const db = join(dir, 'config.duckdb');
    const config = join(dir, 'costguard.config.yaml');
    writeFileSync(config, 'store:\n  lockWaitSeconds: 0\n');
    const holder = await holdStore(db, 20_000);
    const started = Date.now();
    // Act
    const r = await report(db, '--config', config);
    // Assess
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.err).toContain(`is in use by another process (`);
    expect(r.err).toContain(`PID ${holder.pid}). Let that command finish`);
    expect(r.err).not.toContain('waiting up to');
  }, 60_000);

  it('refuses a --lock-wait that is not a number of seconds (usage error, exit 2)', async () => {
    const r = await report(join(dir, 'x.duckdb'), '--lock-wait', 'soon');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--lock-wait must be a number of seconds, 0 or more (got "soon")');
  });
});
