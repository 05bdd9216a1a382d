import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKeepUntil } from '../../../../src/core/idle/exclusions.js';
import { plan } from '../../../../src/core/idle/plan.js';
import type { FleetInstance } from '../../../../src/core/idle/types.js';
import { at, metricsFor, policyOf, series, vm } from './helpers.js';

const NIGHT = at('2026-11-23T22:00:00Z');
const idleUntagged = (over: Partial<FleetInstance>) => {
  const i = vm({ ...over, tags: { ...over.tags } });
  return { i, m: metricsFor([[i, { gpu: series(NIGHT, 0) }]]) };
};
const decide = (over: Partial<FleetInstance>, policy = policyOf()) => {
  const { i, m } = idleUntagged(over);
  return plan([i], m, policy, NIGHT).decisions[0];
};

describe('plan: never stop', () => {
  it.each([
    [{ 'costguard:exempt': 'true' }, 'exempt'],
    [{ 'costguard:exempt': '' }, 'exempt'],
    [{ 'costguard-exempt': 'yes' }, 'exempt'], // a Google Cloud label cannot hold ':'
    [{ 'costguard:keep-until': '2026-11-24T08:00:00Z' }, 'keep-until'],
    [{ 'costguard:keep-until': '2026-11-23T23:30:00+01:00' }, 'keep-until'],
    [{ 'costguard-keep-until': '20261124t080000z' }, 'keep-until'],
    [{ 'costguard:keep-until': 'next tuesday' }, 'keep-until:invalid'],
    [{ 'aws:autoscaling:groupName': 'asg-1' }, 'managed:auto-scaling-group'],
    [{ 'aws:ec2spot:fleet-request-id': 'sfr-1' }, 'managed:spot-fleet'],
    [{ 'eks:nodegroup-name': 'gpu' }, 'managed:eks-node-group'],
    [{ 'kubernetes.io/cluster/prod': 'owned' }, 'managed:kubernetes-node'],
    [{ 'aws:batch:compute-environment': 'ce' }, 'managed:batch'],
    [{ 'aws:sagemaker:domain-arn': 'arn' }, 'managed:sagemaker'],
    [{ 'goog-gke-node': '' }, 'managed:gke-node-pool'],
    [{ 'goog-batch-job-uid': 'x' }, 'managed:batch'],
    [{ 'aks-managed-poolName': 'gpu' }, 'managed:aks-node-pool'],
  ])('keeps an idle untagged instance tagged %j (%s)', (tags, reason) => {
    const d = decide({ tags });
    expect(d?.action).toBe('keep');
    expect(d?.reasons[0]).toBe(reason);
    // The candidate reasons are still reported, so owners see what would have happened.
    expect(d?.reasons).toContain('idle:gpu');
  });

  it('stops when exempt says false or keep-until has passed', () => {
    expect(decide({ tags: { 'costguard:exempt': 'false' } })?.action).toBe('stop');
    expect(decide({ tags: { 'costguard:keep-until': '2026-11-23T21:59:00Z' } })?.action).toBe('stop');
  });

  it('keeps what the cloud says a controller manages, and instance-store roots', () => {
    expect(decide({ managedBy: 'scale-set' })?.reasons[0]).toBe('managed:scale-set');
    expect(decide({ rootVolume: 'instance-store' })?.reasons[0]).toBe('instance-store');
  });

  it('honours configured tag names', () => {
    const policy = policyOf({ exemptTag: 'finops/skip', keepUntilTag: 'hold' });
    expect(decide({ tags: { 'finops/skip': '1' } }, policy)?.reasons[0]).toBe('exempt');
    expect(decide({ tags: { hold: '2030-01-01T00:00:00Z' } }, policy)?.reasons[0]).toBe('keep-until');
    expect(decide({ tags: { 'costguard:exempt': 'true' } }, policy)?.action).toBe('stop');
  });

  it('reads keep-until only as a full date-time with a zone', () => {
    expect(parseKeepUntil('2026-11-24')).toBeUndefined();
    expect(parseKeepUntil('2026-11-24T08:00:00')).toBeUndefined();
    expect(parseKeepUntil('20261124T0800Z')?.toISOString()).toBe('2026-11-24T08:00:00.000Z');
  });

  it('property: an instance with an exclusion is never stopped or warned', () => {
    const exclusion = fc.constantFrom<Partial<FleetInstance>>(
      { tags: { 'costguard:exempt': 'x' } },
      { tags: { 'aws:autoscaling:groupName': 'g' } },
      { tags: { 'costguard:keep-until': '2099-01-01T00:00:00Z' } },
      { rootVolume: 'instance-store' },
      { managedBy: 'mig' },
    );
    fc.assert(
      fc.property(
        exclusion,
        fc.record({ model: fc.option(fc.string()), stage: fc.option(fc.string()) }),
        fc.integer({ min: 0, max: 7 * 24 * 60 }),
        fc.option(fc.integer({ min: 0, max: 100 })),
        (ex, tagged, minutes, gpu) => {
          const now = new Date(Date.UTC(2026, 10, 23) + minutes * 60_000);
          const tags: Record<string, string> = { ...ex.tags };
          if (tagged.model !== null) tags.model = tagged.model;
          if (tagged.stage !== null) tags.stage = tagged.stage;
          const i = vm({ ...ex, tags });
          const m = metricsFor(gpu === null ? [] : [[i, { gpu: series(now, gpu) }]]);
          const d = plan([i], m, policyOf(), now).decisions[0];
          expect(d?.action).toBe('keep');
        },
      ),
    );
  });
});
