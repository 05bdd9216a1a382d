import { type DoctorCheck, passed } from '../../core/doctor.js';
import { explainRefusal } from '../../core/doctor-refusals.js';
import type { CallOptions } from './gax-options.js';
import type { GcpClients } from './gcp-fleet.js';
import { type GcpConfig, gcpClientsOf } from './gcp-from-config.js';

// One attempt within doctor's timeout: a refusal is the answer, not something to retry.
const once = (timeoutMs: number) =>
  ({ timeout: timeoutMs, maxRetries: 0, autoPaginate: false }) as CallOptions;

/** A check that makes one read per project with one of the fleet's clients, and closes it. */
function perProject<K extends 'instances' | 'metrics'>(
  cfg: GcpConfig,
  o: {
    name: string;
    endpoint: string;
    client: K;
    what: string;
    permission: string;
    role: string;
    read: (client: GcpClients[K], project: string, options: CallOptions) => Promise<unknown>;
  },
): DoctorCheck {
  return {
    name: o.name,
    group: 'gcp',
    endpoint: o.endpoint,
    async run({ timeoutMs }) {
      const client = gcpClientsOf(cfg)[o.client];
      try {
        for (const project of cfg.projects) {
          try {
            await o.read(client, project, once(timeoutMs));
          } catch (e) {
            const { permission, role, endpoint } = o;
            return explainRefusal(e, {
              cloud: 'gcp',
              permission,
              role,
              endpoint,
              scope: `project ${project}`,
            });
          }
        }
        return passed(`${o.what} allowed in ${cfg.projects.join(', ')}`);
      } finally {
        await client.close();
      }
    },
  };
}

/** doctor's Compute Engine check: the first page of instances.aggregatedList in every project. */
export const gceCheck = (cfg: GcpConfig): DoctorCheck =>
  perProject(cfg, {
    name: 'gcp.compute',
    endpoint: cfg.endpoints?.compute ?? 'https://compute.googleapis.com',
    client: 'instances',
    what: 'instances.aggregatedList',
    permission: 'compute.instances.list',
    role: 'roles/compute.viewer',
    read: async (instances, project, options) => {
      // The first zone of the first page is enough: the permission is checked per request.
      const pages = instances.aggregatedListAsync(
        { project, maxResults: 1, returnPartialSuccess: true },
        options,
      );
      for await (const _ of pages) break;
    },
  });

/** doctor's Cloud Monitoring check: one timeSeries.list of CPU over five minutes in every project. */
export const monitoringCheck = (cfg: GcpConfig): DoctorCheck =>
  perProject(cfg, {
    name: 'gcp.monitoring',
    endpoint: cfg.endpoints?.monitoring ?? 'https://monitoring.googleapis.com',
    client: 'metrics',
    what: 'timeSeries.list',
    permission: 'monitoring.timeSeries.list',
    role: 'roles/monitoring.viewer',
    read: (metrics, project, options) => {
      const end = Math.floor(Date.now() / 1000);
      return metrics.listTimeSeries(
        {
          name: `projects/${project}`,
          filter: 'metric.type = "compute.googleapis.com/instance/cpu/utilization"',
          interval: { startTime: { seconds: end - 300 }, endTime: { seconds: end } },
          view: 'HEADERS',
          pageSize: 1,
        },
        options,
      );
    },
  });
