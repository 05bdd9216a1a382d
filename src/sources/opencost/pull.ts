import type { SourcesConfig } from '../../config/sources-schema.js';
import type { ClusterPull } from '../../core/clusters/pull.js';
import { CostguardError } from '../../core/errors.js';
import { retryPolicyOf } from '../retry.js';
import { pullAllocations } from './allocation-api.js';

/** The OpenCost pull for clusters with an `opencost.url`, with the request settings of `sources`. */
export function openCostPull(s: SourcesConfig, fetchImpl?: typeof fetch): ClusterPull {
  return (spec, range, stats) => {
    if (!spec.opencost)
      throw new CostguardError('OPENCOST_NO_URL', `cluster ${spec.name} has no opencost.url to pull from.`);
    return pullAllocations(
      {
        cluster: spec.name,
        cloud: spec.cloud,
        url: spec.opencost.url,
        retry: retryPolicyOf(s),
        ...(s.requestTimeoutMs ? { requestTimeoutMs: s.requestTimeoutMs } : {}),
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      },
      range,
      stats,
    );
  };
}
