import type { Instance, InstanceTypeInfo } from '@aws-sdk/client-ec2';
import type { FleetInstance } from '../../core/idle/types.js';
import type { PriceLookup } from '../prices.js';

export interface Accelerators {
  count: number;
  name?: string;
}

/** GPUs, Neuron devices (Inferentia, Trainium) and inference accelerators of an instance type. */
export function acceleratorsOf(info: InstanceTypeInfo): Accelerators {
  const devices = [
    ...(info.GpuInfo?.Gpus ?? []).map((g) => [g.Name, g.Count] as const),
    ...(info.NeuronInfo?.NeuronDevices ?? []).map((n) => [n.Name, n.Count] as const),
    ...(info.InferenceAcceleratorInfo?.Accelerators ?? []).map((a) => [a.Name, a.Count] as const),
  ];
  const count = devices.reduce((a, [, c]) => a + (c ?? 0), 0);
  const name = devices.find(([n]) => n)?.[0];
  return name ? { count, name } : { count };
}

const STATES: Record<string, FleetInstance['state']> = {
  running: 'running',
  stopping: 'stopping',
  stopped: 'stopped',
};

/** An EC2 instance as a FleetInstance; `ownerId` is the reservation's account. */
export function mapEc2Instance(
  i: Instance,
  ownerId: string,
  region: string,
  accel: Accelerators,
  price: PriceLookup,
): FleetInstance {
  const tags: Record<string, string> = {};
  for (const t of i.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  const type = i.InstanceType ?? 'unknown';
  const hourlyCost = price('aws', type);
  return {
    provider: 'aws',
    account: ownerId,
    region,
    instanceId: i.InstanceId ?? '',
    ...(tags.Name ? { name: tags.Name } : {}),
    instanceType: type,
    gpus: accel.count,
    ...(accel.name ? { accelerator: accel.name } : {}),
    state: STATES[i.State?.Name ?? ''] ?? 'other',
    ...(i.LaunchTime ? { launchedAt: i.LaunchTime.toISOString() } : {}),
    tags,
    // A spot instance is owned by its spot request: a one-time request cannot be stopped at all.
    ...(i.InstanceLifecycle === 'spot' ? { managedBy: 'spot' } : {}),
    rootVolume: i.RootDeviceType === 'instance-store' ? 'instance-store' : 'persistent',
    ...(hourlyCost !== undefined ? { hourlyCost } : {}),
    currency: 'USD',
  };
}
