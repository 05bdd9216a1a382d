import type { ComputeManagementClient } from '@azure/arm-compute';
import type { MonitorClient } from '@azure/arm-monitor';
import type { Fleet } from '../../core/idle/ports.js';
import { type FleetInstance, type InstanceMetrics, instanceKey } from '../../core/idle/types.js';
import { type FleetOp, fleetCall, notConfigured } from '../fleet-call.js';
import type { PriceLookup } from '../prices.js';
import { deallocate, getVm, instanceView, listSkus, listVms, mergeTags } from './compute.js';
import { gpusBySize, mapAzureVm, parseVmId } from './compute-mappers.js';
import { type GpuMetricSpec, readVmUtilization } from './monitor.js';

/** One subscription with its clients (both are bound to a subscription id). */
export interface AzureScope {
  subscription: string;
  compute: ComputeManagementClient;
  monitor: MonitorClient;
}

export interface AzureFleetOptions {
  scopes: readonly AzureScope[];
  gpuMetric: GpuMetricSpec;
  prices: PriceLookup;
  /** Poll interval of the deallocate operation; ARM suggests its own with Retry-After. */
  pollIntervalMs?: number;
}

/** Azure RBAC actions the adapter uses; a custom role for costguard needs these. */
export const AZURE_FLEET_PERMISSIONS = [
  'Microsoft.Compute/virtualMachines/read',
  'Microsoft.Compute/virtualMachines/instanceView/read',
  'Microsoft.Compute/skus/read',
  'Microsoft.Compute/virtualMachines/deallocate/action',
  'Microsoft.Compute/virtualMachines/write',
  'Microsoft.Compute/locations/operations/read',
  'Microsoft.Insights/metrics/read',
] as const;

export function createAzureFleet(opts: AzureFleetOptions): Fleet {
  const scopeOf = new Map<string, { scope: AzureScope; resourceId: string }>();
  // Without a listing in this process (a Slack button press), the id rebuilds from subscription and
  // "resourceGroup/name".
  const locate = (i: FleetInstance) => {
    const listed = scopeOf.get(instanceKey(i));
    if (listed) return listed;
    const scope = opts.scopes.find((s) => s.subscription === i.account);
    const [rg, name] = i.instanceId.split('/');
    if (!scope || !rg || !name) return undefined;
    return {
      scope,
      resourceId: `/subscriptions/${i.account}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`,
    };
  };
  // Deallocate, read and tag differ only in what they ask of the VM.
  const onVm = <T>(
    op: FleetOp,
    i: FleetInstance,
    verb: string,
    run: (compute: AzureScope['compute'], resourceGroup: string, name: string) => Promise<T>,
  ) => {
    const where = locate(i);
    if (!where) throw notConfigured('azure', op, `Azure: no configured subscription holds ${i.instanceId}`);
    const { resourceGroup, name } = parseVmId(where.resourceId);
    return fleetCall('azure', op, `Azure ${i.account}: cannot ${verb} ${i.instanceId}`, () =>
      run(where.scope.compute, resourceGroup, name),
    );
  };
  const pollMs = opts.pollIntervalMs ?? 5_000;
  return {
    provider: 'azure',
    permissions: AZURE_FLEET_PERMISSIONS,

    async listGpuInstances() {
      const out: FleetInstance[] = [];
      for (const scope of opts.scopes) {
        await fleetCall('azure', 'list', `Azure ${scope.subscription}: cannot list VMs`, async () => {
          const vms = await listVms(scope.compute);
          const gpusIn = new Map<string, Map<string, number>>();
          for (const vm of vms) {
            const location = vm.location ?? '';
            if (!gpusIn.has(location))
              gpusIn.set(location, gpusBySize(await listSkus(scope.compute, location)));
            const gpus = gpusIn.get(location)?.get((vm.hardwareProfile?.vmSize ?? '').toLowerCase()) ?? 0;
            if (gpus === 0 || !vm.id) continue;
            const { resourceGroup, name } = parseVmId(vm.id);
            const mapped = mapAzureVm(
              vm,
              gpus,
              await instanceView(scope.compute, resourceGroup, name),
              opts.prices,
            );
            if (mapped.state !== 'running') continue;
            scopeOf.set(instanceKey(mapped), { scope, resourceId: vm.id });
            out.push(mapped);
          }
        });
      }
      return out;
    },

    async utilization(instances, from, to) {
      const out = new Map<string, InstanceMetrics>();
      for (const i of instances) {
        const where = scopeOf.get(instanceKey(i));
        if (!where) continue;
        const m = await fleetCall(
          'azure',
          'metrics',
          `Azure ${i.account}: cannot read metrics of ${i.instanceId}`,
          () => readVmUtilization(where.scope.monitor, where.resourceId, from, to, opts.gpuMetric),
        );
        if (m.gpu || m.cpu || m.networkIn) out.set(instanceKey(i), m);
      }
      return out;
    },

    async stop(i) {
      await onVm('stop', i, 'deallocate', (compute, rg, name) => deallocate(compute, rg, name, pollMs));
    },

    async current(i) {
      return onVm('read', i, 'read', async (compute, rg, name) => {
        const vm = await getVm(compute, rg, name);
        if (!vm) return undefined;
        // The size (and so its GPUs) cannot change while the VM runs.
        return mapAzureVm(vm, i.gpus, await instanceView(compute, rg, name), opts.prices);
      });
    },

    async setTags(i, tags) {
      await onVm('tag', i, 'tag', (compute, rg, name) => mergeTags(compute, rg, name, tags, pollMs));
    },
  };
}
