import type { protos } from '@google-cloud/compute';
import type { FleetInstance } from '../../core/idle/types.js';
import type { Accelerator, PriceLookup } from '../prices.js';

type IInstance = protos.google.cloud.compute.v1.IInstance;
type IMachineType = protos.google.cloud.compute.v1.IMachineType;

/** The last path segment of a Compute resource URL (zones/.../machineTypes/a2-highgpu-1g). */
export const lastSegment = (url: string | null | undefined) => (url ?? '').split('/').pop() ?? '';

/** Accelerators built into a machine type (a2, a3, g2, ...), as the machineTypes API lists them. */
export function machineTypeAccelerators(mt: IMachineType): Accelerator[] {
  return (mt.accelerators ?? []).map((a) => ({
    type: a.guestAcceleratorType ?? 'unknown',
    count: a.guestAcceleratorCount ?? 0,
  }));
}

/** Attached accelerators (an n1 with T4s); billed on top of the machine type. */
export function guestAccelerators(i: IInstance): Accelerator[] {
  return (i.guestAccelerators ?? []).map((a) => ({
    type: lastSegment(a.acceleratorType),
    count: a.acceleratorCount ?? 0,
  }));
}

const STATES: Record<string, FleetInstance['state']> = {
  RUNNING: 'running',
  STOPPING: 'stopping',
  TERMINATED: 'stopped',
  STOPPED: 'stopped',
};

/**
 * A GCE instance as a FleetInstance (instanceId is the instance name, which stop takes). `builtIn` are
 * the machine type's accelerators; attached ones come from the instance.
 */
export function mapGceInstance(
  i: IInstance,
  project: string,
  builtIn: Accelerator[],
  price: PriceLookup,
): FleetInstance {
  const type = lastSegment(i.machineType);
  const attached = guestAccelerators(i);
  const all = [...builtIn, ...attached];
  const gpus = all.reduce((a, x) => a + x.count, 0);
  const createdBy = (i.metadata?.items ?? []).find((m) => m.key === 'created-by')?.value;
  const hourlyCost = price('gcp', type, attached);
  const startedAt = i.lastStartTimestamp || i.creationTimestamp;
  const bootScratch = (i.disks ?? []).some((d) => d.boot && d.type === 'SCRATCH');
  const spot = i.scheduling?.provisioningModel === 'SPOT' || i.scheduling?.preemptible === true;
  return {
    provider: 'gcp',
    account: project,
    region: lastSegment(i.zone),
    instanceId: i.name ?? '',
    name: i.name ?? '',
    instanceType: type,
    gpus,
    ...(all[0] ? { accelerator: all[0].type } : {}),
    state: STATES[i.status ?? ''] ?? 'other',
    ...(startedAt ? { launchedAt: new Date(startedAt).toISOString() } : {}),
    tags: { ...(i.labels ?? {}) },
    // `created-by` names the managed instance group that owns the VM; it would recreate it.
    ...(createdBy?.includes('/instanceGroupManagers/')
      ? { managedBy: 'managed-instance-group' }
      : spot
        ? { managedBy: 'spot' }
        : {}),
    rootVolume: bootScratch ? 'instance-store' : 'persistent',
    ...(hourlyCost !== undefined ? { hourlyCost } : {}),
    currency: 'USD',
  };
}
