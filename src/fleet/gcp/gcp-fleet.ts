import type { InstancesClient, MachineTypesClient, ZoneOperationsClient } from '@google-cloud/compute';
import type { MetricServiceClient } from '@google-cloud/monitoring';
import type { Fleet } from '../../core/idle/ports.js';
import { type FleetInstance, type InstanceMetrics, instanceKey } from '../../core/idle/types.js';
import { cloudMessage, FleetError } from '../errors.js';
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
  return {
    provider: 'gcp',
    permissions: GCP_FLEET_PERMISSIONS,

    async listGpuInstances() {
      const out: FleetInstance[] = [];
      for (const project of opts.projects) {
        try {
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
        } catch (e) {
          throw new FleetError(
            'FLEET_LIST_FAILED',
            `Google Cloud ${project}: cannot list instances: ${cloudMessage(e)}`,
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
      for (const project of opts.projects) {
        const mine = instances.filter((i) => i.account === project && numericIdOf.has(instanceKey(i)));
        if (mine.length === 0) continue;
        try {
          const ids = mine.map((i) => numericIdOf.get(instanceKey(i)) ?? '');
          const byId = await readUtilization(c.metrics, project, ids, from, to);
          for (const i of mine) {
            const m = byId.get(numericIdOf.get(instanceKey(i)) ?? '');
            if (m) out.set(instanceKey(i), m);
          }
        } catch (e) {
          throw new FleetError(
            'FLEET_METRICS_FAILED',
            `Google Cloud ${project}: cannot read Cloud Monitoring: ${cloudMessage(e)}`,
            {
              cause: e,
            },
          );
        }
      }
      return out;
    },

    async stop(instance) {
      try {
        await stopAndWait(
          c.instances,
          c.zoneOperations,
          instance.account,
          instance.region,
          instance.instanceId,
        );
      } catch (e) {
        throw new FleetError(
          'FLEET_STOP_FAILED',
          `Google Cloud ${instance.account}/${instance.region}: cannot stop ${instance.instanceId}: ${cloudMessage(e)}`,
          { cause: e },
        );
      }
    },

    async current(instance) {
      try {
        const found = await getInstance(c.instances, instance.account, instance.region, instance.instanceId);
        if (!found) return undefined;
        const mapped = mapGceInstance(found, instance.account, [], opts.prices);
        // Built-in accelerators belong to the machine type, which cannot change while the VM runs.
        return {
          ...mapped,
          gpus: instance.gpus,
          ...(instance.accelerator ? { accelerator: instance.accelerator } : {}),
        };
      } catch (e) {
        throw new FleetError(
          'FLEET_READ_FAILED',
          `Google Cloud ${instance.account}/${instance.region}: cannot read ${instance.instanceId}: ${cloudMessage(e)}`,
          { cause: e },
        );
      }
    },

    async setTags(instance, tags) {
      try {
        await mergeLabels(
          c.instances,
          c.zoneOperations,
          instance.account,
          instance.region,
          instance.instanceId,
          tags,
        );
      } catch (e) {
        throw new FleetError(
          'FLEET_TAG_FAILED',
          `Google Cloud ${instance.account}/${instance.region}: cannot label ${instance.instanceId}: ${cloudMessage(e)}`,
          { cause: e },
        );
      }
    },
  };
}
