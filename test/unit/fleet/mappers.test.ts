import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../../src/core/money.js';
import { mapMetricResults, metricQueries } from '../../../src/fleet/aws/cloudwatch-mappers.js';
import { acceleratorsOf, mapEc2Instance } from '../../../src/fleet/aws/ec2-mappers.js';
import { gpusBySize, mapAzureVm, parseVmId, powerState } from '../../../src/fleet/azure/compute-mappers.js';
import { samplesOf } from '../../../src/fleet/azure/monitor-mappers.js';
import { mapGceInstance } from '../../../src/fleet/gcp/compute-mappers.js';
import { mapTimeSeries } from '../../../src/fleet/gcp/monitoring-mappers.js';
import { priceTable } from '../../../src/fleet/prices.js';

const prices = priceTable();

describe('AWS mappers', () => {
  it('counts GPUs, Neuron devices and inference accelerators from DescribeInstanceTypes', () => {
    expect(acceleratorsOf({ GpuInfo: { Gpus: [{ Name: 'A100', Count: 8 }] } })).toEqual({
      count: 8,
      name: 'A100',
    });
    expect(acceleratorsOf({ NeuronInfo: { NeuronDevices: [{ Name: 'Trainium2', Count: 16 }] } })).toEqual({
      count: 16,
      name: 'Trainium2',
    });
    expect(
      acceleratorsOf({ InferenceAcceleratorInfo: { Accelerators: [{ Name: 'Inferentia', Count: 4 }] } })
        .count,
    ).toBe(4);
    expect(acceleratorsOf({ VCpuInfo: { DefaultVCpus: 2 } })).toEqual({ count: 0 });
  });

  it('maps an instance: tags, owner account, state, spot, instance store, price', () => {
    const i = mapEc2Instance(
      {
        InstanceId: 'i-1',
        InstanceType: 'g5.xlarge',
        State: { Name: 'running', Code: 16 },
        LaunchTime: new Date('2026-11-01T00:00:00Z'),
        Tags: [
          { Key: 'Name', Value: 'box' },
          { Key: 'model', Value: 'x' },
        ],
        InstanceLifecycle: 'spot',
        RootDeviceType: 'instance-store',
      },
      '123',
      'us-east-1',
      { count: 1, name: 'A10G' },
      prices,
    );
    expect(i).toEqual({
      provider: 'aws',
      account: '123',
      region: 'us-east-1',
      instanceId: 'i-1',
      name: 'box',
      instanceType: 'g5.xlarge',
      gpus: 1,
      accelerator: 'A10G',
      state: 'running',
      launchedAt: '2026-11-01T00:00:00.000Z',
      tags: { Name: 'box', model: 'x' },
      managedBy: 'spot',
      rootVolume: 'instance-store',
      hourlyCost: parseMoney('1.006'),
      currency: 'USD',
    });
    expect(
      mapEc2Instance({ InstanceType: 'u-24tb1.112xlarge' }, '1', 'r', { count: 1 }, prices).hourlyCost,
    ).toBeUndefined();
  });

  it('merges GetMetricData pages by query id and turns NetworkIn per period into bytes per second', () => {
    const { owners, queries } = metricQueries(['i-1'], 'CWAgent', 300);
    expect(queries.map((q) => q.Id)).toEqual(['g0', 'c0', 'n0']);
    const t = (iso: string) => new Date(iso);
    const m = mapMetricResults(
      [
        { Id: 'n0', Timestamps: [t('2026-11-23T18:55:00Z')], Values: [3000] },
        { Id: 'g0', Timestamps: [], Values: [] },
        { Id: 'n0', Timestamps: [t('2026-11-23T18:50:00Z')], Values: [600] },
        { Id: 'zz', Timestamps: [t('2026-11-23T18:50:00Z')], Values: [1] },
      ],
      owners,
      300,
    );
    expect(m.get('i-1')).toEqual({
      networkIn: [
        { at: '2026-11-23T18:55:00.000Z', value: 10 },
        { at: '2026-11-23T18:50:00.000Z', value: 2 },
      ],
    });
  });
});

describe('Google Cloud mappers', () => {
  const base = {
    name: 'vm-1',
    id: '42',
    zone: 'https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a',
    machineType:
      'https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/machineTypes/n1-standard-8',
    status: 'RUNNING',
    labels: { team: 'nlp' },
    lastStartTimestamp: '2026-11-20T08:00:00.000-08:00',
  };

  it('adds attached GPUs to the machine price and counts them', () => {
    const i = mapGceInstance(
      {
        ...base,
        guestAccelerators: [
          { acceleratorType: 'projects/p/zones/z/acceleratorTypes/nvidia-tesla-t4', acceleratorCount: 4 },
        ],
      },
      'p',
      [],
      prices,
    );
    expect(i).toMatchObject({
      instanceId: 'vm-1',
      region: 'us-central1-a',
      instanceType: 'n1-standard-8',
      gpus: 4,
      accelerator: 'nvidia-tesla-t4',
      launchedAt: '2026-11-20T16:00:00.000Z',
      hourlyCost: parseMoney('0.379998') + 4n * parseMoney('0.35'),
    });
  });

  it('marks instance-group members, spot VMs and local-SSD boots; an unknown GPU leaves the price unknown', () => {
    expect(
      mapGceInstance(
        {
          ...base,
          metadata: { items: [{ key: 'created-by', value: 'projects/1/zones/z/instanceGroupManagers/m' }] },
        },
        'p',
        [],
        prices,
      ).managedBy,
    ).toBe('managed-instance-group');
    expect(
      mapGceInstance({ ...base, scheduling: { provisioningModel: 'SPOT' } }, 'p', [], prices).managedBy,
    ).toBe('spot');
    expect(
      mapGceInstance({ ...base, disks: [{ boot: true, type: 'SCRATCH' }] }, 'p', [], prices).rootVolume,
    ).toBe('instance-store');
    const odd = mapGceInstance(
      { ...base, guestAccelerators: [{ acceleratorType: 'x/nvidia-b300', acceleratorCount: 1 }] },
      'p',
      [],
      prices,
    );
    expect(odd.hourlyCost).toBeUndefined();
  });

  it('merges per-GPU series by max, scales DCGM and CPU ratios to percent, reads proto timestamps', () => {
    const m = mapTimeSeries([
      {
        metric: { type: 'agent.googleapis.com/dcgm/gpu/utilization' },
        resource: { labels: { instance_id: '42' } },
        points: [{ interval: { endTime: { seconds: 1_795_000_000 } }, value: { doubleValue: 0.02 } }],
      },
      {
        metric: { type: 'agent.googleapis.com/dcgm/gpu/utilization' },
        resource: { labels: { instance_id: '42' } },
        points: [{ interval: { endTime: { seconds: 1_795_000_000 } }, value: { doubleValue: 0.5 } }],
      },
    ]);
    expect(m.get('42')).toEqual([{ at: new Date(1_795_000_000_000).toISOString(), value: 50 }]);
    const cpu = mapTimeSeries([
      {
        metric: { type: 'compute.googleapis.com/instance/cpu/utilization' },
        resource: { labels: { instance_id: '7' } },
        points: [
          { interval: { endTime: { seconds: 1_795_000_000, nanos: 5e8 } }, value: { doubleValue: 0.031 } },
        ],
      },
    ]);
    expect(cpu.get('7')?.[0]?.value).toBeCloseTo(3.1, 9);
  });
});

describe('Azure mappers', () => {
  it('reads GPUs from SKU capabilities only for virtual machine SKUs; a fraction of a GPU counts as one', () => {
    const m = gpusBySize([
      {
        resourceType: 'virtualMachines',
        name: 'Standard_NV6ads_A10_v5',
        capabilities: [{ name: 'GPUs', value: '0.1667' }],
      },
      {
        resourceType: 'virtualMachines',
        name: 'Standard_ND96asr_v4',
        capabilities: [{ name: 'GPUs', value: '8' }],
      },
      {
        resourceType: 'virtualMachines',
        name: 'Standard_D2s_v5',
        capabilities: [{ name: 'vCPUs', value: '2' }],
      },
      { resourceType: 'disks', name: 'Premium_LRS', capabilities: [{ name: 'GPUs', value: '1' }] },
    ]);
    expect([...m]).toEqual([
      ['standard_nv6ads_a10_v5', 1],
      ['standard_nd96asr_v4', 8],
      ['standard_d2s_v5', 0],
    ]);
  });

  it('treats powered-off-but-allocated as billing (running), deallocated as stopped', () => {
    const view = (code: string) => ({ statuses: [{ code: 'ProvisioningState/succeeded' }, { code }] });
    expect(powerState(view('PowerState/running')).state).toBe('running');
    expect(powerState(view('PowerState/stopped')).state).toBe('running');
    expect(powerState(view('PowerState/deallocated')).state).toBe('stopped');
    expect(powerState(view('PowerState/deallocating')).state).toBe('stopping');
    expect(powerState({}).state).toBe('other');
  });

  it('maps a VM: id parts, scale set, spot, ephemeral OS disk', () => {
    const id = '/subscriptions/s/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/vm1';
    expect(parseVmId(id)).toEqual({ subscription: 's', resourceGroup: 'RG', name: 'vm1' });
    expect(() => parseVmId('/subscriptions/s/resourceGroups/rg')).toThrow('not a virtual machine id');
    const vm = mapAzureVm(
      {
        id,
        location: 'eastus',
        tags: { owner: 'ana' },
        hardwareProfile: { vmSize: 'Standard_NC6s_v3' },
        priority: 'Spot',
        storageProfile: { osDisk: { createOption: 'FromImage', diffDiskSettings: { option: 'Local' } } },
      } as never,
      1,
      { statuses: [{ code: 'PowerState/running' }] },
      prices,
    );
    expect(vm).toMatchObject({
      account: 's',
      instanceId: 'RG/vm1',
      managedBy: 'spot',
      rootVolume: 'instance-store',
      hourlyCost: parseMoney('3.06'),
    });
  });

  it('keeps only points that carry the aggregation asked for', () => {
    const s = samplesOf(
      [
        {
          id: 'x',
          type: 't',
          name: { value: 'Percentage CPU' },
          unit: 'Percent',
          timeseries: [
            {
              data: [
                { timeStamp: new Date('2026-11-23T18:00:00Z'), maximum: 3 },
                { timeStamp: new Date('2026-11-23T18:05:00Z') },
              ],
            },
          ],
        },
      ],
      'Percentage CPU',
      (p) => p.maximum,
    );
    expect(s).toEqual([{ at: '2026-11-23T18:00:00.000Z', value: 3 }]);
  });
});
