import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysBefore, END, type SimHarness, startSimHarness } from '../helpers/sim-harness.js';

// A crash part-way through `costguard ingest` (the process SIGKILLed while the clouds are being pulled
// and written one after another), then the next run: it must recover with the world's totals, and
// nothing counted twice. The child talks to the fakes served by this process, so it runs async.
const FROM = daysBefore(END, 20);
let h: SimHarness;
beforeAll(async () => {
  h = await startSimHarness();
});
afterAll(async () => h.close());

/** Starts an ingest child and kills it once `when()` holds; resolves with how it ended. */
function ingestKilledWhen(db: string, when: () => boolean): Promise<{ signal: string | null; out: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/ingest-child.ts', h.configFile, db, FROM, END],
    { env: { ...process.env, ...h.clouds.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const poll = setInterval(() => {
    if (when()) child.kill('SIGKILL');
  }, 2);
  return new Promise((resolve) => {
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      resolve({ signal, out });
    });
  });
}

describe('a crash between ingest and the next step', () => {
  it('the next run recovers with identical totals, nothing doubled', async () => {
    // Prepare: a clean run gives the reference
    const db = join(h.dir, 'crash.duckdb');
    const clean = await h.ingest(db, FROM, END);
    expect(clean.code, clean.err).toBe(0);
    const truth = h.truth(FROM, END);
    expect(await h.report(db, FROM, END)).toEqual(truth);
    const facts = clean.json.sources.map((s) => s.facts);
    // Act: kill a re-run at three points: during AWS, after AWS was written (during Google Cloud),
    // and after both were written (during Azure)
    const aws = h.clouds.aws.faults;
    const gcp = h.clouds.gcp.faults;
    const azure = h.clouds.azure.faults;
    // Requests each fake received since the child started: [aws, gcp, azure].
    const points: ((d: number[]) => boolean)[] = [
      (d) => (d[0] ?? 0) >= 5,
      (d) => (d[1] ?? 0) >= 1,
      (d) => (d[2] ?? 0) >= 3,
    ];
    let killed = 0;
    for (const point of points) {
      const base = [aws.requests, gcp.requests, azure.requests];
      const at = () => point([aws.requests, gcp.requests, azure.requests].map((n, i) => n - (base[i] ?? 0)));
      const child = await ingestKilledWhen(db, at);
      if (child.signal === 'SIGKILL') killed += 1;
      // Assess: after each crash the store holds one complete version of every day, and the next run
      // recovers to exactly the clean totals.
      expect(await h.report(db, FROM, END)).toEqual(truth);
      const next = await h.ingest(db, FROM, END);
      expect(next.code, next.err).toBe(0);
      expect(next.json.sources.map((s) => s.facts)).toEqual(facts);
      expect(next.json.reconciliation).toMatchObject({ ok: true, mismatched: 0 });
      expect(await h.report(db, FROM, END)).toEqual(truth);
    }
    expect(killed).toBe(points.length);
  }, 180_000);

  it('a crash on a first ingest keeps what was committed per cloud; the next run completes it', async () => {
    // Prepare
    const db = join(h.dir, 'crash-fresh.duckdb');
    const azure = h.clouds.azure.faults;
    const base = azure.requests;
    // Act: killed while Azure is pulled (AWS and Google Cloud already written)
    const child = await ingestKilledWhen(db, () => azure.requests - base >= 3);
    // Assess
    expect(child.signal).toBe('SIGKILL');
    expect(await h.report(db, FROM, END)).toEqual(h.truth(FROM, END, ['aws', 'gcp']));
    const next = await h.ingest(db, FROM, END);
    expect(next.code, next.err).toBe(0);
    expect(await h.report(db, FROM, END)).toEqual(h.truth(FROM, END));
  }, 120_000);
});
