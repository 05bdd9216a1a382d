import { createFleetWorld, type FleetWorld, type SimVm } from '../../src/sim/fakes/fleet-world.js';

const TAGGED = { model: 'llama-ft', stage: 'train', owner: 'ana' };
const LONG_AGO = '2026-11-20T08:00:00.000Z';

const aws = (id: string, over: Partial<SimVm>): SimVm => ({
  provider: 'aws',
  account: '111122223333',
  zone: 'us-east-1a',
  id,
  type: 'g5.xlarge',
  state: 'running',
  tags: { ...TAGGED },
  launchedAt: LONG_AGO,
  metrics: { gpu: 70, cpu: 40, networkIn: 5_000_000 },
  ...over,
});

/** What the sweep must stop (untagged or idle, nothing protecting them), by instance id. */
export const EXPECTED_STOPS = ['i-0a00000000000001', 'i-0a00000000000002', 'i-0a00000000000011'];

/** A fleet with one instance per case the policy distinguishes. */
export function idleWorld(): FleetWorld {
  return createFleetWorld(
    [
      aws('i-0a00000000000001', { tags: { owner: 'bo' } }), // untagged, busy: stop
      aws('i-0a00000000000002', { type: 'p4d.24xlarge', metrics: { gpu: 1, cpu: 3, networkIn: 800 } }), // idle: stop
      aws('i-0a00000000000003', {}), // tagged and busy: keep
      aws('i-0a00000000000004', { tags: { 'costguard:exempt': 'true' }, metrics: { gpu: 0 } }),
      aws('i-0a00000000000005', {
        tags: { ...TAGGED, 'costguard:keep-until': '2026-11-24T12:00:00Z' },
        metrics: { gpu: 0 },
      }),
      aws('i-0a00000000000006', { tags: { 'aws:autoscaling:groupName': 'gpu-asg' } }),
      aws('i-0a00000000000007', { type: 'g4dn.xlarge', tags: {}, rootDevice: 'instance-store' }),
      aws('i-0a00000000000008', { tags: {}, spot: true }),
      aws('i-0a00000000000009', { tags: { ...TAGGED, 'eks:nodegroup-name': 'gpu' }, metrics: { gpu: 0 } }),
      aws('i-0a00000000000010', { metrics: {} }), // tagged, no metric at all: keep, reported
      aws('i-0a00000000000011', { type: 'inf2.xlarge', metrics: { cpu: 1, networkIn: 200 } }), // idle by CPU+net: stop
      aws('i-0a00000000000012', { type: 'm5.large', tags: {} }), // no GPU: not reported
      aws('i-0a00000000000013', { tags: {}, state: 'stopped' }), // not running: not reported
      aws('i-0a00000000000014', { tags: {}, zone: 'eu-west-1a', metrics: { gpu: 0 } }), // region not configured
    ],
    { pageSize: 3 },
  );
}
