import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { instanceKey } from '../../../../src/core/idle/types.js';
import { parseMoney } from '../../../../src/core/money.js';
import { GCP_FLEET_PERMISSIONS } from '../../../../src/fleet/gcp/gcp-fleet.js';
import { gcpFleetFromConfig } from '../../../../src/fleet/gcp/gcp-from-config.js';
import { priceTable } from '../../../../src/fleet/prices.js';
import {
  callsTo,
  createFleetWorld,
  type FleetWorld,
  type SimVm,
} from '../../../../src/sim/fakes/fleet-world.js';
import { gcpComputeFake } from '../../../../src/sim/fakes/gcp-compute.js';
import { gcpMonitoringFake } from '../../../../src/sim/fakes/gcp-monitoring.js';
import { type LocalServer, startLocalServer } from '../../../../src/sim/local-server.js';

const gce = (id: string, over: Partial<SimVm> = {}): SimVm => ({
  provider: 'gcp',
  account: 'ml-prod',
  zone: 'us-central1-a',
  id,
  type: 'a2-highgpu-1g',
  state: 'running',
  tags: { model: 'llm', stage: 'train' },
  launchedAt: '2026-11-01T08:00:00.000Z',
  metrics: { gpu: 2, cpu: 3, networkIn: 100 },
  ...over,
});

function makeWorld(): FleetWorld {
  return createFleetWorld(
    [
      gce('trainer-a100', { tags: { model: 'llm', stage: 'train', owner: 'ana' } }),
      gce('t4-notebook', {
        type: 'n1-standard-8',
        accelerators: [{ type: 'nvidia-tesla-t4', count: 2 }],
        metrics: { cpu: 1, networkIn: 10 },
      }),
      gce('l4-serve', { type: 'g2-standard-4', zone: 'europe-west4-b', metrics: {} }),
      gce('mig-member', { controller: 'projects/123/zones/us-central1-a/instanceGroupManagers/gpu-mig' }),
      gce('web', { type: 'e2-standard-4' }),
      gce('parked', { state: 'stopped' }),
      gce('other-project', { account: 'ml-dev' }),
    ],
    { pageSize: 2 },
  );
}

describe('Google Cloud fleet through @google-cloud/compute and monitoring (REST) against local fakes', () => {
  let world: FleetWorld;
  let compute: LocalServer;
  let monitoring: LocalServer;
  beforeAll(async () => {
    compute = await startLocalServer((q, b, r) => gcpComputeFake(world)(q, b, r));
    monitoring = await startLocalServer((q, b, r) => gcpMonitoringFake(world)(q, b, r));
  });
  afterAll(async () => {
    await compute.close();
    await monitoring.close();
  });
  beforeEach(() => {
    world = makeWorld();
  });

  const fleet = () =>
    gcpFleetFromConfig(
      {
        projects: ['ml-prod'],
        endpoints: { compute: compute.url, monitoring: monitoring.url },
        accessToken: 'local-token',
      },
      { prices: priceTable() },
    );

  it('lists running GPU instances over aggregatedList pages, GPUs from machine types and guest accelerators', async () => {
    const found = await fleet().listGpuInstances();
    expect(found.map((i) => [i.region, i.instanceId, i.instanceType, i.gpus, i.accelerator])).toEqual([
      ['us-central1-a', 'trainer-a100', 'a2-highgpu-1g', 1, 'nvidia-tesla-a100'],
      ['us-central1-a', 't4-notebook', 'n1-standard-8', 2, 'nvidia-tesla-t4'],
      ['europe-west4-b', 'l4-serve', 'g2-standard-4', 1, 'nvidia-l4'],
      ['us-central1-a', 'mig-member', 'a2-highgpu-1g', 1, 'nvidia-tesla-a100'],
    ]);
    expect(found[0]).toMatchObject({
      provider: 'gcp',
      account: 'ml-prod',
      tags: { model: 'llm', stage: 'train', owner: 'ana' },
      launchedAt: '2026-11-01T08:00:00.000Z',
      hourlyCost: parseMoney('3.673385'),
      rootVolume: 'persistent',
    });
    // The machine price plus two T4s.
    expect(found[1]?.hourlyCost).toBe(parseMoney('0.379998') + 2n * parseMoney('0.35'));
    expect(found[3]?.managedBy).toBe('managed-instance-group');
    // 5 running at 2 per page: 3 pages; machine types looked up once per zone and type.
    expect(callsTo(world, 'instances.aggregatedList')).toHaveLength(3);
    expect(callsTo(world, 'machineTypes.get').map((c) => c.detail)).toEqual([
      'us-central1-a/a2-highgpu-1g',
      'us-central1-a/n1-standard-8',
      'europe-west4-b/g2-standard-4',
      'us-central1-a/e2-standard-4',
    ]);
  });

  it('reads GPU, CPU (ratio to percent) and network rate from Cloud Monitoring over pages', async () => {
    const f = fleet();
    const found = await f.listGpuInstances();
    const to = new Date('2026-11-23T19:00:00Z');
    const m = await f.utilization(found, new Date(to.getTime() - 2 * 3600_000), to);
    const a100 = m.get(instanceKey(found[0] as never));
    expect(a100?.gpu).toHaveLength(25);
    expect(a100?.gpu?.every((s) => s.value === 2)).toBe(true);
    expect(a100?.cpu?.[0]?.value).toBeCloseTo(3, 9);
    expect(a100?.networkIn?.[0]?.value).toBe(100);
    expect(m.get(instanceKey(found[1] as never))?.gpu).toBeUndefined();
    expect(m.has(instanceKey(found[2] as never))).toBe(false);
    // 2 GPU metric types + CPU + network; CPU and network have 3 series at 2 per page.
    expect(callsTo(world, 'timeSeries.list').length).toBeGreaterThanOrEqual(6);
  });

  it('retries quota errors (HTTP 429 RESOURCE_EXHAUSTED) on reads', async () => {
    world.faults.throttle = { 'instances.aggregatedList': 1, 'timeSeries.list': 2, 'machineTypes.get': 1 };
    const f = fleet();
    const found = await f.listGpuInstances();
    expect(found).toHaveLength(4);
    const m = await f.utilization(found, new Date('2026-11-23T17:00:00Z'), new Date('2026-11-23T19:00:00Z'));
    expect(m.size).toBe(3);
    // Every throttled answer was served (and retried past).
    expect(world.faults.throttle).toEqual({
      'instances.aggregatedList': 0,
      'timeSeries.list': 0,
      'machineTypes.get': 0,
    });
  });

  it('stops and waits for the zone operation; a failed operation throws and the instance keeps running', async () => {
    world.faults.failStop = ['t4-notebook'];
    const f = fleet();
    const [a100, t4] = await f.listGpuInstances();
    await f.stop(a100 as never);
    expect(world.vms[0]?.state).toBe('stopped');
    expect(callsTo(world, 'zoneOperations.wait')).toHaveLength(1);
    await expect(f.stop(t4 as never)).rejects.toMatchObject({
      code: 'FLEET_STOP_FAILED',
      provider: 'gcp',
      retryable: false,
      message: expect.stringContaining('cannot be stopped: it has local SSDs'),
    });
    expect(world.vms[1]?.state).toBe('running');
  });

  it('merges labels with the current fingerprint and waits for the operation', async () => {
    const [a100] = await fleet().listGpuInstances();
    await fleet().setTags(a100 as never, { 'costguard-keep-until': '20261123t210000z' });
    expect(world.vms[0]?.tags).toEqual({
      model: 'llm',
      stage: 'train',
      owner: 'ana',
      'costguard-keep-until': '20261123t210000z',
    });
    expect(callsTo(world, 'instances.setLabels')).toHaveLength(1);
  });

  it('declares the permissions it uses', () => {
    expect(fleet().permissions).toEqual(GCP_FLEET_PERMISSIONS);
  });
});
