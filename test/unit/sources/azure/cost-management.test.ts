import { afterEach, describe, expect, it } from 'vitest';
import { emptyStats } from '../../../../src/core/billing-source.js';
import { parseMoney, sumMoney } from '../../../../src/core/money.js';
import {
  type FakeCostManagement,
  startFakeCostManagement,
} from '../../../../src/sim/fakes/azure-cost-management.js';
import type { Faults } from '../../../../src/sim/fakes/faults.js';
import { makeCostManagementClient } from '../../../../src/sources/azure/clients.js';
import { CostManagementSource } from '../../../../src/sources/azure/cost-management.js';
import { scopesOf } from '../../../../src/sources/azure/scopes.js';
import { azureWorld, SUB_A, SUB_B } from './world.js';

const range = { from: '2026-10-01', to: '2026-10-03' };
const slept: number[] = [];
const noWait = {
  maxAttempts: 3,
  baseDelayMs: 1,
  maxDelayMs: 1,
  sleep: async (ms: number) => void slept.push(ms),
};
let fake: FakeCostManagement | undefined;
afterEach(async () => fake?.close());

async function source(faults: Faults = {}, stageValues: string[] = [], world = azureWorld()) {
  fake = await startFakeCostManagement(world, faults);
  const client = makeCostManagementClient({
    endpoint: fake.url,
    credential: 'anonymous',
    ...(fake.cert ? { ca: fake.cert } : {}),
  });
  return new CostManagementSource({
    client,
    settings: {
      billingAccountId: 'EA-1234',
      scopes: scopesOf({ subscriptions: [SUB_A, SUB_B], scopes: [] }),
      stageValues,
      tagKeys: { model: 'model', stage: 'stage' },
    },
    retry: noWait,
  });
}

const sum = (lines: { currency: string; billedCost: bigint }[], c: string) =>
  sumMoney(lines.filter((l) => l.currency === c).map((l) => l.billedCost));

describe('CostManagementSource through the real ARM client against a local HTTPS endpoint', () => {
  it('splits spend by model, stage and service exactly, following nextLink', async () => {
    const src = await source();
    const stats = emptyStats();
    const pull = await src.pull(range, stats);
    expect(sum(pull.lines, 'USD')).toBe(parseMoney('317.845678902'));
    expect(sum(pull.lines, 'EUR')).toBe(parseMoney('77.0000000003'));
    const train = pull.lines.find((l) => l.tags.stage === 'train');
    expect(train).toMatchObject({
      subAccountId: SUB_A,
      serviceName: 'Virtual Machines',
      billedCost: parseMoney('300.0000000001'),
      effectiveCost: parseMoney('210.5'),
    });
    const noStage = pull.lines.find((l) => l.tags.model === 'llama' && l.tags.stage === undefined);
    expect(noStage?.billedCost).toBe(parseMoney('12.3456789012'));
    expect(pull.lines.find((l) => l.serviceName === 'Storage')?.tags).toEqual({});
    expect(pull.lines.every((l) => l.billedCost >= 0n && l.effectiveCost >= 0n)).toBe(true);
    // per subscription: 1 discovery + 2 cost types x (stages + 1); sub A has 3 stages, sub B 1; some paged
    expect(stats.requests).toBe(fake?.calls.query);
    expect(stats.requests).toBeGreaterThan(1 + 2 * 4 + 1 + 2 * 2);
  });

  it('waits as the qpu-retry-after header asks on 429, then succeeds', async () => {
    slept.length = 0;
    const src = await source({ throttle: 2 }, ['serve'], azureWorld({ retryAfterSeconds: 7 }));
    const pull = await src.pull(range, emptyStats());
    expect(slept).toEqual([7000, 7000]);
    expect(sum(pull.lines, 'EUR')).toBe(parseMoney('77.0000000003'));
  });

  it('fails with a clear error when credentials are rejected', async () => {
    await expect((await source({ fail: true })).pull(range, emptyStats())).rejects.toMatchObject({
      code: 'AZ_FAILED',
      message: expect.stringContaining('access token expiry'),
    });
  });
});
