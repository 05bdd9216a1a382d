import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyStats } from '../../../../src/core/billing-source.js';
import { parseMoney, sumMoney } from '../../../../src/core/money.js';
import { type FakeCostExplorer, startFakeCostExplorer } from '../../../../src/sim/fakes/aws-cost-explorer.js';
import type { Faults } from '../../../../src/sim/fakes/faults.js';
import { type CostExplorerSettings, CostExplorerSource } from '../../../../src/sources/aws/cost-explorer.js';
import { AWS_ROWS, awsWorld } from './world.js';

const settings: CostExplorerSettings = {
  billingAccountId: '111111111111',
  accounts: [],
  stageValues: [],
  tagKeys: { model: 'model', stage: 'stage' },
};
const noWait = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };
const range = { from: '2026-10-01', to: '2026-10-03' };

let fake: FakeCostExplorer | undefined;
afterEach(async () => fake?.close());

async function source(faults: Faults = {}, world = awsWorld()) {
  fake = await startFakeCostExplorer(world, faults);
  const client = new CostExplorerClient({
    region: 'us-east-1',
    endpoint: fake.url,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  return new CostExplorerSource({ client, settings, retry: noWait });
}

const totalOf = (lines: { billedCost: bigint; currency: string }[], currency: string) =>
  sumMoney(lines.filter((l) => l.currency === currency).map((l) => l.billedCost));

describe('CostExplorerSource through the real SDK against a local Cost Explorer', () => {
  it('pulls every row once, across pages, slices and currencies, to the pico-unit', async () => {
    // Prepare
    const src = await source({}, awsWorld({ pageSize: 1 }));
    const stats = emptyStats();
    // Act
    const pull = await src.pull(range, stats);
    // Assess
    const expected = (c: string) =>
      sumMoney(AWS_ROWS.filter((r) => (r.currency ?? 'USD') === c).map((r) => parseMoney(r.unblended)));
    expect(totalOf(pull.lines, 'USD')).toBe(expected('USD'));
    expect(totalOf(pull.lines, 'EUR')).toBe(parseMoney('1.25'));
    expect(pull.firstEstimatedDay).toBe('2026-10-03');
    expect(pull.scopes).toEqual([
      {
        provider: 'AWS',
        billingAccountId: '111111111111',
        subAccountIds: ['222222222222', '333333333333'],
        ...range,
        discovered: true,
      },
    ]);
    // 1 GetDimensionValues + 1 GetTags + 2 accounts x (3 stages + absent) slices; the one slice with
    // two groups (account 222, serve) takes two pages of one group.
    expect(fake?.calls.GetDimensionValues).toBe(1);
    expect(fake?.calls.GetTags).toBe(1);
    expect(fake?.calls.GetCostAndUsage).toBe(9);
    expect(stats.requests).toBe(fake?.faults.requests);
  });

  it('keeps untagged cost untagged and carries the stage of its slice', async () => {
    const pull = await (await source()).pull(range, emptyStats());
    const s3 = pull.lines.find(
      (l) => l.serviceName === 'Amazon Simple Storage Service' && l.currency === 'USD',
    );
    expect(s3?.tags).toEqual({});
    expect(s3?.billedCost).toBe(parseMoney('0.0000000001'));
    const bert = pull.lines.find((l) => l.subAccountId === '333333333333' && l.tags.model === 'bert');
    expect(bert?.tags).toEqual({ model: 'bert' });
    const ec2 = pull.lines.find((l) => l.tags.model === 'llama' && l.tags.stage === 'train');
    expect(ec2).toMatchObject({ subAccountName: 'ml-prod', billedCost: parseMoney('100.1234567891') });
    expect(ec2?.effectiveCost).toBe(parseMoney('90.0000000001'));
  });

  it('backs off on LimitExceededException and then succeeds, counting every request', async () => {
    const src = await source({ throttle: 2 });
    const stats = emptyStats();
    const pull = await src.pull(range, stats);
    expect(totalOf(pull.lines, 'EUR')).toBe(parseMoney('1.25'));
    expect(stats.requests).toBe(fake?.faults.requests);
  });

  it('gives up with a clear error when throttling outlasts the retry budget, or on a hard failure', async () => {
    await expect((await source({ throttle: 10 })).pull(range, emptyStats())).rejects.toMatchObject({
      code: 'CE_THROTTLED',
    });
    await fake?.close();
    await expect((await source({ fail: true })).pull(range, emptyStats())).rejects.toThrow(
      /Cost Explorer: AccessDeniedException: The security token included in the request is expired/,
    );
  });

  it('uses configured accounts and stages without discovery requests', async () => {
    fake = await startFakeCostExplorer(awsWorld());
    const client = new CostExplorerClient({
      region: 'us-east-1',
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    });
    const src = new CostExplorerSource({
      client,
      settings: { ...settings, accounts: ['333333333333'], stageValues: ['dev'] },
      retry: noWait,
    });
    const pull = await src.pull(range, emptyStats());
    expect(fake.calls.GetTags).toBeUndefined();
    expect(fake.calls.GetDimensionValues).toBeUndefined();
    expect(fake.calls.GetCostAndUsage).toBe(2); // dev + absent
    expect(totalOf(pull.lines, 'USD')).toBe(parseMoney('7.7'));
  });
});
