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

const gce = (id: string, over: Partial<SimVm>): SimVm => ({
  ...aws(id, over),
  provider: 'gcp',
  account: 'ml-prod',
  zone: 'us-central1-a',
  type: 'a2-highgpu-1g',
  ...over,
});

const az = (id: string, over: Partial<SimVm>): SimVm => ({
  ...aws(id, over),
  provider: 'azure',
  account: AZURE_SUBSCRIPTION,
  zone: 'eastus',
  type: 'Standard_NC6s_v3',
  ...over,
});

export const AZURE_SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';

/** What the sweep must stop (untagged or idle, nothing protecting them), as provider:instanceId. */
export const EXPECTED_STOPS = [
  'aws:i-0a00000000000001',
  'aws:i-0a00000000000002',
  'aws:i-0a00000000000011',
  'azure:ml/az-idle',
  'azure:ml/az-untagged',
  'gcp:gce-idle',
  'gcp:gce-untagged',
];

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
      gce('gce-untagged', { tags: { owner: 'cy' } }),
      gce('gce-idle', {
        type: 'n1-standard-8',
        accelerators: [{ type: 'nvidia-tesla-t4', count: 1 }],
        metrics: { gpu: 0 },
      }),
      gce('gce-busy', {}),
      gce('gce-mig', {
        tags: {},
        controller: 'projects/1/zones/us-central1-a/instanceGroupManagers/gpu-mig',
      }),
      gce('gce-gke', { tags: { 'goog-gke-node': '' } }),
      gce('gce-exempt', { tags: { 'costguard-exempt': 'true' }, metrics: { gpu: 0 } }),
      az('az-untagged', { tags: {} }),
      az('az-idle', { type: 'Standard_NC24ads_A100_v4', metrics: { gpu: 0, cpu: 1, networkIn: 10 } }),
      az('az-busy', {}),
      az('az-vmss', {
        tags: {},
        controller: `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/ml/providers/Microsoft.Compute/virtualMachineScaleSets/gpu`,
      }),
      az('az-keep', { tags: { 'costguard:keep-until': '2026-11-24T06:00:00Z' }, metrics: { gpu: 0 } }),
      az('az-nometrics', { metrics: {} }),
      az('az-cpu-only', { type: 'Standard_D4s_v5', tags: {} }),
    ],
    { pageSize: 3 },
  );
}

/** Where idleWorld's machines live: the regions, projects and subscriptions the idle config lists. */
export const IDLE_SCOPE = {
  awsRegions: ['us-east-1'],
  gcpProjects: ['ml-prod'],
  azureSubscriptions: [AZURE_SUBSCRIPTION],
};
