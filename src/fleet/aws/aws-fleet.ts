import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Fleet } from '../../core/idle/ports.js';
import { type FleetInstance, instanceKey } from '../../core/idle/types.js';
import { type FleetOp, fleetCall, notConfigured } from '../fleet-call.js';
import type { PriceLookup } from '../prices.js';
import { readUtilization } from './cloudwatch.js';
import { describeAccelerators, describeOne, describeRunning, stopInstance, tagInstance } from './ec2.js';
import { mapEc2Instance } from './ec2-mappers.js';

/** One region of one account, with clients already holding that account's credentials. */
export interface AwsScope {
  region: string;
  ec2: EC2Client;
  cloudwatch: CloudWatchClient;
}

export interface AwsFleetOptions {
  scopes: readonly AwsScope[];
  /** Where the CloudWatch agent publishes nvidia_smi_utilization_gpu; default CWAgent. */
  gpuNamespace?: string;
  prices: PriceLookup;
  /** Set when scopes assume roles in other accounts. */
  assumesRoles?: boolean;
}

/** IAM actions the AWS adapter calls; serverless.yml must grant them. */
export const AWS_FLEET_PERMISSIONS = [
  'ec2:DescribeInstances',
  'ec2:DescribeInstanceTypes',
  'ec2:StopInstances',
  'ec2:CreateTags',
  'cloudwatch:GetMetricData',
] as const;

export function createAwsFleet(opts: AwsFleetOptions): Fleet {
  const namespace = opts.gpuNamespace ?? 'CWAgent';
  const scopeOf = new Map<string, AwsScope>();
  // A process that did not list (a Slack button press) finds the scope by region, if only one has it.
  const scopeFor = (i: FleetInstance) => {
    const listed = scopeOf.get(instanceKey(i));
    if (listed) return listed;
    const inRegion = opts.scopes.filter((s) => s.region === i.region);
    return inRegion.length === 1 ? inRegion[0] : undefined;
  };
  // Stop, read and tag differ only in what they ask of the instance's scope.
  const onInstance = <T>(op: FleetOp, i: FleetInstance, verb: string, run: (s: AwsScope) => Promise<T>) => {
    const scope = scopeFor(i);
    if (!scope) throw notConfigured('aws', op, `AWS: no configured scope holds ${i.instanceId}`);
    return fleetCall('aws', op, `AWS ${scope.region}: cannot ${verb} ${i.instanceId}`, () => run(scope));
  };
  return {
    provider: 'aws',
    permissions: opts.assumesRoles ? [...AWS_FLEET_PERMISSIONS, 'sts:AssumeRole'] : AWS_FLEET_PERMISSIONS,

    async listGpuInstances() {
      const out: FleetInstance[] = [];
      for (const scope of opts.scopes) {
        const found = await fleetCall(
          'aws',
          'list',
          `AWS ${scope.region}: cannot list instances`,
          async () => {
            const running = await describeRunning(scope.ec2);
            const accel = await describeAccelerators(
              scope.ec2,
              running.map((r) => r.instance.InstanceType ?? '').filter(Boolean),
            );
            return running.flatMap((r) => {
              const a = accel.get(r.instance.InstanceType ?? '') ?? { count: 0 };
              return a.count === 0
                ? []
                : [mapEc2Instance(r.instance, r.ownerId, scope.region, a, opts.prices)];
            });
          },
        );
        for (const i of found) scopeOf.set(instanceKey(i), scope);
        out.push(...found);
      }
      return out;
    },

    async utilization(instances, from, to) {
      const out = new Map();
      for (const scope of opts.scopes) {
        const mine = instances.filter((i) => scopeOf.get(instanceKey(i)) === scope);
        if (mine.length === 0) continue;
        const byId = await fleetCall(
          'aws',
          'metrics',
          `AWS ${scope.region}: cannot read CloudWatch metrics`,
          () =>
            readUtilization(
              scope.cloudwatch,
              mine.map((i) => i.instanceId),
              from,
              to,
              namespace,
            ),
        );
        for (const i of mine) {
          const m = byId.get(i.instanceId);
          if (m) out.set(instanceKey(i), m);
        }
      }
      return out;
    },

    async stop(instance) {
      await onInstance('stop', instance, 'stop', (s) => stopInstance(s.ec2, instance.instanceId));
    },

    async current(instance) {
      return onInstance('read', instance, 'read', async (s) => {
        const found = await describeOne(s.ec2, instance.instanceId);
        if (!found) return undefined;
        // The type (and so its accelerators) cannot change while the instance runs.
        const accel = {
          count: instance.gpus,
          ...(instance.accelerator ? { name: instance.accelerator } : {}),
        };
        return mapEc2Instance(found.instance, found.ownerId, s.region, accel, opts.prices);
      });
    },

    async setTags(instance, tags) {
      await onInstance('tag', instance, 'tag', (s) => tagInstance(s.ec2, instance.instanceId, tags));
    },
  };
}
