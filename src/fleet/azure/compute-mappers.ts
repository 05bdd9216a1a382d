import type { ResourceSku, VirtualMachine, VirtualMachineInstanceView } from '@azure/arm-compute';
import type { FleetInstance } from '../../core/idle/types.js';
import type { PriceLookup } from '../prices.js';

/** Resource group and name out of an ARM id (/subscriptions/s/resourceGroups/rg/providers/.../name). */
export function parseVmId(id: string): { subscription: string; resourceGroup: string; name: string } {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)$/i.exec(
      id,
    );
  if (!m) throw new Error(`not a virtual machine id: ${id}`);
  return { subscription: m[1] ?? '', resourceGroup: m[2] ?? '', name: m[3] ?? '' };
}

/** GPUs per VM size from the SKU capabilities (no size-name list): the "GPUs" capability. */
export function gpusBySize(skus: readonly ResourceSku[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of skus) {
    if (s.resourceType !== 'virtualMachines' || !s.name) continue;
    const raw = s.capabilities?.find((c) => c.name === 'GPUs')?.value;
    const gpus = raw === undefined ? 0 : Number.parseFloat(raw);
    // Fractional GPU sizes (NVadsA10 v5 with 1/6 of a GPU) still hold a GPU: count it as one.
    out.set(s.name.toLowerCase(), Number.isFinite(gpus) && gpus > 0 ? Math.max(1, Math.round(gpus)) : 0);
  }
  return out;
}

/**
 * What the instance view says about billing. `PowerState/stopped` means powered off but still
 * allocated, which bills compute like running; only `deallocated` stops the meter.
 */
export function powerState(view: VirtualMachineInstanceView): {
  state: FleetInstance['state'];
  since?: string;
} {
  const statuses = view.statuses ?? [];
  const power = statuses.find((s) => s.code?.startsWith('PowerState/'))?.code?.slice('PowerState/'.length);
  const provisioned = statuses.find((s) => s.code?.startsWith('ProvisioningState/'))?.time;
  const since = provisioned ? { since: new Date(provisioned).toISOString() } : {};
  if (power === 'running' || power === 'starting' || power === 'stopped')
    return { state: 'running', ...since };
  if (power === 'stopping' || power === 'deallocating') return { state: 'stopping', ...since };
  if (power === 'deallocated') return { state: 'stopped', ...since };
  return { state: 'other', ...since };
}

export function mapAzureVm(
  vm: VirtualMachine,
  gpus: number,
  view: VirtualMachineInstanceView,
  price: PriceLookup,
): FleetInstance {
  const { subscription, resourceGroup, name } = parseVmId(vm.id ?? '');
  const size = vm.hardwareProfile?.vmSize ?? 'unknown';
  const power = powerState(view);
  const hourlyCost = price('azure', size);
  const scaleSet = vm.virtualMachineScaleSet?.id ?? vm.managedBy;
  const ephemeralOs = vm.storageProfile?.osDisk?.diffDiskSettings?.option === 'Local';
  return {
    provider: 'azure',
    account: subscription,
    region: vm.location ?? '',
    // Unique within the subscription and readable; deallocate needs both parts.
    instanceId: `${resourceGroup}/${name}`,
    name,
    instanceType: size,
    gpus,
    state: power.state,
    ...(power.since ? { launchedAt: power.since } : {}),
    tags: { ...(vm.tags ?? {}) },
    ...(scaleSet ? { managedBy: 'scale-set' } : vm.priority === 'Spot' ? { managedBy: 'spot' } : {}),
    // An ephemeral OS disk lives on the host: deallocating would lose it, like an instance store.
    rootVolume: ephemeralOs ? 'instance-store' : 'persistent',
    ...(hourlyCost !== undefined ? { hourlyCost } : {}),
    currency: 'USD',
  };
}
