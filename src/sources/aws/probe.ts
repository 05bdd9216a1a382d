import { GetDimensionValuesCommand } from '@aws-sdk/client-cost-explorer';
import type { AwsSourceConfig } from '../../config/sources-schema.js';
import { addDays } from '../../core/day.js';
import { type DoctorCheck, passed } from '../../core/doctor.js';
import { explainRefusal } from '../../core/doctor-refusals.js';
import { makeCostExplorerClient } from './clients.js';

/** Where the Cost Explorer client sends: the SDK's own endpoint variables, else the one public endpoint. */
export const costExplorerEndpoint = (env: Readonly<Record<string, string | undefined>> = process.env) =>
  env.AWS_ENDPOINT_URL_COST_EXPLORER ?? env.AWS_ENDPOINT_URL ?? 'https://ce.us-east-1.amazonaws.com';

/**
 * doctor's Cost Explorer check: GetDimensionValues of the linked accounts over one day (the call the
 * ingest makes first when `accounts` is empty), with the client the source uses. Cost Explorer bills
 * $0.01 per request: this is one.
 */
export function costExplorerCheck(c: AwsSourceConfig, day: string): DoctorCheck {
  const endpoint = costExplorerEndpoint();
  return {
    name: 'aws.costExplorer',
    group: 'aws',
    endpoint,
    async run({ signal, timeoutMs }) {
      const client = makeCostExplorerClient({
        ...(c.profile ? { profile: c.profile } : {}),
        requestTimeoutMs: timeoutMs,
      });
      try {
        const out = await client.send(
          new GetDimensionValuesCommand({
            TimePeriod: { Start: day, End: addDays(day, 1) },
            Dimension: 'LINKED_ACCOUNT',
            Context: 'COST_AND_USAGE',
          }),
          { abortSignal: signal },
        );
        const seen = new Set((out.DimensionValues ?? []).map((v) => v.Value ?? ''));
        const quiet = c.accounts.filter((a) => !seen.has(a));
        return passed(
          `GetDimensionValues ${day}: ${seen.size} linked account(s) with cost` +
            (quiet.length ? `; configured without cost that day: ${quiet.join(', ')}` : ''),
        );
      } catch (e) {
        return explainRefusal(e, { cloud: 'aws', permission: 'ce:GetDimensionValues', endpoint });
      } finally {
        client.destroy();
      }
    },
  };
}
