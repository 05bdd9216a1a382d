import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Faults } from '../../src/sim/fakes/faults.js';
import { restateDay } from '../helpers/restate.js';
import { daysBefore, END, type SimHarness, startSimHarness } from '../helpers/sim-harness.js';

// Faults injected into the simulated clouds' billing endpoints, each played through `costguard ingest`
// (real SDK clients, real DuckDB) and checked against the world's ground truth. The config gives the
// adapters 3 attempts and a 2 s request timeout.
const FROM = daysBefore(END, 20);
let h: SimHarness;
let n = 0;
const freshDb = () => join(h.dir, `faults-${++n}.duckdb`);

beforeAll(async () => {
  h = await startSimHarness();
});
afterEach(() => h.clearFaults());
afterAll(async () => h.close());

const everyCloud = () => [h.clouds.aws, h.clouds.gcp, h.clouds.azure];

/**
 * Ingests FROM..END into a fresh database with `faults` on every cloud, each its own copy (a fake
 * counts its faults down in place); the run must succeed.
 */
async function ingestOk(faults: Faults) {
  const db = freshDb();
  for (const c of everyCloud()) c.faults.faults = { ...faults };
  const run = await h.ingest(db, FROM, END);
  expect(run.code, run.err).toBe(0);
  return { db, run };
}

const rollupOf = (db: string, format: 'json' | 'text') =>
  h.cli(['rollup', '--config', h.configFile, '--db', db, '--date', END, '--format', format]);

describe('billing faults during ingest', () => {
  it('a throttling storm past the retry budget fails that source cleanly; the others report', async () => {
    // Prepare
    const db = freshDb();
    h.clouds.aws.faults.faults = { throttle: 1_000 };
    // Act
    const run = await h.ingest(db, FROM, END);
    // Assess
    expect(run.code).toBe(1);
    const aws = run.by('aws');
    expect(aws.ok).toBe(false);
    expect(aws.stale).toBe(true);
    expect(aws.errors[0]?.code).toBe('CE_THROTTLED');
    expect(aws.requests).toBe(3); // the whole budget, then it stops
    expect(h.clouds.aws.faults.injected.throttle).toBe(3);
    expect(run.by('gcp').ok && run.by('azure').ok).toBe(true);
    expect(await h.report(db, FROM, END)).toEqual(h.truth(FROM, END, ['gcp', 'azure']));
  }, 60_000);

  it('a 5xx burst (500, 503) within the budget is retried and every source succeeds', async () => {
    const { db, run } = await ingestOk({ serverError: 2 });
    for (const c of everyCloud())
      expect(c.faults.injected).toMatchObject({ 'server-error': 1, unavailable: 1 });
    expect(run.json.reconciliation.ok).toBe(true);
    expect(await h.report(db, FROM, END)).toEqual(h.truth(FROM, END));
  }, 60_000);

  it('a request that hangs past the timeout is abandoned and retried; a run never stalls', async () => {
    const started = Date.now();
    const { db } = await ingestOk({ hang: 1 });
    for (const c of everyCloud()) expect(c.faults.injected.hang).toBe(1);
    expect(await h.report(db, FROM, END)).toEqual(h.truth(FROM, END));
    // Three hung requests cost about three timeouts, not forever.
    expect(Date.now() - started).toBeLessThan(45_000);
  }, 60_000);

  it('a cloud that hangs on every request fails with a timeout; the others report', async () => {
    const db = freshDb();
    h.clouds.azure.faults.faults = { hang: 1_000 };
    const run = await h.ingest(db, FROM, END);
    expect(run.code).toBe(1);
    expect(run.by('azure').errors[0]?.code).toBe('AZ_TIMEOUT');
    expect(run.by('azure').requests).toBe(3);
    expect(await h.report(db, FROM, END)).toEqual(h.truth(FROM, END, ['aws', 'gcp']));
  }, 60_000);

  it('an expired paging token restarts that query from its first page once, counted, nothing doubled', async () => {
    const { db, run } = await ingestOk({ expirePageToken: 1 });
    for (const s of ['aws', 'gcp', 'azure']) expect(run.by(s).pageRestarts, s).toBe(1);
    for (const c of everyCloud()) expect(c.faults.injected['page-expired']).toBe(1);
    expect(run.json.reconciliation).toMatchObject({ ok: true, mismatched: 0 });
    expect(await h.report(db, FROM, END)).toEqual(h.truth(FROM, END));
  }, 60_000);

  it('one cloud fully down: the others report and advance, that cloud is stale and keeps its day', async () => {
    // Prepare: a complete run the day before
    const db = freshDb();
    const yesterday = daysBefore(END, 1);
    const first = await h.ingest(db, FROM, yesterday, yesterday);
    expect(first.code, first.err).toBe(0);
    const before = first.by('azure').dataCompleteUpTo;
    expect(before).toBe(daysBefore(END, 2));
    // Act: today, Azure is down
    h.clouds.azure.faults.faults = { down: true };
    const run = await h.ingest(db, FROM, END);
    // Assess
    expect(run.code).toBe(1);
    const azure = run.by('azure');
    expect(azure).toMatchObject({ ok: false, stale: true, dataCompleteUpTo: before, completeUpTo: null });
    expect(azure.errors[0]?.code).toBe('AZ_UNAVAILABLE');
    expect(run.by('gcp')).toMatchObject({ ok: true, stale: false, dataCompleteUpTo: yesterday });
    expect(run.by('aws')).toMatchObject({ ok: true, stale: false });
    // Azure's stored days are yesterday's version; the others hold today's.
    const want = h.truth(FROM, END, ['aws', 'gcp']);
    const azureTruth = h.truth(FROM, yesterday, ['azure']);
    const merged = { ...want };
    for (const [k, v] of Object.entries(azureTruth))
      merged[k] = (Number(merged[k] ?? 0) + Number(v)).toFixed(6);
    const got = await h.report(db, FROM, END);
    for (const k of Object.keys(merged)) expect(Number(got[k])).toBeCloseTo(Number(merged[k]), 5);
    // The rollup says Azure's data stops two days back while the others are current.
    const rollup = await rollupOf(db, 'json');
    expect(rollup.code, rollup.err).toBe(0);
    const complete = JSON.parse(rollup.out).dataCompleteUpTo as Record<string, string>;
    expect(complete.azure).toBe(before);
    expect(complete.gcp).toBe(yesterday);
    const text = await rollupOf(db, 'text');
    expect(text.out).toMatch(/Azure [A-Z][a-z]{2} \d+ \(2 days behind/);
  }, 60_000);

  it('a restated day replaces the old amounts: the report equals the new truth, nothing added', async () => {
    // Prepare
    const db = freshDb();
    const first = await h.ingest(db, FROM, END);
    expect(first.code, first.err).toBe(0);
    const oldTruth = h.truth(FROM, END);
    // Act
    const changed = restateDay(h.world, daysBefore(END, 10));
    const again = await h.ingest(db, FROM, END);
    // Assess
    expect(again.code, again.err).toBe(0);
    expect(changed).toBeGreaterThan(50);
    const newTruth = h.truth(FROM, END);
    expect(newTruth).not.toEqual(oldTruth);
    // A charge restated to zero may leave a zero-cost group in the report: it adds nothing.
    const got = Object.fromEntries(
      Object.entries(await h.report(db, FROM, END)).filter(([, v]) => v !== '0.000000'),
    );
    expect(got).toEqual(newTruth);
    expect(again.json.reconciliation).toMatchObject({ ok: true, mismatched: 0 });
  }, 60_000);
});
