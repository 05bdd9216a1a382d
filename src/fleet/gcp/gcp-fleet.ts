import type { InstancesClient, MachineTypesClient, ZoneOperationsClient } from '@google-cloud/compute';
import type { MetricServiceClient } from '@google-cloud/monitoring';
import type { Fleet } from '../../core/idle/ports.js';
import { type FleetInstance, type InstanceMetrics, instanceKey } from '../../core/idle/types.js';
import { type FleetOp, fleetCall } from '../fleet-call.js';
import type { Accelerator, PriceLookup } from '../prices.js';
import { builtInAccelerators, getInstance, listRunning, mergeLabels, stopAndWait } from './compute.js';
import { lastSegment, mapGceInstance } from './compute-mappers.js';
import { readUtilization } from './monitoring.js';

export interface GcpClients {
  instances: InstancesClient;
  machineTypes: MachineTypesClient;
  zoneOperations: ZoneOperationsClient;
  metrics: MetricServiceClient;
}

export interface GcpFleetOptions {
  projects: readonly string[];
  clients: GcpClients;
  prices: PriceLookup;
}

/** IAM permissions the Google Cloud adapter uses; a custom role for costguard needs these. */
export const GCP_FLEET_PERMISSIONS = [
  'compute.instances.list',
  'compute.machineTypes.get',
  'compute.instances.stop',
  'compute.instances.get',
  'compute.instances.setLabels',
  'compute.zoneOperations.get',
  'monitoring.timeSeries.list',
] as const;

export function createGcpFleet(opts: GcpFleetOptions): Fleet {
  const c = opts.clients;
  // Monitoring knows instances by numeric id, stop by name: remember both from the listing.
  const numericIdOf = new Map<string, string>();
  const onInstance = <T>(op: FleetOp, i: FleetInstance, verb: string, run: () => Promise<T>) =>
    fleetCall('gcp', op, `Google Cloud ${i.account}/${i.region}: cannot ${verb} ${i.instanceId}`, run);
  return {
    provider: 'gcp',
    permissions: GCP_FLEET_PERMISSIONS,

    async listGpuInstances() {
      const out: FleetInstance[] = [];
      for (const project of opts.projects) {
        await fleetCall('gcp', 'list', `Google Cloud ${project}: cannot list instances`, async () => {
          const running = await listRunning(c.instances, project);
          const builtIn = new Map<string, Accelerator[]>();
          for (const i of running) {
            const zone = lastSegment(i.zone);
            const type = lastSegment(i.machineType);
            const key = `${zone}/${type}`;
            if (!builtIn.has(key))
              builtIn.set(key, await builtInAccelerators(c.machineTypes, project, zone, type));
            const mapped = mapGceInstance(i, project, builtIn.get(key) ?? [], opts.prices);
            if (mapped.gpus === 0) continue;
            numericIdOf.set(instanceKey(mapped), String(i.id ?? ''));
            out.push(mapped);
          }
        });
      }
      return out;
    },

    async utilization(instances, from, to) {
      const out = new Map<string, InstanceMetrics>();
      for (const project of opts.projects) {
        const mine = instances.filter((i) => i.account === project && numericIdOf.has(instanceKey(i)));
        if (mine.length === 0) continue;
        const ids = mine.map((i) => numericIdOf.get(instanceKey(i)) ?? '');
        const byId = await fleetCall(
          'gcp',
          'metrics',
          `Google Cloud ${project}: cannot read Cloud Monitoring`,
          () => readUtilization(c.metrics, project, ids, from, to),
        );
        for (const i of mine) {
          const m = byId.get(numericIdOf.get(instanceKey(i)) ?? '');
          if (m) out.set(instanceKey(i), m);
        }
      }
      return out;
    },

    async stop(i) {
      await onInstance('stop', i, 'stop', () =>
        stopAndWait(c.instances, c.zoneOperations, i.account, i.region, i.instanceId),
      );
    },

    async current(i) {
      return onInstance('read', i, 'read', async () => {
        const found = await getInstance(c.instances, i.account, i.region, i.instanceId);
        if (!found) return undefined;
        const mapped = mapGceInstance(found, i.account, [], opts.prices);
        // Built-in accelerators belong to the machine type, which cannot change while the VM runs.
        return { ...mapped, gpus: i.gpus, ...(i.accelerator ? { accelerator: i.accelerator } : {}) };
      });
    },

    async setTags(i, tags) {
      await onInstance('tag', i, 'label', () =>
        mergeLabels(c.instances, c.zoneOperations, i.account, i.region, i.instanceId, tags),
      );
    },
  };
}
