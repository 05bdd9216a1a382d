import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { instanceKey } from '../../../../src/core/idle/types.js';
import { parseMoney } from '../../../../src/core/money.js';
import { AZURE_FLEET_PERMISSIONS } from '../../../../src/fleet/azure/azure-fleet.js';
import { azureFleetFromConfig } from '../../../../src/fleet/azure/azure-from-config.js';
import { priceTable } from '../../../../src/fleet/prices.js';
import { azureComputeFake } from '../../../../src/sim/fakes/azure-compute.js';
import { azureMonitorFake } from '../../../../src/sim/fakes/azure-monitor.js';
import {
  callsTo,
  createFleetWorld,
  type FleetWorld,
  type SimVm,
} from '../../../../src/sim/fakes/fleet-world.js';
import { type LocalServer, startLocalServer } from '../../../../src/sim/local-server.js';

const SUB = '00000000-1111-2222-3333-444444444444';
const GPU_METRIC = { namespace: 'Telegraf/nvidia_smi', name: 'utilization_gpu' };
const az = (id: string, over: Partial<SimVm> = {}): SimVm => ({
  provider: 'azure',
  account: SUB,
  zone: 'eastus',
  id,
  type: 'Standard_NC6s_v3',
  state: 'running',
  tags: { model: 'llm', stage: 'train' },
  launchedAt: '2026-11-01T08:00:00.000Z',
  metrics: { gpu: 4, cpu: 2, networkIn: 100 },
  ...over,
});

function makeWorld(): FleetWorld {
  return createFleetWorld(
    [
      az('v100-train', { tags: { model: 'llm', stage: 'train', owner: 'ana' } }),
      az('a100-nb', {
        type: 'Standard_NC24ads_A100_v4',
        resourceGroup: 'research',
        metrics: { cpu: 1, networkIn: 10 },
      }),
      az('t4-west', { type: 'Standard_NC4as_T4_v3', zone: 'westeurope', metrics: {} }),
      az('vmss-member', {
        controller: `/subscriptions/${SUB}/resourceGroups/ml/providers/Microsoft.Compute/virtualMachineScaleSets/gpu`,
      }),
      az('ephemeral', { rootDevice: 'instance-store' }),
      az('web', { type: 'Standard_D4s_v5' }),
      az('parked', { state: 'stopped' }),
    ],
    { pageSize: 2 },
  );
}

describe('Azure fleet through @azure/arm-compute and @azure/arm-monitor against local ARM fakes over HTTPS', () => {
  let world: FleetWorld;
  let arm: LocalServer;
  let dir: string;
  let caFile: string;
  beforeAll(async () => {
    // One ARM endpoint serves both providers, as management.azure.com does.
    const compute = (
      q: Parameters<ReturnType<typeof azureComputeFake>>[0],
      b: Buffer,
      r: Parameters<ReturnType<typeof azureComputeFake>>[2],
    ) =>
      /\/providers\/Microsoft\.Insights\/metrics$/i.test(new URL(q.url ?? '/', 'https://x').pathname)
        ? azureMonitorFake(world, { gpuNamespace: GPU_METRIC.namespace, gpuMetric: GPU_METRIC.name })(q, b, r)
        : azureComputeFake(world)(q, b, r);
    arm = await startLocalServer(compute, { https: true });
    dir = mkdtempSync(join(tmpdir(), 'costguard-azure-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, arm.cert ?? '');
  });
  afterAll(async () => {
    await arm.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    world = makeWorld();
  });

  const fleet = () =>
    azureFleetFromConfig(
      { subscriptions: [SUB], endpoint: arm.url, caFile, accessToken: 'local-token', gpuMetric: GPU_METRIC },
      { prices: priceTable(), pollIntervalMs: 10 },
    );

  it('lists running GPU VMs over nextLink pages, GPUs from SKU capabilities, power state from the instance view', async () => {
    const found = await fleet().listGpuInstances();
    expect(
      found.map((i) => [i.region, i.instanceId, i.instanceType, i.gpus, i.managedBy, i.rootVolume]),
    ).toEqual([
      ['eastus', 'ml/v100-train', 'Standard_NC6s_v3', 1, undefined, 'persistent'],
      ['eastus', 'research/a100-nb', 'Standard_NC24ads_A100_v4', 1, undefined, 'persistent'],
      ['westeurope', 'ml/t4-west', 'Standard_NC4as_T4_v3', 1, undefined, 'persistent'],
      ['eastus', 'ml/vmss-member', 'Standard_NC6s_v3', 1, 'scale-set', 'persistent'],
      ['eastus', 'ml/ephemeral', 'Standard_NC6s_v3', 1, undefined, 'instance-store'],
    ]);
    expect(found[0]).toMatchObject({
      provider: 'azure',
      account: SUB,
      name: 'v100-train',
      tags: { owner: 'ana' },
      state: 'running',
      launchedAt: '2026-11-01T08:00:00.000Z',
      hourlyCost: parseMoney('3.06'),
    });
    // 7 VMs at 2 per page: 4 pages. SKUs once per location (6 SKUs: 3 pages each). Instance views
    // only for GPU sizes.
    expect(callsTo(world, 'virtualMachines.listAll')).toHaveLength(4);
    expect(callsTo(world, 'resourceSkus.list').map((c) => c.detail)).toEqual([
      ...Array(3).fill('eastus'),
      ...Array(3).fill('westeurope'),
    ]);
    expect(callsTo(world, 'virtualMachines.instanceView').map((c) => c.detail)).not.toContain('web');
  });

  it('reads CPU and network platform metrics and the custom GPU metric where it exists', async () => {
    const f = fleet();
    const found = await f.listGpuInstances();
    const to = new Date('2026-11-23T19:00:00Z');
    const m = await f.utilization(found, new Date(to.getTime() - 2 * 3600_000), to);
    const v100 = m.get(instanceKey(found[0] as never));
    expect(v100?.gpu).toHaveLength(24);
    expect(v100?.gpu?.[0]?.value).toBe(4);
    expect(v100?.cpu?.[0]?.value).toBe(2);
    // Network In Total is bytes per 5 minutes; it comes back as bytes per second.
    expect(v100?.networkIn?.[0]?.value).toBe(100);
    const a100 = m.get(instanceKey(found[1] as never));
    expect(a100?.gpu).toBeUndefined();
    expect(a100?.cpu).toHaveLength(24);
    expect(m.has(instanceKey(found[2] as never))).toBe(false);
  });

  it('rides out throttling (429 with Retry-After)', async () => {
    world.faults.throttle = {
      'virtualMachines.listAll': 1,
      'metrics.list': 2,
      'virtualMachines.deallocate': 1,
    };
    const f = fleet();
    const found = await f.listGpuInstances();
    expect(found).toHaveLength(5);
    const m = await f.utilization(found, new Date('2026-11-23T17:00:00Z'), new Date('2026-11-23T19:00:00Z'));
    expect(m.size).toBe(4);
    await f.stop(found[0] as never);
    expect(world.faults.throttle).toEqual({
      'virtualMachines.listAll': 0,
      'metrics.list': 0,
      'virtualMachines.deallocate': 0,
    });
  });

  it('deallocates and waits for the operation; a failed operation throws and the VM keeps running', async () => {
    world.faults.failStop = ['a100-nb'];
    const f = fleet();
    const [v100, a100] = await f.listGpuInstances();
    await f.stop(v100 as never);
    expect(world.vms[0]?.state).toBe('stopped');
    expect(callsTo(world, 'operations.get').length).toBeGreaterThanOrEqual(2);
    await expect(f.stop(a100 as never)).rejects.toMatchObject({
      code: 'FLEET_STOP_FAILED',
      provider: 'azure',
      retryable: false,
      message: expect.stringContaining('a lock forbids it'),
    });
    expect(world.vms[1]?.state).toBe('running');
  });

  it('merges tags into the VM (read, then PATCH), also from a fleet that never listed it', async () => {
    const [v100] = await fleet().listGpuInstances();
    await fleet().setTags(v100 as never, { 'costguard:exempt': 'true' });
    expect(world.vms[0]?.tags).toEqual({
      model: 'llm',
      stage: 'train',
      owner: 'ana',
      'costguard:exempt': 'true',
    });
    expect(callsTo(world, 'virtualMachines.update')).toHaveLength(1);
  });

  it('declares the RBAC actions it uses', () => {
    expect(fleet().permissions).toEqual(AZURE_FLEET_PERMISSIONS);
  });
});
