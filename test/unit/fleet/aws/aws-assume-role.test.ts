import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFleetFromConfig } from '../../../../src/fleet/aws/aws-from-config.js';
import { priceTable } from '../../../../src/fleet/prices.js';
import { awsCloudWatchFake } from '../../../../src/sim/fakes/aws-cloudwatch.js';
import { awsEc2Fake } from '../../../../src/sim/fakes/aws-ec2.js';
import { awsStsFake } from '../../../../src/sim/fakes/aws-sts.js';
import { callsTo, createFleetWorld } from '../../../../src/sim/fakes/fleet-world.js';
import { type LocalServer, startLocalServer } from '../../../../src/sim/local-server.js';

// The SDK reads profiles and the STS endpoint override (AWS_ENDPOINT_URL_STS) from the environment;
// the suite sets them and restores the environment afterwards.
describe('AWS accounts through profiles that assume a role (the SDK credential chain against a local STS)', () => {
  const world = createFleetWorld([
    {
      provider: 'aws',
      account: '222233334444',
      zone: 'us-east-1a',
      id: 'i-0b00000000000001',
      type: 'g5.xlarge',
      state: 'running',
      tags: {},
      launchedAt: '2026-11-01T00:00:00.000Z',
      metrics: { gpu: 0 },
    },
  ]);
  const servers: LocalServer[] = [];
  let dir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    for (const h of [awsEc2Fake(world), awsCloudWatchFake(world), awsStsFake(world)])
      servers.push(await startLocalServer(h));
    dir = mkdtempSync(join(tmpdir(), 'costguard-aws-profiles-'));
    writeFileSync(
      join(dir, 'config'),
      [
        '[profile base]',
        'aws_access_key_id = AKIDBASE',
        'aws_secret_access_key = base-secret',
        '[profile ml-prod]',
        'role_arn = arn:aws:iam::222233334444:role/costguard-idle',
        'source_profile = base',
        'region = us-east-1',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'credentials'), '');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_ENDPOINT_URL_STS = servers[2]?.url;
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
      delete process.env[k];
  });
  afterAll(async () => {
    process.env = saved;
    for (const s of servers) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('assumes the role once and lists that account with the temporary credentials', async () => {
    const fleet = awsFleetFromConfig(
      {
        regions: ['us-east-1'],
        profiles: ['ml-prod'],
        metricsNamespace: 'CWAgent',
        endpoints: { ec2: servers[0]?.url, cloudwatch: servers[1]?.url },
      },
      { prices: priceTable() },
    );
    const found = await fleet.listGpuInstances();
    expect(found.map((i) => [i.account, i.instanceId])).toEqual([['222233334444', 'i-0b00000000000001']]);
    expect(fleet.permissions).toContain('sts:AssumeRole');
    const assume = callsTo(world, 'AssumeRole');
    expect(assume.map((c) => [c.detail, c.accessKeyId])).toEqual([
      ['arn:aws:iam::222233334444:role/costguard-idle', 'AKIDBASE'],
    ]);
    expect(callsTo(world, 'DescribeInstances').map((c) => c.accessKeyId)).toEqual(['ASIA222233334444']);
  });
});
