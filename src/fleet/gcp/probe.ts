import { type DoctorCheck, passed } from '../../core/doctor.js';
import { explainRefusal } from '../../core/doctor-refusals.js';
import type { CallOptions } from './gax-options.js';
import { type GcpConfig, gcpClientsOf } from './gcp-from-config.js';

// One attempt within doctor's timeout: a refusal is the answer, not something to retry.
const once = (timeoutMs: number) =>
  ({ timeout: timeoutMs, maxRetries: 0, autoPaginate: false }) as CallOptions;

/** doctor's Compute Engine check: the first page of instances.aggregatedList in every project. */
export function gceCheck(cfg: GcpConfig): DoctorCheck {
  const endpoint = cfg.endpoints?.compute ?? 'https://compute.googleapis.com';
  return {
    name: 'gcp.compute',
    group: 'gcp',
    endpoint,
    async run({ timeoutMs }) {
      const { instances } = gcpClientsOf(cfg);
      try {
        for (const project of cfg.projects) {
          try {
            // The first zone of the first page is enough: the permission is checked per request.
            const pages = instances.aggregatedListAsync(
              { project, maxResults: 1, returnPartialSuccess: true },
              once(timeoutMs),
            );
            for await (const _ of pages) break;
          } catch (e) {
            return explainRefusal(e, {
              cloud: 'gcp',
              permission: 'compute.instances.list',
              role: 'roles/compute.viewer',
              endpoint,
              scope: `project ${project}`,
            });
          }
        }
        return passed(`instances.aggregatedList allowed in ${cfg.projects.join(', ')}`);
      } finally {
        await instances.close();
      }
    },
  };
}

/** doctor's Cloud Monitoring check: one timeSeries.list of CPU over five minutes in every project. */
export function monitoringCheck(cfg: GcpConfig): DoctorCheck {
  const endpoint = cfg.endpoints?.monitoring ?? 'https://monitoring.googleapis.com';
  return {
    name: 'gcp.monitoring',
    group: 'gcp',
    endpoint,
    async run({ timeoutMs }) {
      const { metrics } = gcpClientsOf(cfg);
      const end = Math.floor(Date.now() / 1000);
      try {
        for (const project of cfg.projects) {
          try {
            await metrics.listTimeSeries(
              {
                name: `projects/${project}`,
                filter: 'metric.type = "compute.googleapis.com/instance/cpu/utilization"',
                interval: { startTime: { seconds: end - 300 }, endTime: { seconds: end } },
                view: 'HEADERS',
                pageSize: 1,
              },
              once(timeoutMs),
            );
          } catch (e) {
            return explainRefusal(e, {
              cloud: 'gcp',
              permission: 'monitoring.timeSeries.list',
              role: 'roles/monitoring.viewer',
              endpoint,
              scope: `project ${project}`,
            });
          }
        }
        return passed(`timeSeries.list allowed in ${cfg.projects.join(', ')}`);
      } finally {
        await metrics.close();
      }
    },
  };
}
