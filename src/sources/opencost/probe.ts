import { emptyStats } from '../../core/billing-source.js';
import type { ClusterSpec } from '../../core/clusters/types.js';
import { type DoctorCheck, errorText, failed, passed } from '../../core/doctor.js';
import { probeOpenCost } from './allocation-api.js';

/** doctor's check of each cluster's OpenCost: one request for the last hour, per cluster. */
export function openCostChecks(clusters: readonly ClusterSpec[]): DoctorCheck[] {
  return clusters.flatMap((c) => {
    const url = c.opencost?.url;
    if (!url) return [];
    return [
      {
        name: `opencost.${c.name}`,
        group: 'opencost' as const,
        endpoint: url,
        async run({ timeoutMs }) {
          try {
            await probeOpenCost(
              { cluster: c.name, url, cloud: c.cloud, requestTimeoutMs: timeoutMs },
              emptyStats(),
            );
            return passed(`OpenCost answers the allocation API for cluster ${c.name}`);
          } catch (e) {
            return failed(
              errorText(e),
              `make ${url} reach the cluster's OpenCost API (port 9003: the in-cluster service, or kubectl -n opencost port-forward svc/opencost 9003), or import its CSV export with costguard clusters import`,
            );
          }
        },
      },
    ];
  });
}
