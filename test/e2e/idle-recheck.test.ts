import { describe, expect, it } from 'vitest';
import { callsTo, type SimVm } from '../../src/sim/fakes/fleet-world.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { DuckDbIdleAuditLog } from '../../src/store/duckdb/duckdb-idle-audit-log.js';
import { useIdleRig } from '../helpers/idle-rig.js';
import { EXPECTED_STOPS } from './idle-world.js';

// The sweep acts on a listing taken at its start: what changes before a stop, and what earlier sweeps
// of the day stopped, must still count. CLI against the cloud fakes, audit log in DuckDB.
const rig = useIdleRig('recheck');
const sweep = (now: string, ...extra: string[]) => rig.sweep(now, '--apply', ...extra);
type Result = { provider: string; instanceId: string; result: string; reasons?: string[] };
const outcomes = (results: Result[]) =>
  Object.fromEntries(results.map((x) => [`${x.provider}:${x.instanceId}`, x.result]));
const vm = (id: string) => rig.world.vms.find((v) => v.id === id) as SimVm;
const stops = () =>
  callsTo(rig.world, 'StopInstances').length +
  callsTo(rig.world, 'instances.stop').length +
  callsTo(rig.world, 'virtualMachines.deallocate').length;

/**
 * Runs `change` once, on the first call to `op` (about `detail`, if given): a metrics read comes after
 * its cloud's listing and before any stop.
 */
function onceAt(op: string, change: () => void, detail?: string) {
  const before = rig.world.onCall;
  let done = false;
  rig.world.onCall = (call) => {
    before?.(call);
    if (call.op !== op || (detail !== undefined && call.detail !== detail) || done) return;
    done = true;
    change();
  };
}

// Monday 2026-11-23; the default schedule warns from 18:30 and ends the day at 19:00 UTC.
describe('idle sweep: the instance is read again just before its stop', () => {
  it('a keep-until or exempt tag added during the sweep wins, is audited, and the stop waits for its end', async () => {
    await sweep('2026-11-23T18:45:00Z');
    // Owners answer while the 19:15 sweep is already under way (after it listed each cloud).
    onceAt('GetMetricData', () => {
      vm('i-0a00000000000002').tags['costguard:keep-until'] = '2026-11-23T21:00:00Z';
    });
    onceAt('timeSeries.list', () => {
      vm('gce-idle').tags['costguard-exempt'] = 'true';
    });
    onceAt('metrics.list', () => {
      vm('az-idle').tags['costguard:keep-until'] = '2026-11-23T21:00:00Z';
    });

    const r = await sweep('2026-11-23T19:15:00Z');

    expect(r.code).toBe(0);
    const kept = ['aws:i-0a00000000000002', 'azure:ml/az-idle', 'gcp:gce-idle'];
    // The plan (from the listing) still says stop; the stop itself did not happen.
    expect(outcomes(r.json.results)).toEqual(
      Object.fromEntries(EXPECTED_STOPS.map((k) => [k, kept.includes(k) ? 'skipped' : 'stopped'])),
    );
    const why = (id: string) => r.json.results.find((x: Result) => x.instanceId === id)?.reasons;
    expect(why('i-0a00000000000002')).toEqual(['changed-since-listing', 'keep-until', 'idle:gpu']);
    expect(why('gce-idle')).toEqual(['changed-since-listing', 'exempt', 'idle:gpu']);
    expect(why('ml/az-idle')).toEqual(['changed-since-listing', 'keep-until', 'idle:gpu']);
    expect(['i-0a00000000000002', 'gce-idle', 'az-idle'].map((id) => vm(id).state)).toEqual([
      'running',
      'running',
      'running',
    ]);
    expect(stops()).toBe(EXPECTED_STOPS.length - kept.length);
    const store = await DuckDbCostStore.open(rig.db);
    const log = await (await DuckDbIdleAuditLog.open(store.connection)).list({
      instanceKey: 'aws:111122223333:us-east-1:i-0a00000000000002',
    });
    await store.close();
    expect(log.at(-1)).toMatchObject({
      action: 'stop',
      result: 'skipped',
      reasons: ['changed-since-listing', 'keep-until', 'idle:gpu'],
    });

    // Later sweeps see the tags; once the keep-until has passed, the stop happens the same night.
    const later = await sweep('2026-11-23T19:30:00Z');
    expect(later.json.results).toEqual([]);
    const after = await sweep('2026-11-23T21:15:00Z');
    expect(outcomes(after.json.results)).toEqual({
      'aws:i-0a00000000000002': 'stopped',
      'azure:ml/az-idle': 'stopped',
    });
    expect(vm('gce-idle').state).toBe('running');
  });

  it('does not stop an instance that is gone or was stopped by someone since the listing', async () => {
    await sweep('2026-11-23T18:45:00Z');
    const remove = (id: string) => rig.world.vms.splice(rig.world.vms.indexOf(vm(id)), 1);
    // Once AWS is read (Google Cloud's listing comes next): a metrics read would find it missing.
    onceAt('instances.aggregatedList', () => remove('i-0a00000000000011'));
    onceAt('timeSeries.list', () => {
      vm('gce-untagged').state = 'stopped';
    });
    // Azure reads metrics VM by VM in listing order: az-untagged is gone after its own reads, gce-idle
    // after Google Cloud was read.
    onceAt('metrics.list', () => remove('az-untagged'), 'az-idle');
    onceAt('metrics.list', () => remove('gce-idle'));

    const r = await sweep('2026-11-23T19:15:00Z');

    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const why = (id: string) => r.json.results.find((x: Result) => x.instanceId === id);
    expect(why('i-0a00000000000011')).toMatchObject({
      result: 'skipped',
      reasons: ['changed-since-listing', 'gone'],
    });
    expect(why('gce-untagged')).toMatchObject({
      result: 'skipped',
      reasons: ['changed-since-listing', 'state:stopped'],
    });
    for (const id of ['ml/az-untagged', 'gce-idle'])
      expect(why(id)).toMatchObject({ result: 'skipped', reasons: ['changed-since-listing', 'gone'] });
    expect(stops()).toBe(EXPECTED_STOPS.length - 4);
  });
});

describe('idle sweep: the blast-radius cap', () => {
  it('counts the stops of every sweep of the UTC day, not of one sweep; dry runs do not count', async () => {
    rig.writeConfig({ maxStops: 5 });
    await sweep('2026-11-23T18:45:00Z');
    // A dry run plans two stops and stops nothing: it takes nothing from the cap.
    const dry = await rig.sweep('2026-11-23T19:10:00Z');
    expect(dry.code).toBe(0);
    // 3 stops, within the cap of 5.
    const first = await sweep('2026-11-23T19:15:00Z', '--source', 'aws');
    expect(Object.values(outcomes(first.json.results))).toEqual(['stopped', 'stopped', 'stopped']);

    // 4 more would make 7 today: the second sweep halts and stops nothing.
    const second = await sweep('2026-11-23T19:30:00Z');

    expect(second.code).toBe(1);
    expect(second.err).toContain(
      'blast radius: 4 stops planned and 3 stopped earlier today (UTC), the cap (idle.maxStops) is 5 a day; nothing was stopped.',
    );
    expect(second.err).toContain(
      'ALERT: Idle guard halted: 4 stops planned and 3 stopped earlier today (UTC), the cap is 5 a day.',
    );
    expect(second.json.results).toEqual([]);
    expect(stops()).toBe(3);

    // The next UTC day starts a new count: 5 stops fit (az-keep's keep-until has passed by then).
    await sweep('2026-11-24T18:45:00Z');
    const next = await sweep('2026-11-24T19:15:00Z', '--source', 'gcp,azure');
    expect(next.err).toBe('');
    expect(next.code).toBe(0);
    expect(outcomes(next.json.results)).toEqual({
      'azure:ml/az-idle': 'stopped',
      'azure:ml/az-keep': 'stopped',
      'azure:ml/az-untagged': 'stopped',
      'gcp:gce-idle': 'stopped',
      'gcp:gce-untagged': 'stopped',
    });
    expect(stops()).toBe(8);
  });
});
