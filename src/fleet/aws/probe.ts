import { GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { type DoctorCheck, passed } from '../../core/doctor.js';
import { explainRefusal } from '../../core/doctor-refusals.js';
import { type AwsConfig, awsScopesOf } from './aws-from-config.js';

// CloudWatch's query-compatible errors carry the old code (AccessDenied) as the name.
const DENIED = new Set(['AccessDenied', 'AccessDeniedException']);

type Scopes = ReturnType<typeof awsScopesOf>;

function destroyAll(scopes: Scopes): void {
  for (const s of scopes) {
    s.ec2.destroy();
    s.cloudwatch.destroy();
  }
}

const where = (s: { region: string; profile?: string }) =>
  s.profile ? `${s.profile}/${s.region}` : s.region;

/**
 * doctor's EC2 check: DescribeInstances with DryRun in every (profile, region) the sweep covers. EC2
 * answers a dry run with DryRunOperation when the caller may make the call and UnauthorizedOperation
 * when not, and reads nothing.
 */
export function ec2Check(cfg: AwsConfig): DoctorCheck {
  const endpointOf = (region: string) => cfg.endpoints?.ec2 ?? `https://ec2.${region}.amazonaws.com`;
  return {
    name: 'aws.ec2',
    group: 'aws',
    endpoint: endpointOf(cfg.regions[0] ?? 'us-east-1'),
    async run({ signal }) {
      const scopes = awsScopesOf(cfg);
      try {
        for (const s of scopes) {
          try {
            await s.ec2.send(new DescribeInstancesCommand({ DryRun: true, MaxResults: 5 }), {
              abortSignal: signal,
            });
          } catch (e) {
            if ((e as { name?: string }).name === 'DryRunOperation') continue;
            return explainRefusal(e, {
              cloud: 'aws',
              permission: 'ec2:DescribeInstances',
              endpoint: endpointOf(s.region),
              scope: where(s),
            });
          }
        }
        return passed(`DescribeInstances (DryRun) allowed in ${scopes.map(where).join(', ')}`);
      } finally {
        destroyAll(scopes);
      }
    },
  };
}

/**
 * doctor's CloudWatch check: ListMetrics of the agent's GPU metric (free), which also tells whether
 * any instance publishes it. ListMetrics is doctor's own call: when it is refused, a one-query
 * GetMetricData (the sweep's call) decides, so a policy granting only what the sweep needs passes.
 */
export function cloudWatchCheck(cfg: AwsConfig): DoctorCheck {
  const endpointOf = (region: string) =>
    cfg.endpoints?.cloudwatch ?? `https://monitoring.${region}.amazonaws.com`;
  return {
    name: 'aws.cloudwatch',
    group: 'aws',
    endpoint: endpointOf(cfg.regions[0] ?? 'us-east-1'),
    async run({ signal }) {
      const scopes = awsScopesOf(cfg);
      const found: string[] = [];
      try {
        for (const s of scopes) {
          const call = { cloud: 'aws' as const, endpoint: endpointOf(s.region), scope: where(s) };
          try {
            const out = await s.cloudwatch.send(
              new ListMetricsCommand({
                Namespace: cfg.metricsNamespace,
                MetricName: 'nvidia_smi_utilization_gpu',
              }),
              { abortSignal: signal },
            );
            found.push(`${where(s)}: ${out.Metrics?.length ?? 0} GPU metric series`);
          } catch (e) {
            if (!DENIED.has((e as { name?: string }).name ?? ''))
              return explainRefusal(e, { ...call, permission: 'cloudwatch:ListMetrics' });
            const fallback = await metricDataAllowed(s.cloudwatch, signal).catch((x: unknown) =>
              explainRefusal(x, { ...call, permission: 'cloudwatch:GetMetricData' }),
            );
            if (fallback !== true) return fallback;
            found.push(
              `${where(s)}: GetMetricData allowed (ListMetrics is not, so GPU metric presence is unknown)`,
            );
          }
        }
        return passed(`${cfg.metricsNamespace}/nvidia_smi_utilization_gpu: ${found.join('; ')}`);
      } finally {
        destroyAll(scopes);
      }
    },
  };
}

/** One GetMetricData query of ten minutes for no instance: allowed or not, it reads no data. */
async function metricDataAllowed(cw: Scopes[number]['cloudwatch'], signal: AbortSignal): Promise<true> {
  const end = new Date();
  await cw.send(
    new GetMetricDataCommand({
      StartTime: new Date(end.getTime() - 600_000),
      EndTime: end,
      MetricDataQueries: [
        {
          Id: 'doctor',
          MetricStat: {
            Metric: { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [] },
            Period: 300,
            Stat: 'Maximum',
          },
        },
      ],
    }),
    { abortSignal: signal },
  );
  return true;
}
