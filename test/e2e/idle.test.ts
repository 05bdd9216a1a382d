import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.js';
import { awsCloudWatchFake } from '../../src/sim/fakes/aws-cloudwatch.js';
import { awsEc2Fake } from '../../src/sim/fakes/aws-ec2.js';
import { callsTo, type FleetWorld } from '../../src/sim/fakes/fleet-world.js';
import { type LocalServer, startLocalServer } from '../../src/sim/local-server.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { DuckDbIdleAuditLog } from '../../src/store/duckdb/duckdb-idle-audit-log.js';
import { EXPECTED_STOPS, idleWorld } from './idle-world.js';

interface Decision {
  instanceId: string;
  action: string;
  reasons: string[];
}

let world: FleetWorld;
const servers: LocalServer[] = [];
let dir: string;
let db: string;
let configFile: string;

async function costguard(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'costguard', ...args], {
    io: { out: (s) => out.push(s), err: (s) => err.push(s), isTty: false, errIsTty: false },
    clock: { now: () => new Date('2000-01-01T00:00:00Z') },
  });
  const text = out.join('');
  return { code, json: text ? JSON.parse(text) : undefined, err: err.join('\n') };
}

const sweep = (now: string, ...extra: string[]) =>
  costguard('idle', '--config', configFile, '--db', db, '--format', 'json', '--now', now, ...extra);

const acting = (decisions: Decision[]) =>
  decisions
    .filter((d) => d.action !== 'keep')
    .map((d) => d.instanceId)
    .sort();

function writeConfig(extra: Record<string, unknown> = {}) {
  const [ec2, cw] = servers;
  writeFileSync(
    configFile,
    stringify({
      idle: {
        aws: {
          regions: ['us-east-1'],
          endpoints: { ec2: ec2?.url, cloudwatch: cw?.url },
          credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
        },
        ...extra,
      },
    }),
  );
}

beforeAll(async () => {
  servers.push(await startLocalServer((q, b, r) => awsEc2Fake(world)(q, b, r)));
  servers.push(await startLocalServer((q, b, r) => awsCloudWatchFake(world)(q, b, r)));
});
afterAll(async () => {
  for (const s of servers) await s.close();
});
beforeEach(() => {
  world = idleWorld();
  dir = mkdtempSync(join(tmpdir(), 'costguard-idle-'));
  db = join(dir, 'costguard.duckdb');
  configFile = join(dir, 'costguard.config.yaml');
  writeConfig();
  return () => rmSync(dir, { recursive: true, force: true });
});

// Monday 2026-11-23; the default schedule ends the day at 19:00 UTC and warns from 18:30.
describe('costguard idle against the local cloud fakes', () => {
  it('dry run reports exactly the untagged and idle instances, keeps every excluded one, and changes nothing', async () => {
    // Act
    const r = await sweep('2026-11-23T18:45:00Z');
    // Assess
    expect(r.code).toBe(0);
    expect(Object.keys(r.json)).toEqual(['decisions', 'results']);
    expect(Object.keys(r.json.decisions[0])).toEqual([
      'provider',
      'account',
      'region',
      'instanceId',
      'instanceType',
      'gpus',
      'owner',
      'model',
      'stage',
      'action',
      'reasons',
      'hourlyCost',
      'estimatedSavings',
    ]);
    const byId = new Map<string, Decision>(r.json.decisions.map((d: Decision) => [d.instanceId, d]));
    expect(acting(r.json.decisions)).toEqual(EXPECTED_STOPS);
    expect([...byId.keys()].sort()).toEqual(
      Array.from({ length: 11 }, (_, i) => `i-0a000000000000${String(i + 1).padStart(2, '0')}`),
    );
    expect(byId.get('i-0a00000000000001')?.reasons).toEqual(['untagged:model', 'untagged:stage', 'busy']);
    expect(byId.get('i-0a00000000000002')?.reasons).toEqual(['idle:gpu']);
    expect(byId.get('i-0a00000000000011')?.reasons).toEqual(['idle:cpu-network']);
    expect(byId.get('i-0a00000000000004')?.reasons[0]).toBe('exempt');
    expect(byId.get('i-0a00000000000005')?.reasons[0]).toBe('keep-until');
    expect(byId.get('i-0a00000000000006')?.reasons[0]).toBe('managed:auto-scaling-group');
    expect(byId.get('i-0a00000000000007')?.reasons[0]).toBe('instance-store');
    expect(byId.get('i-0a00000000000008')?.reasons[0]).toBe('managed:spot');
    expect(byId.get('i-0a00000000000009')?.reasons[0]).toBe('managed:eks-node-group');
    expect(byId.get('i-0a00000000000010')).toMatchObject({ action: 'keep', reasons: ['no-metrics'] });
    expect(r.json.decisions.find((d: Decision) => d.instanceId === 'i-0a00000000000002')).toMatchObject({
      provider: 'aws',
      account: '111122223333',
      region: 'us-east-1',
      instanceType: 'p4d.24xlarge',
      gpus: 8,
      owner: 'ana',
      model: 'llama-ft',
      stage: 'train',
      action: 'warn',
      hourlyCost: 32.7726,
      // 19:00 to 07:00 the next morning.
      estimatedSavings: 393.2712,
    });
    expect(r.json.results).toEqual([]);
    expect(r.err).toBe('');
    expect(callsTo(world, 'StopInstances')).toEqual([]);
    expect(world.vms.filter((v) => v.state === 'running')).toHaveLength(13);
  });

  it('with --apply warns first, stops exactly those after the lead time, audits it, and a second sweep does nothing', async () => {
    // Warning sweep at 18:45: owners are told, nothing stops.
    const warn = await sweep('2026-11-23T18:45:00Z', '--apply');
    expect(warn.code).toBe(0);
    expect(
      warn.json.results.map((x: { instanceId: string; result: string }) => [x.instanceId, x.result]),
    ).toEqual(EXPECTED_STOPS.map((id) => [id, 'warned']));
    expect(warn.err.split('\n').filter((l) => l.startsWith('warning to'))).toHaveLength(3);
    expect(warn.err).toContain(
      'warning to ana: aws us-east-1 i-0a00000000000002 (p4d.24xlarge) will stop at 2026-11-23T19:15:00.000Z',
    );
    expect(callsTo(world, 'StopInstances')).toEqual([]);

    // A second warning sweep sends nothing new.
    const again = await sweep('2026-11-23T19:00:00Z', '--apply');
    expect(again.json.results.map((x: { result: string }) => x.result)).toEqual([
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(again.err).toBe('');

    // Day-end sweep 30 minutes after the warning: stops exactly the three.
    const stop = await sweep('2026-11-23T19:15:00Z', '--apply');
    expect(stop.code).toBe(0);
    expect(acting(stop.json.decisions)).toEqual(EXPECTED_STOPS);
    expect(
      stop.json.results.map((x: { instanceId: string; result: string }) => [x.instanceId, x.result]),
    ).toEqual(EXPECTED_STOPS.map((id) => [id, 'stopped']));
    expect(
      world.vms
        .filter((v) => v.state === 'stopped')
        .map((v) => v.id)
        .sort(),
    ).toEqual([...EXPECTED_STOPS, 'i-0a00000000000013'].sort());
    expect(callsTo(world, 'StopInstances')).toHaveLength(3);

    // The audit log holds who, what, why, when and the result.
    const store = await DuckDbCostStore.open(db);
    const log = await (await DuckDbIdleAuditLog.open(store.connection())).list();
    await store.close();
    const stopped = log.filter((e) => e.result === 'stopped');
    expect(stopped.map((e) => e.instanceId).sort()).toEqual(EXPECTED_STOPS);
    expect(stopped[0]).toMatchObject({ mode: 'enforce', at: '2026-11-23T19:15:00.000Z', action: 'stop' });
    expect(stopped.find((e) => e.instanceId === 'i-0a00000000000002')?.reasons).toEqual(['idle:gpu']);
    expect(log.filter((e) => e.result === 'warned')).toHaveLength(3);
    expect(log.every((e) => e.actor.startsWith('cli:'))).toBe(true);

    // The next sweep finds nothing to do.
    const second = await sweep('2026-11-23T19:30:00Z', '--apply');
    expect(second.code).toBe(0);
    expect(acting(second.json.decisions)).toEqual([]);
    expect(second.json.results).toEqual([]);
    expect(callsTo(world, 'StopInstances')).toHaveLength(3);
  });

  it('a stop the cloud refuses is reported (exit 1) and does not stop the others; the next sweep retries it', async () => {
    world.faults.failStop = ['i-0a00000000000002'];
    await sweep('2026-11-23T18:45:00Z', '--apply');
    const r = await sweep('2026-11-23T19:15:00Z', '--apply');
    expect(r.code).toBe(1);
    expect(
      r.json.results.map((x: { instanceId: string; result: string }) => [x.instanceId, x.result]),
    ).toEqual([
      ['i-0a00000000000001', 'stopped'],
      ['i-0a00000000000002', 'failed'],
      ['i-0a00000000000011', 'stopped'],
    ]);
    expect(r.err).toContain('UnsupportedOperation');
    expect(r.err).toContain('ALERT: Idle guard: 1 action(s) failed.');
    world.faults.failStop = [];
    const retry = await sweep('2026-11-23T19:30:00Z', '--apply');
    expect(retry.code).toBe(0);
    expect(retry.json.results).toEqual([
      expect.objectContaining({ instanceId: 'i-0a00000000000002', result: 'stopped' }),
    ]);
  });

  it('halts with an alert and stops nothing when the stops exceed the blast-radius cap', async () => {
    writeConfig({ maxStops: 2 });
    await sweep('2026-11-23T18:45:00Z', '--apply');
    const r = await sweep('2026-11-23T19:15:00Z', '--apply');
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'blast radius: 3 stops planned, the cap (idle.maxStops) is 2; nothing was stopped.',
    );
    expect(r.err).toContain('ALERT: Idle guard halted');
    expect(r.json.results).toEqual([]);
    expect(callsTo(world, 'StopInstances')).toEqual([]);
  });

  it('idle.mode: enforce acts without --apply', async () => {
    writeConfig({ mode: 'enforce' });
    const r = await sweep('2026-11-23T18:45:00Z');
    expect(r.json.results).toHaveLength(3);
  });

  it('explains bad input with exit code 2', async () => {
    const r = await sweep('2026-11-23 19:00');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--now must be an ISO date-time with a zone');
    const p = await costguard('idle', '--config', configFile, '--db', db, '--provider', 'aws,oracle');
    expect(p.code).toBe(2);
    expect(p.err).toContain('--provider takes a comma-separated list of');
  });
});
