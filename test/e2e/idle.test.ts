import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { callsTo } from '../../src/sim/fakes/fleet-world.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { DuckDbIdleAuditLog } from '../../src/store/duckdb/duckdb-idle-audit-log.js';
import { useIdleRig } from '../helpers/idle-rig.js';
import { EXPECTED_STOPS } from './idle-world.js';

interface Decision {
  provider: string;
  instanceId: string;
  action: string;
  reasons: string[];
}

const rig = useIdleRig('idle');
const { costguard, sweep } = rig;

const key = (d: { provider: string; instanceId: string }) => `${d.provider}:${d.instanceId}`;
const acting = (decisions: Decision[]) =>
  decisions
    .filter((d) => d.action !== 'keep')
    .map(key)
    .sort();
const outcomes = (results: { provider: string; instanceId: string; result: string }[]) =>
  results.map((x) => [key(x), x.result]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
const stateOf = (k: string) =>
  rig.world.vms.find((v) => k === `${v.provider}:${v.provider === 'azure' ? `ml/${v.id}` : v.id}`)?.state;

// Monday 2026-11-23; the default schedule ends the day at 19:00 UTC and warns from 18:30.
describe('costguard idle against the local AWS, Google Cloud and Azure fakes', () => {
  it('dry run reports exactly the untagged and idle instances, keeps every excluded one, and changes nothing', async () => {
    // Act
    const r = await sweep('2026-11-23T18:45:00Z');
    // Assess
    expect(r.err).toBe('');
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
      'rule',
      'hourlyCost',
      'estimatedSavings',
    ]);
    const byKey = new Map<string, Decision>(r.json.decisions.map((d: Decision) => [key(d), d]));
    expect(acting(r.json.decisions)).toEqual(EXPECTED_STOPS);
    expect(
      r.json.decisions
        .filter((d: Decision) => d.action !== 'keep')
        .every((d: Decision) => d.action === 'warn'),
    ).toBe(true);
    // Every running GPU instance in the configured scopes, and nothing else.
    expect([...byKey.keys()].sort()).toEqual(
      [
        ...Array.from({ length: 11 }, (_, i) => `aws:i-0a000000000000${String(i + 1).padStart(2, '0')}`),
        ...['gce-untagged', 'gce-idle', 'gce-busy', 'gce-mig', 'gce-gke', 'gce-exempt'].map(
          (n) => `gcp:${n}`,
        ),
        ...['az-untagged', 'az-idle', 'az-busy', 'az-vmss', 'az-keep', 'az-nometrics'].map(
          (n) => `azure:ml/${n}`,
        ),
      ].sort(),
    );
    const reasons = (k: string) => byKey.get(k)?.reasons;
    expect(reasons('aws:i-0a00000000000001')).toEqual(['untagged:model', 'untagged:stage', 'busy']);
    // The rule that makes each a candidate, for scripts and the audit log.
    const rule = (k: string) => (byKey.get(k) as (Decision & { rule: string | null }) | undefined)?.rule;
    expect(rule('aws:i-0a00000000000001')).toBe('untagged-busy');
    expect(rule('aws:i-0a00000000000002')).toBe('idle');
    expect(rule('aws:i-0a00000000000003')).toBeNull();
    expect(reasons('aws:i-0a00000000000002')).toEqual(['idle:gpu']);
    expect(reasons('aws:i-0a00000000000011')).toEqual(['idle:cpu-network']);
    expect(reasons('gcp:gce-idle')).toEqual(['idle:gpu']);
    expect(reasons('azure:ml/az-idle')).toEqual(['idle:gpu']);
    const excluded: [string, string][] = [
      ['aws:i-0a00000000000004', 'exempt'],
      ['aws:i-0a00000000000005', 'keep-until'],
      ['aws:i-0a00000000000006', 'managed:auto-scaling-group'],
      ['aws:i-0a00000000000007', 'instance-store'],
      ['aws:i-0a00000000000008', 'managed:spot'],
      ['aws:i-0a00000000000009', 'managed:eks-node-group'],
      ['gcp:gce-mig', 'managed:managed-instance-group'],
      ['gcp:gce-gke', 'managed:gke-node-pool'],
      ['gcp:gce-exempt', 'exempt'],
      ['azure:ml/az-vmss', 'managed:scale-set'],
      ['azure:ml/az-keep', 'keep-until'],
    ];
    for (const [k, reason] of excluded)
      expect([k, byKey.get(k)?.action, reasons(k)?.[0]]).toEqual([k, 'keep', reason]);
    expect(byKey.get('aws:i-0a00000000000010')).toMatchObject({ action: 'keep', reasons: ['no-metrics'] });
    expect(byKey.get('azure:ml/az-nometrics')).toMatchObject({ action: 'keep', reasons: ['no-metrics'] });
    expect(byKey.get('aws:i-0a00000000000002')).toMatchObject({
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
    expect([
      ...callsTo(rig.world, 'StopInstances'),
      ...callsTo(rig.world, 'instances.stop'),
      ...callsTo(rig.world, 'virtualMachines.deallocate'),
    ]).toEqual([]);
    expect(rig.world.vms.filter((v) => v.state === 'running')).toHaveLength(26);
  });

  it('with --apply warns first, stops exactly those after the lead time, audits it, and a second sweep does nothing', async () => {
    // Warning sweep at 18:45: owners are told, nothing stops.
    const warn = await sweep('2026-11-23T18:45:00Z', '--apply');
    expect(warn.code).toBe(0);
    expect(outcomes(warn.json.results)).toEqual(EXPECTED_STOPS.map((k) => [k, 'warned']));
    expect(warn.err.split('\n').filter((l) => l.startsWith('warning to'))).toHaveLength(7);
    expect(warn.err).toContain(
      'warning to ana: aws us-east-1 i-0a00000000000002 (p4d.24xlarge) will stop at 2026-11-23T19:15:00.000Z',
    );
    expect(EXPECTED_STOPS.map(stateOf)).toEqual(EXPECTED_STOPS.map(() => 'running'));

    // A second warning sweep sends nothing new.
    const again = await sweep('2026-11-23T19:00:00Z', '--apply');
    expect(outcomes(again.json.results)).toEqual(EXPECTED_STOPS.map((k) => [k, 'skipped']));
    expect(again.err).toBe('');

    // Day-end sweep 30 minutes after the warning: stops exactly those, on every cloud.
    const stop = await sweep('2026-11-23T19:15:00Z', '--apply');
    expect(stop.err).toBe('');
    expect(stop.code).toBe(0);
    expect(acting(stop.json.decisions)).toEqual(EXPECTED_STOPS);
    expect(outcomes(stop.json.results)).toEqual(EXPECTED_STOPS.map((k) => [k, 'stopped']));
    expect(EXPECTED_STOPS.map(stateOf)).toEqual(EXPECTED_STOPS.map(() => 'stopped'));
    expect(rig.world.vms.filter((v) => v.state === 'stopped')).toHaveLength(EXPECTED_STOPS.length + 1);
    expect(callsTo(rig.world, 'StopInstances')).toHaveLength(3);
    expect(callsTo(rig.world, 'instances.stop')).toHaveLength(2);
    expect(callsTo(rig.world, 'virtualMachines.deallocate')).toHaveLength(2);

    // The audit log holds who, what, why, when and the result.
    const store = await DuckDbCostStore.open(rig.db);
    const log = await (await DuckDbIdleAuditLog.open(store.connection)).list();
    await store.close();
    const stopped = log.filter((e) => e.result === 'stopped');
    expect(stopped.map(key).sort()).toEqual(EXPECTED_STOPS);
    expect(stopped[0]).toMatchObject({ mode: 'enforce', at: '2026-11-23T19:15:00.000Z', action: 'stop' });
    expect(stopped.find((e) => e.instanceId === 'i-0a00000000000002')).toMatchObject({
      reasons: ['idle:gpu'],
      savingsPerDay: 24n * 32_772_600_000_000n,
    });
    expect(log.filter((e) => e.result === 'warned')).toHaveLength(7);
    // Which rule stopped what: the busy untagged ones only after their busy warning.
    const ruleOf = (result: string) =>
      Object.fromEntries(log.filter((e) => e.result === result).map((e) => [key(e), e.rule]));
    const rules = {
      'aws:i-0a00000000000001': 'untagged-busy',
      'aws:i-0a00000000000002': 'idle',
      'aws:i-0a00000000000011': 'idle',
      'azure:ml/az-idle': 'idle',
      'azure:ml/az-untagged': 'untagged-busy',
      'gcp:gce-idle': 'idle',
      'gcp:gce-untagged': 'untagged-busy',
    };
    expect(ruleOf('stopped')).toEqual(rules);
    expect(ruleOf('warned')).toEqual(rules);
    // A kept instance records the rule an exclusion overrode, and none when no rule applies.
    const kept = (k: string) => log.find((e) => e.result === 'kept' && key(e) === k);
    expect(kept('azure:ml/az-keep')).toMatchObject({
      rule: 'untagged-idle',
      reasons: ['keep-until', 'untagged:model', 'untagged:stage', 'idle:gpu'],
    });
    expect(kept('aws:i-0a00000000000003')?.rule).toBeUndefined();
    expect(log.every((e) => e.actor.startsWith('cli:'))).toBe(true);

    // The next sweep finds nothing to do.
    const second = await sweep('2026-11-23T19:30:00Z', '--apply');
    expect(second.code).toBe(0);
    expect(acting(second.json.decisions)).toEqual([]);
    expect(second.json.results).toEqual([]);
    expect(callsTo(rig.world, 'StopInstances')).toHaveLength(3);
    expect(callsTo(rig.world, 'instances.stop')).toHaveLength(2);
    expect(callsTo(rig.world, 'virtualMachines.deallocate')).toHaveLength(2);
  });

  it('a stop the cloud refuses is reported (exit 1) and does not stop the others; the next sweep retries it', async () => {
    rig.world.faults.failStop = ['i-0a00000000000002', 'az-idle'];
    await sweep('2026-11-23T18:45:00Z', '--apply');
    const r = await sweep('2026-11-23T19:15:00Z', '--apply');
    expect(r.code).toBe(1);
    const failed = ['aws:i-0a00000000000002', 'azure:ml/az-idle'];
    expect(outcomes(r.json.results)).toEqual(
      EXPECTED_STOPS.map((k) => [k, failed.includes(k) ? 'failed' : 'stopped']),
    );
    expect(r.err).toContain('UnsupportedOperation');
    expect(r.err).toContain('a lock forbids it');
    expect(r.err).toContain('ALERT: Idle guard: 2 action(s) failed.');
    rig.world.faults.failStop = [];
    const retry = await sweep('2026-11-23T19:30:00Z', '--apply');
    expect(retry.code).toBe(0);
    expect(outcomes(retry.json.results)).toEqual(failed.map((k) => [k, 'stopped']));
  });

  it('halts with an alert and stops nothing when the stops exceed the blast-radius cap', async () => {
    rig.writeConfig({ maxStops: 6 });
    await sweep('2026-11-23T18:45:00Z', '--apply');
    const r = await sweep('2026-11-23T19:15:00Z', '--apply');
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'blast radius: 7 stops planned, the cap (idle.maxStops) is 6 a day; nothing was stopped.',
    );
    expect(r.err).toContain('ALERT: Idle guard halted');
    expect(r.json.results).toEqual([]);
    expect(callsTo(rig.world, 'StopInstances')).toEqual([]);
    expect(callsTo(rig.world, 'instances.stop')).toEqual([]);
    expect(callsTo(rig.world, 'virtualMachines.deallocate')).toEqual([]);
  });

  it('idle.mode: enforce acts without --apply; --source narrows the sweep', async () => {
    rig.writeConfig({ mode: 'enforce' });
    const r = await sweep('2026-11-23T18:45:00Z', '--source', 'gcp');
    expect(outcomes(r.json.results)).toEqual([
      ['gcp:gce-idle', 'warned'],
      ['gcp:gce-untagged', 'warned'],
    ]);
    expect(new Set(r.json.decisions.map((d: Decision) => d.provider))).toEqual(new Set(['gcp']));
  });

  it('prints a table on a terminal', async () => {
    const out: string[] = [];
    const code = await main(
      [
        'node',
        'costguard',
        'idle',
        '--config',
        rig.configFile,
        '--db',
        rig.db,
        '--now',
        '2026-11-23T18:45:00Z',
      ],
      {
        io: { out: (s) => out.push(s), err: () => {}, isTty: true, errIsTty: false },
        clock: { now: () => new Date('2000-01-01T00:00:00Z') },
      },
    );
    expect(code).toBe(0);
    const text = stripVTControlCharacters(out.join(''));
    expect(text).toContain(
      'Idle GPU guard at 2026-11-23T18:45:00.000Z (dry run: nothing is changed; --apply to act): 0 to stop, 7 to warn, 16 kept',
    );
    expect(text).toMatch(
      /CLOUD\s+REGION\s+INSTANCE\s+TYPE\s+GPUS\s+OWNER\s+MODEL\/STAGE\s+ACTION\s+REASONS\s+USD\/H\s+SAVING/,
    );
    expect(text).toMatch(
      /aws\s+us-east-1\s+i-0a00000000000002\s+p4d\.24xlarge\s+8\s+ana\s+llama-ft\/train\s+warn\s+idle:gpu\s+32\.77\s+393\.27/,
    );
  });

  it('explains bad input with exit code 2', async () => {
    const r = await sweep('2026-11-23 19:00');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--now must be an ISO date-time with a zone');
    const p = await costguard('idle', '--config', rig.configFile, '--db', rig.db, '--source', 'aws,oracle');
    expect(p.code).toBe(2);
    expect(p.err).toContain('--source takes a comma-separated list of');
  });
});
