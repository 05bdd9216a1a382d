import {
  type _InstanceType,
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  type EC2Client,
  type Instance,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { type Accelerators, acceleratorsOf } from './ec2-mappers.js';

export interface Ec2Running {
  instance: Instance;
  ownerId: string;
}

/** Every running instance in the client's region, following NextToken. */
export async function describeRunning(ec2: EC2Client): Promise<Ec2Running[]> {
  const out: Ec2Running[] = [];
  let token: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [{ Name: 'instance-state-name', Values: ['running'] }],
        MaxResults: 1000,
        NextToken: token,
      }),
    );
    for (const r of page.Reservations ?? []) {
      for (const instance of r.Instances ?? []) out.push({ instance, ownerId: r.OwnerId ?? '' });
    }
    token = page.NextToken;
  } while (token);
  return out;
}

// DescribeInstanceTypes takes at most 100 types per call.
const TYPES_PER_CALL = 100;

/** Accelerators per instance type, from DescribeInstanceTypes (no hard-coded family list). */
export async function describeAccelerators(
  ec2: EC2Client,
  types: readonly string[],
): Promise<Map<string, Accelerators>> {
  const out = new Map<string, Accelerators>();
  const unique = [...new Set(types)];
  for (let i = 0; i < unique.length; i += TYPES_PER_CALL) {
    let token: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeInstanceTypesCommand({
          InstanceTypes: unique.slice(i, i + TYPES_PER_CALL) as _InstanceType[],
          NextToken: token,
        }),
      );
      for (const info of page.InstanceTypes ?? []) {
        if (info.InstanceType) out.set(info.InstanceType, acceleratorsOf(info));
      }
      token = page.NextToken;
    } while (token);
  }
  return out;
}

/** One instance's tags as they are now. */
export async function readTags(ec2: EC2Client, instanceId: string): Promise<Record<string, string>> {
  const page = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = page.Reservations?.[0]?.Instances?.[0];
  if (!instance) throw new Error(`instance ${instanceId} not found`);
  return Object.fromEntries((instance.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

export async function stopInstance(ec2: EC2Client, instanceId: string): Promise<void> {
  await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
}

export async function tagInstance(
  ec2: EC2Client,
  instanceId: string,
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  await ec2.send(
    new CreateTagsCommand({
      Resources: [instanceId],
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
}
