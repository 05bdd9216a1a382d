import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyOwnerAnswer } from '../../../src/app/idle-answer.js';
import { runIdleSweep, type SweepDeps } from '../../../src/app/idle-sweep.js';
import type { Fleet, IdleWarning, Notifier } from '../../../src/core/idle/ports.js';
import { type FleetInstance, instanceKey } from '../../../src/core/idle/types.js';
import { parseMoney } from '../../../src/core/money.js';
import { DuckDbCostStore } from '../../../src/store/duckdb/duckdb-cost-store.js';
import { DuckDbIdleAuditLog } from '../../../src/store/duckdb/duckdb-idle-audit-log.js';
import { policyOf, series, vm } from '../core/idle/helpers.js';

/** An in-memory Fleet: the port's contract with no cloud behind it; stops are counted. */
function memoryFleet(provider: string, instances: FleetInstance[], opts: { failList?: boolean } = {}) {
  const stops: string[] = [];
  const fleet: Fleet = {
    provider,
    permissions: [],
    async listGpuInstances() {
      if (opts.failList) throw new Error(`${provider} is down`);
      return instances.filter((i) => !stops.includes(i.instanceId));
    },
    async utilization(list, _from, to) {
      return new Map(list.map((i) => [instanceKey(i), { gpu: series(to, 0) }]));
    },
    async stop(i) {
      // Yield so that concurrent sweeps interleave.
      await new Promise((r) => setTimeout(r, 5));
      stops.push(i.instanceId);
    },
    async current(i) {
      const found = instances.find((x) => x.instanceId === i.instanceId);
      return found && { ...found, state: stops.includes(found.instanceId) ? 'stopped' : found.state };
    },
    async setTags(i, tags) {
      Object.assign(instances.find((x) => x.instanceId === i.instanceId)?.tags ?? {}, tags);
    },
  };
  return { fleet, stops };
}

function recordingNotifier() {
  const warnings: IdleWarning[] = [];
  const alerts: string[] = [];
  const notifier: Notifier = {
    async warn(w) {
      warnings.push(w);
    },
    async alert(m) {
      alerts.push(m);
    },
  };
  return { notifier, warnings, alerts };
}

describe('runIdleSweep', () => {
  let dir: string;
  let store: DuckDbCostStore;
  let audit: DuckDbIdleAuditLog;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'costguard-sweep-'));
    store = await DuckDbCostStore.open(join(dir, 'x.duckdb'));
    audit = await DuckDbIdleAuditLog.open(store.connection);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const at = (iso: string) => ({ now: () => new Date(iso) });
  const policy = policyOf();

  it('two sweeps at once warn once and stop each instance once', async () => {
    // Prepare
    const a = vm({ provider: 'aws', tags: {} });
    const b = vm({ provider: 'aws' });
    const { fleet, stops } = memoryFleet('aws', [a, b]);
    const n = recordingNotifier();
    const deps = (iso: string): SweepDeps => ({
      fleets: [fleet],
      audit,
      notifier: n.notifier,
      clock: at(iso),
    });
    const opts = { policy, apply: true, actor: 'test' };
    // Act
    await Promise.all([
      runIdleSweep(deps('2026-11-23T18:40:00Z'), opts),
      runIdleSweep(deps('2026-11-23T18:40:00Z'), opts),
    ]);
    const [r1, r2] = await Promise.all([
      runIdleSweep(deps('2026-11-23T19:15:00Z'), opts),
      runIdleSweep(deps('2026-11-23T19:15:00Z'), opts),
    ]);
    // Assess
    expect(n.warnings).toHaveLength(2);
    expect(stops.sort()).toEqual([a.instanceId, b.instanceId].sort());
    const results = [...(r1?.results ?? []), ...(r2?.results ?? [])].map((r) => r.result).sort();
    expect(results).toEqual(['skipped', 'skipped', 'stopped', 'stopped']);
  });

  it('hands the owner a warning with reason, hourly cost, saving and the stop time', async () => {
    const a = vm({ tags: { owner: 'ana' }, hourlyCost: parseMoney('2.5') });
    const n = recordingNotifier();
    await runIdleSweep(
      {
        fleets: [memoryFleet('aws', [a]).fleet],
        audit,
        notifier: n.notifier,
        clock: at('2026-11-23T18:30:00Z'),
      },
      { policy, apply: true, actor: 'test' },
    );
    expect(n.warnings).toHaveLength(1);
    const w = n.warnings[0];
    expect(w?.decision.reasons).toEqual(['untagged:model', 'untagged:stage', 'idle:gpu']);
    expect(w?.decision.owner).toBe('ana');
    expect(w).toMatchObject({
      stopAt: '2026-11-23T19:00:00.000Z',
      hourlyCost: parseMoney('2.5'),
      currency: 'USD',
      // 19:00 to 07:00.
      estimatedSavings: parseMoney('30'),
    });
  });

  it('a cloud that cannot be read is reported and the others are still swept', async () => {
    const good = memoryFleet('gcp', [vm({ provider: 'gcp', tags: {} })]);
    const bad = memoryFleet('aws', [vm()], { failList: true });
    const r = await runIdleSweep(
      {
        fleets: [bad.fleet, good.fleet],
        audit,
        notifier: recordingNotifier().notifier,
        clock: at('2026-11-23T18:45:00Z'),
      },
      { policy, apply: false, actor: 'test' },
    );
    expect(r.fleetErrors).toEqual([{ provider: 'aws', error: 'aws is down' }]);
    expect(r.plan.decisions.map((d) => d.instance.provider)).toEqual(['gcp']);
  });

  it('a dry run only plans: it logs the plan, warns nobody and stops nothing', async () => {
    const { fleet, stops } = memoryFleet('aws', [vm({ tags: {} })]);
    const n = recordingNotifier();
    const r = await runIdleSweep(
      { fleets: [fleet], audit, notifier: n.notifier, clock: at('2026-11-23T20:00:00Z') },
      { policy, apply: false, actor: 'test' },
    );
    expect(r.plan.decisions.map((d) => d.action)).toEqual(['warn']);
    expect(r.results).toEqual([]);
    expect(stops).toEqual([]);
    expect(n.warnings).toEqual([]);
    expect((await audit.list()).map((e) => [e.mode, e.action, e.result])).toEqual([
      ['dry-run', 'warn', 'planned'],
    ]);
  });

  it('an owner snooze writes keep-until on the instance, is audited, and the next sweep keeps it', async () => {
    const a = vm({ tags: {} });
    const { fleet, stops } = memoryFleet('aws', [a]);
    const n = recordingNotifier();
    const tags = await applyOwnerAnswer(
      { fleets: [fleet], audit, clock: at('2026-11-23T18:40:00Z') },
      { instance: a, answer: 'snooze-2h', actor: 'slack:U123', policy },
    );
    expect(tags).toEqual({ 'costguard:keep-until': '2026-11-23T20:40:00Z' });
    const r = await runIdleSweep(
      { fleets: [fleet], audit, notifier: n.notifier, clock: at('2026-11-23T20:00:00Z') },
      { policy, apply: true, actor: 'test' },
    );
    expect(r.plan.decisions[0]).toMatchObject({
      action: 'keep',
      reasons: ['keep-until', 'untagged:model', 'untagged:stage', 'idle:gpu'],
    });
    expect(stops).toEqual([]);
    const log = await audit.list();
    expect(log[0]).toMatchObject({
      actor: 'slack:U123',
      action: 'keep',
      reasons: ['answer:snooze-2h'],
      result: 'kept',
    });
  });

  it('does not stop again a machine someone restarted after its stop, in the same off period', async () => {
    const a = vm({ tags: {} });
    const { fleet, stops } = memoryFleet('aws', [a]);
    const deps = (iso: string): SweepDeps => ({
      fleets: [fleet],
      audit,
      notifier: recordingNotifier().notifier,
      clock: at(iso),
    });
    const opts = { policy, apply: true, actor: 'test' };
    await runIdleSweep(deps('2026-11-23T18:30:00Z'), opts);
    await runIdleSweep(deps('2026-11-23T19:00:00Z'), opts);
    expect(stops).toEqual([a.instanceId]);
    stops.length = 0; // someone starts it again
    const r = await runIdleSweep(deps('2026-11-23T21:00:00Z'), opts);
    expect(r.results.map((x) => x.result)).toEqual(['skipped']);
    expect(stops).toEqual([]);
    // The next evening is a new off period: warned again, then stopped.
    await runIdleSweep(deps('2026-11-24T18:30:00Z'), opts);
    await runIdleSweep(deps('2026-11-24T19:00:00Z'), opts);
    expect(stops).toEqual([a.instanceId]);
  });
});
