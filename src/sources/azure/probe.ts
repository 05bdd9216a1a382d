import type { AzureSourceConfig } from '../../config/sources-schema.js';
import { type DoctorCheck, passed } from '../../core/doctor.js';
import { explainRefusal } from '../../core/doctor-refusals.js';
import { installTimeoutPolicy } from './cost-management.js';
import { usageQuery } from './cost-management-mapper.js';
import { scopePath, scopesOf } from './scopes.js';
import { costManagementClientOf } from './source.js';

/**
 * doctor's Cost Management check: query.usage of one day at every configured scope, the call the
 * ingest makes, with the client it uses. A refusal names the scope and the role that would allow it.
 */
export function costManagementCheck(c: AzureSourceConfig, day: string): DoctorCheck {
  const endpoint = c.endpoint ?? 'https://management.azure.com';
  return {
    name: 'azure.costManagement',
    group: 'azure',
    endpoint,
    async run({ signal, timeoutMs }) {
      const client = costManagementClientOf(c);
      installTimeoutPolicy(client, timeoutMs);
      const scopes = scopesOf(c).map(scopePath);
      let rows = 0;
      for (const scope of scopes) {
        try {
          const q = usageQuery('ActualCost', { from: day, to: day }, { tagKey: c.tagKeys.model });
          const out = await client.query.usage(scope, q, { abortSignal: signal });
          rows += out.rows?.length ?? 0;
        } catch (e) {
          return explainRefusal(e, {
            cloud: 'azure',
            permission: 'Microsoft.CostManagement/query/action',
            role: 'Cost Management Reader',
            endpoint,
            scope: `/${scope}`,
          });
        }
      }
      return passed(`query.usage of ${day} at ${scopes.length} scope(s): ${rows} row(s)`);
    },
  };
}
