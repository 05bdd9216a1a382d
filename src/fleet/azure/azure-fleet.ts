import type { ComputeManagementClient } from '@azure/arm-compute';
import type { MonitorClient } from '@azure/arm-monitor';
import type { Fleet } from '../../core/idle/ports.js';
import { type FleetInstance, type InstanceMetrics, instanceKey } from '../../core/idle/types.js';
import { cloudMessage, FleetError } from '../errors.js';
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
  return {
    provider: 'azure',
    permissions: AZURE_FLEET_PERMISSIONS,

    async listGpuInstances() {
      const out: FleetInstance[] = [];
      for (const scope of opts.scopes) {
        try {
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
        } catch (e) {
          throw new FleetError(
            'FLEET_LIST_FAILED',
            `Azure ${scope.subscription}: cannot list VMs: ${cloudMessage(e)}`,
            {
              cause: e,
            },
          );
        }
      }
      return out;
    },

    async utilization(instances, from, to) {
      const out = new Map<string, InstanceMetrics>();
      for (const i of instances) {
        const where = scopeOf.get(instanceKey(i));
        if (!where) continue;
        try {
          const m = await readVmUtilization(where.scope.monitor, where.resourceId, from, to, opts.gpuMetric);
          if (m.gpu || m.cpu || m.networkIn) out.set(instanceKey(i), m);
        } catch (e) {
          throw new FleetError(
            'FLEET_METRICS_FAILED',
            `Azure ${i.account}: cannot read metrics of ${i.instanceId}: ${cloudMessage(e)}`,
            {
              cause: e,
            },
          );
        }
      }
      return out;
    },

    async stop(instance) {
      const where = locate(instance);
      if (!where)
        throw new FleetError(
          'FLEET_STOP_FAILED',
          `Azure: no configured subscription holds ${instance.instanceId}`,
        );
      const { resourceGroup, name } = parseVmId(where.resourceId);
      try {
        await deallocate(where.scope.compute, resourceGroup, name, opts.pollIntervalMs ?? 5_000);
      } catch (e) {
        throw new FleetError(
          'FLEET_STOP_FAILED',
          `Azure ${instance.account}: cannot deallocate ${instance.instanceId}: ${cloudMessage(e)}`,
          {
            cause: e,
          },
        );
      }
    },

    async current(instance) {
      const where = locate(instance);
      if (!where)
        throw new FleetError(
          'FLEET_READ_FAILED',
          `Azure: no configured subscription holds ${instance.instanceId}`,
        );
      const { resourceGroup, name } = parseVmId(where.resourceId);
      try {
        const vm = await getVm(where.scope.compute, resourceGroup, name);
        if (!vm) return undefined;
        const view = await instanceView(where.scope.compute, resourceGroup, name);
        // The size (and so its GPUs) cannot change while the VM runs.
        return mapAzureVm(vm, instance.gpus, view, opts.prices);
      } catch (e) {
        throw new FleetError(
          'FLEET_READ_FAILED',
          `Azure ${instance.account}: cannot read ${instance.instanceId}: ${cloudMessage(e)}`,
          { cause: e },
        );
      }
    },

    async setTags(instance, tags) {
      const where = locate(instance);
      if (!where)
        throw new FleetError(
          'FLEET_TAG_FAILED',
          `Azure: no configured subscription holds ${instance.instanceId}`,
        );
      const { resourceGroup, name } = parseVmId(where.resourceId);
      try {
        await mergeTags(where.scope.compute, resourceGroup, name, tags, opts.pollIntervalMs ?? 5_000);
      } catch (e) {
        throw new FleetError(
          'FLEET_TAG_FAILED',
          `Azure ${instance.account}: cannot tag ${instance.instanceId}: ${cloudMessage(e)}`,
          {
            cause: e,
          },
        );
      }
    },
  };
}
