import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { instanceKey } from '../../../../src/core/idle/types.js';
import { parseMoney } from '../../../../src/core/money.js';
import { AWS_FLEET_PERMISSIONS, createAwsFleet } from '../../../../src/fleet/aws/aws-fleet.js';
import { priceTable } from '../../../../src/fleet/prices.js';
import { awsCloudWatchFake } from '../../../../src/sim/fakes/aws-cloudwatch.js';
import { awsEc2Fake } from '../../../../src/sim/fakes/aws-ec2.js';
import {
  callsTo,
  createFleetWorld,
  type FleetWorld,
  type SimVm,
} from '../../../../src/sim/fakes/fleet-world.js';
import { type LocalServer, startLocalServer } from '../../../../src/sim/local-server.js';

const ACCOUNT = '111122223333';
const aws = (id: string, over: Partial<SimVm> = {}): SimVm => ({
  provider: 'aws',
  account: ACCOUNT,
  zone: 'us-east-1a',
  id,
  type: 'g5.xlarge',
  state: 'running',
  tags: { model: 'llm', stage: 'train' },
  launchedAt: '2026-11-01T08:00:00.000Z',
  metrics: { gpu: 1, cpu: 2, networkIn: 100 },
  ...over,
});

function makeWorld(): FleetWorld {
  return createFleetWorld(
    [
      aws('i-0000000000000001', { name: 'train-box', tags: { model: 'llm', stage: 'train', owner: 'ana' } }),
      aws('i-0000000000000002', { type: 'p4d.24xlarge', metrics: { cpu: 1, networkIn: 10 } }),
      aws('i-0000000000000003', { type: 'inf2.xlarge', metrics: {}, spot: true }),
      aws('i-0000000000000004', { type: 'm5.large' }),
      aws('i-0000000000000005', { state: 'stopped' }),
      aws('i-0000000000000006', { zone: 'eu-west-1b', type: 'g4dn.xlarge', rootDevice: 'instance-store' }),
      aws('i-0000000000000007', { type: 'g6.xlarge' }),
    ],
    { pageSize: 2 },
  );
}

describe('AWS fleet through @aws-sdk/client-ec2 and client-cloudwatch against local wire-format fakes', () => {
  let world: FleetWorld;
  let ec2: LocalServer;
  let cw: LocalServer;
  beforeAll(async () => {
    // The handlers read `world` at call time, so each test gets a fresh one.
    ec2 = await startLocalServer((req, body, res) => awsEc2Fake(world)(req, body, res));
    cw = await startLocalServer((req, body, res) => awsCloudWatchFake(world)(req, body, res));
  });
  afterAll(async () => {
    await ec2.close();
    await cw.close();
  });
  beforeEach(() => {
    world = makeWorld();
  });

  const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };
  const fleet = (regions = ['us-east-1', 'eu-west-1']) =>
    createAwsFleet({
      scopes: regions.map((region) => ({
        region,
        ec2: new EC2Client({ region, endpoint: ec2.url, credentials, maxAttempts: 3 }),
        cloudwatch: new CloudWatchClient({ region, endpoint: cw.url, credentials, maxAttempts: 3 }),
      })),
      prices: priceTable(),
    });

  it('lists running GPU and Neuron instances in every region, following pages, typed by DescribeInstanceTypes', async () => {
    // Act
    const found = await fleet().listGpuInstances();
    // Assess
    expect(found.map((i) => [i.region, i.instanceId, i.instanceType, i.gpus, i.accelerator])).toEqual([
      ['us-east-1', 'i-0000000000000001', 'g5.xlarge', 1, 'A10G'],
      ['us-east-1', 'i-0000000000000002', 'p4d.24xlarge', 8, 'A100'],
      ['us-east-1', 'i-0000000000000003', 'inf2.xlarge', 1, 'Inferentia2'],
      ['us-east-1', 'i-0000000000000007', 'g6.xlarge', 1, 'L4'],
      ['eu-west-1', 'i-0000000000000006', 'g4dn.xlarge', 1, 'T4'],
    ]);
    expect(found[0]).toMatchObject({
      provider: 'aws',
      account: ACCOUNT,
      name: 'train-box',
      state: 'running',
      launchedAt: '2026-11-01T08:00:00.000Z',
      tags: { Name: 'train-box', model: 'llm', stage: 'train', owner: 'ana' },
      rootVolume: 'persistent',
      hourlyCost: parseMoney('1.006'),
      currency: 'USD',
    });
    expect(found[2]?.managedBy).toBe('spot');
    expect(found[4]?.rootVolume).toBe('instance-store');
    // 5 running in us-east-1 (one without a GPU) at 2 per page = 3 pages; 1 in eu-west-1.
    expect(callsTo(world, 'DescribeInstances').map((c) => c.detail)).toEqual([
      'us-east-1',
      'us-east-1',
      'us-east-1',
      'eu-west-1',
    ]);
  });

  it('reads GPU, CPU and network series from CloudWatch over pages; absent metrics stay absent', async () => {
    const f = fleet(['us-east-1']);
    const found = await f.listGpuInstances();
    const to = new Date('2026-11-23T19:00:00Z');
    const from = new Date(to.getTime() - 2 * 3600_000);
    const m = await f.utilization(found, from, to);
    const one = m.get(instanceKey(found[0] as never));
    expect(one?.gpu).toHaveLength(24);
    expect(one?.gpu?.every((s) => s.value === 1)).toBe(true);
    expect(one?.cpu?.[0]?.value).toBe(2);
    // NetworkIn arrives as bytes per 5-minute period and becomes bytes per second again.
    expect(one?.networkIn?.[0]?.value).toBe(100);
    const two = m.get(instanceKey(found[1] as never));
    expect(two?.gpu).toBeUndefined();
    expect(two?.cpu).toHaveLength(24);
    expect(m.has(instanceKey(found[2] as never))).toBe(false);
    // 4 instances x 3 queries at 2 per page.
    expect(callsTo(world, 'GetMetricData')).toHaveLength(6);
  });

  it('retries throttled calls (EC2 RequestLimitExceeded, CloudWatch Throttling) and succeeds', async () => {
    world.faults.throttle = { DescribeInstances: 2, GetMetricData: 1 };
    const f = fleet(['us-east-1']);
    const found = await f.listGpuInstances();
    expect(found).toHaveLength(4);
    const m = await f.utilization(found, new Date('2026-11-23T17:00:00Z'), new Date('2026-11-23T19:00:00Z'));
    expect(m.size).toBe(3);
    expect(world.faults.throttle).toEqual({ DescribeInstances: 0, GetMetricData: 0 });
    // 2 throttled answers + 3 pages.
    expect(callsTo(world, 'DescribeInstances')).toHaveLength(5);
  });

  it('gives up on endless throttling with an error naming the cloud and region', async () => {
    world.faults.throttle = { DescribeInstances: 10 };
    await expect(fleet(['us-east-1']).listGpuInstances()).rejects.toMatchObject({
      code: 'FLEET_LIST_FAILED',
      provider: 'aws',
      kind: 'throttled',
      retryable: true,
      request: 'AWS us-east-1: cannot list instances',
      message: expect.stringMatching(/AWS us-east-1: cannot list instances: .*Request limit exceeded/),
    });
  });

  it('stops an instance; a refused stop throws with the cloud error and leaves the instance running', async () => {
    world.faults.failStop = ['i-0000000000000002'];
    const f = fleet(['us-east-1']);
    const [first, second] = await f.listGpuInstances();
    await f.stop(first as never);
    expect(world.vms[0]?.state).toBe('stopped');
    await expect(f.stop(second as never)).rejects.toMatchObject({
      code: 'FLEET_STOP_FAILED',
      provider: 'aws',
      kind: 'failed',
      retryable: false,
      request: 'AWS us-east-1: cannot stop i-0000000000000002',
      message: expect.stringContaining('UnsupportedOperation'),
    });
    expect(world.vms[1]?.state).toBe('running');
    expect((await f.listGpuInstances()).map((i) => i.instanceId)).not.toContain('i-0000000000000001');
  });

  it('writes tags (an owner snooze) with CreateTags, also from a fleet that never listed the instance', async () => {
    const [first] = await fleet(['us-east-1']).listGpuInstances();
    await fleet(['us-east-1']).setTags(first as never, { 'costguard:keep-until': '2026-11-23T21:00:00Z' });
    expect(world.vms[0]?.tags).toEqual({
      model: 'llm',
      stage: 'train',
      owner: 'ana',
      'costguard:keep-until': '2026-11-23T21:00:00Z',
    });
    expect(callsTo(world, 'CreateTags')).toHaveLength(1);
  });

  it('declares the IAM actions it calls', () => {
    expect(fleet().permissions).toEqual(AWS_FLEET_PERMISSIONS);
    expect([...AWS_FLEET_PERMISSIONS].sort()).toEqual(
      [
        'cloudwatch:GetMetricData',
        'ec2:CreateTags',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeInstances',
        'ec2:StopInstances',
      ].sort(),
    );
  });
});
