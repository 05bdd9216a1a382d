import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestOptions, runIngest } from '../../src/cli/commands/ingest.js';
import type { CliContext } from '../../src/cli/context.js';
import type { CostFact } from '../../src/core/cost-fact.js';
import { formatMoney, parseMoney } from '../../src/core/money.js';
import type { CostStore, ImportRecord } from '../../src/core/ports.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { DuckDbSourceStatusStore } from '../../src/store/duckdb/duckdb-source-status.js';
import { daysBefore, END, type SimHarness, startSimHarness } from '../helpers/sim-harness.js';

// The reconciliation check at the end of every ingest: per provider, day and currency, the stored total
// (read back after the write) equals what the source sent. Real SDKs against the simulated clouds, a
// real DuckDB store; for the mismatch, a store double that loses one fact on the way in.
const FROM = daysBefore(END, 6);
let h: SimHarness;
beforeAll(async () => {
  h = await startSimHarness();
});
afterAll(async () => h.close());

/** A store that drops the first fact of `day` it is given: the fault the check exists to catch. */
class DroppingStore implements CostStore {
  dropped?: CostFact;
  constructor(
    private readonly inner: CostStore,
    private readonly day: string,
  ) {}
  async replaceFacts(record: ImportRecord, facts: AsyncIterable<CostFact> | Iterable<CostFact>) {
    const kept: CostFact[] = [];
    for await (const f of facts) {
      if (!this.dropped && f.day === this.day && f.billedCost !== 0n) this.dropped = f;
      else kept.push(f);
    }
    return this.inner.replaceFacts(record, kept);
  }
  queryFacts = (q: Parameters<CostStore['queryFacts']>[0]) => this.inner.queryFacts(q);
  listImports = () => this.inner.listImports();
  close = () => this.inner.close();
}

function ctx(out: string[]): CliContext {
  return {
    io: { out: (t) => out.push(t), err: () => {}, isTty: false, errIsTty: false },
    clock: { now: () => new Date(`${END}T23:00:00Z`) },
  };
}
const opts = (db: string, source: string): IngestOptions => ({
  config: h.configFile,
  db,
  from: FROM,
  to: END,
  source,
  format: 'json',
});

describe('the reconciliation check after ingest', () => {
  it('in the normal case every provider-day matches and its source total is what the cloud billed', async () => {
    // Act
    const run = await h.ingest(join(h.dir, 'ok.duckdb'), FROM, END);
    // Assess
    expect(run.code, run.err).toBe(0);
    const rec = run.json.reconciliation;
    expect(rec).toMatchObject({ ok: true, mismatched: 0 });
    // 7 days x (AWS, Google Cloud, Microsoft) x the currencies each bills in
    expect(rec.checked).toBe(rec.entries.length);
    expect(rec.checked).toBeGreaterThanOrEqual(21);
    for (const e of rec.entries) expect(e.stored).toEqual(e.source);
    // The source side is the world's own billed total per cloud, day and currency, to the last digit.
    const cloudOf: Record<string, string> = { AWS: 'aws', 'Google Cloud': 'gcp', Microsoft: 'azure' };
    for (const e of rec.entries) {
      const want = h.world.rows
        .filter((r) => r.cloud === cloudOf[e.provider] && r.day === e.day && r.currency === e.currency)
        .reduce((a, r) => a + parseMoney(r.billed), 0n);
      expect(e.source.billedCost, `${e.provider} ${e.day}`).toBe(formatMoney(want, 12));
    }
  }, 60_000);

  it('a store that loses a fact fails the run loudly and does not advance "data complete up to"', async () => {
    // Prepare
    const db = join(h.dir, 'dropping.duckdb');
    const day = daysBefore(END, 3);
    let store: DroppingStore | undefined;
    const out: string[] = [];
    // Act
    const run = runIngest(ctx(out), opts(db, 'gcp'), {
      wrapStore: (s) => {
        store = new DroppingStore(s, day);
        return store;
      },
    });
    // Assess
    await expect(run).rejects.toMatchObject({ code: 'RECONCILIATION_MISMATCH' });
    const json = JSON.parse(out.join('\n')) as ReturnType<typeof JSON.parse>;
    expect(json.reconciliation).toMatchObject({ ok: false, mismatched: 1 });
    const bad = json.reconciliation.entries[0];
    expect(bad).toMatchObject({ provider: 'Google Cloud', day, ok: false });
    const lost = store?.dropped?.billedCost ?? 0n;
    expect(lost).toBeGreaterThan(0n);
    expect(parseMoney(bad.source.billedCost) - parseMoney(bad.stored.billedCost)).toBe(lost);
    const gcp = json.sources[0];
    expect(gcp).toMatchObject({ source: 'gcp', stale: true, completeUpTo: null, dataCompleteUpTo: null });
    expect(gcp.errors[0].code).toBe('RECONCILIATION_MISMATCH');
    const check = await DuckDbCostStore.open(db);
    const statuses = await (await DuckDbSourceStatusStore.on(check)).list();
    await check.close();
    expect(statuses).toEqual([]);
    // The next run on the real store (no fact lost) reconciles, exits 0 and advances the status.
    const cli = await h.cli([
      'ingest',
      '--config',
      h.configFile,
      '--db',
      db,
      '--source',
      'gcp',
      '--format',
      'table',
    ]);
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).toContain('provider-days match the source exactly');
  }, 60_000);
});
