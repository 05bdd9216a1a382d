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

/** One instance as EC2 has it now, whatever its state; undefined when EC2 does not know the id. */
export async function describeOne(ec2: EC2Client, instanceId: string): Promise<Ec2Running | undefined> {
  try {
    const r = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    for (const res of r.Reservations ?? []) {
      const instance = res.Instances?.find((i) => i.InstanceId === instanceId);
      if (instance) return { instance, ownerId: res.OwnerId ?? '' };
    }
    return undefined;
  } catch (e) {
    // A terminated instance drops out of DescribeInstances after about an hour.
    if ((e as { name?: string }).name === 'InvalidInstanceID.NotFound') return undefined;
    throw e;
  }
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
