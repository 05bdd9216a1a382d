import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import type { InstanceMetrics } from '../../core/idle/types.js';
import { mapMetricResults, metricQueries } from './cloudwatch-mappers.js';

// GetMetricData takes at most 500 queries per call.
const QUERIES_PER_CALL = 500;
/** Five minutes: EC2 basic monitoring's resolution, fine enough for a 2-hour window. */
export const PERIOD_SECONDS = 300;

/** Utilization series per instance id over [from, to], following NextToken. */
export async function readUtilization(
  cw: CloudWatchClient,
  instanceIds: readonly string[],
  from: Date,
  to: Date,
  namespace: string,
): Promise<Map<string, InstanceMetrics>> {
  const { queries, owners } = metricQueries(instanceIds, namespace, PERIOD_SECONDS);
  const results: MetricDataResult[] = [];
  for (let i = 0; i < queries.length; i += QUERIES_PER_CALL) {
    let token: string | undefined;
    do {
      const page = await cw.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries.slice(i, i + QUERIES_PER_CALL),
          StartTime: from,
          EndTime: to,
          NextToken: token,
        }),
      );
      results.push(...(page.MetricDataResults ?? []));
      token = page.NextToken;
    } while (token);
  }
  return mapMetricResults(results, owners, PERIOD_SECONDS);
}
