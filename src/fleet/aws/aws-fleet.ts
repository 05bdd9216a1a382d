import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Fleet } from '../../core/idle/ports.js';
import { type FleetInstance, instanceKey } from '../../core/idle/types.js';
import { cloudMessage, FleetError } from '../errors.js';
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
  return {
    provider: 'aws',
    permissions: opts.assumesRoles ? [...AWS_FLEET_PERMISSIONS, 'sts:AssumeRole'] : AWS_FLEET_PERMISSIONS,

    async listGpuInstances() {
      const out: FleetInstance[] = [];
      for (const scope of opts.scopes) {
        try {
          const running = await describeRunning(scope.ec2);
          const accel = await describeAccelerators(
            scope.ec2,
            running.map((r) => r.instance.InstanceType ?? '').filter(Boolean),
          );
          for (const r of running) {
            const a = accel.get(r.instance.InstanceType ?? '') ?? { count: 0 };
            if (a.count === 0) continue;
            const i = mapEc2Instance(r.instance, r.ownerId, scope.region, a, opts.prices);
            scopeOf.set(instanceKey(i), scope);
            out.push(i);
          }
        } catch (e) {
          throw new FleetError(
            'FLEET_LIST_FAILED',
            `AWS ${scope.region}: cannot list instances: ${cloudMessage(e)}`,
            {
              cause: e,
            },
          );
        }
      }
      return out;
    },

    async utilization(instances, from, to) {
      const out = new Map();
      for (const scope of opts.scopes) {
        const mine = instances.filter((i) => scopeOf.get(instanceKey(i)) === scope);
        if (mine.length === 0) continue;
        try {
          const byId = await readUtilization(
            scope.cloudwatch,
            mine.map((i) => i.instanceId),
            from,
            to,
            namespace,
          );
          for (const i of mine) {
            const m = byId.get(i.instanceId);
            if (m) out.set(instanceKey(i), m);
          }
        } catch (e) {
          throw new FleetError(
            'FLEET_METRICS_FAILED',
            `AWS ${scope.region}: cannot read CloudWatch metrics: ${cloudMessage(e)}`,
            {
              cause: e,
            },
          );
        }
      }
      return out;
    },

    async stop(instance) {
      const scope = scopeFor(instance);
      if (!scope)
        throw new FleetError('FLEET_STOP_FAILED', `AWS: no configured scope holds ${instance.instanceId}`);
      try {
        await stopInstance(scope.ec2, instance.instanceId);
      } catch (e) {
        throw new FleetError(
          'FLEET_STOP_FAILED',
          `AWS ${scope.region}: cannot stop ${instance.instanceId}: ${cloudMessage(e)}`,
          {
            cause: e,
          },
        );
      }
    },

    async current(instance) {
      const scope = scopeFor(instance);
      if (!scope)
        throw new FleetError('FLEET_READ_FAILED', `AWS: no configured scope holds ${instance.instanceId}`);
      try {
        const found = await describeOne(scope.ec2, instance.instanceId);
        if (!found) return undefined;
        // The type (and so its accelerators) cannot change while the instance runs.
        const accel = {
          count: instance.gpus,
          ...(instance.accelerator ? { name: instance.accelerator } : {}),
        };
        return mapEc2Instance(found.instance, found.ownerId, scope.region, accel, opts.prices);
      } catch (e) {
        throw new FleetError(
          'FLEET_READ_FAILED',
          `AWS ${scope.region}: cannot read ${instance.instanceId}: ${cloudMessage(e)}`,
          { cause: e },
        );
      }
    },

    async setTags(instance, tags) {
      const scope = scopeFor(instance);
      if (!scope)
        throw new FleetError('FLEET_TAG_FAILED', `AWS: no configured scope holds ${instance.instanceId}`);
      try {
        await tagInstance(scope.ec2, instance.instanceId, tags);
      } catch (e) {
        throw new FleetError(
          'FLEET_TAG_FAILED',
          `AWS ${scope.region}: cannot tag ${instance.instanceId}: ${cloudMessage(e)}`,
          {
            cause: e,
          },
        );
      }
    },
  };
}
