import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/config/load.js';
import { emptyStats } from '../../../../src/core/billing-source.js';
import { moneyFromNumber, parseMoney, sumMoney } from '../../../../src/core/money.js';
import {
  type AzureCostRow,
  type FakeCostManagement,
  startFakeCostManagement,
} from '../../../../src/sim/fakes/azure-cost-management.js';
import { makeCostManagementClient } from '../../../../src/sources/azure/clients.js';
import { CostManagementSource } from '../../../../src/sources/azure/cost-management.js';
import { quoteJsonNumbers } from '../../../../src/sources/azure/exact-amounts.js';
import { type AzureScope, scopePath, scopesOf } from '../../../../src/sources/azure/scopes.js';
import { AZURE_ROWS, azureWorld, SUB_A, SUB_B } from './world.js';

const range = { from: '2026-10-01', to: '2026-10-03' };
const noWait = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };
const keys = { model: 'model', stage: 'stage' };
// Resource groups for the world's rows: sub A's training VM in rg-train, the rest in rg-default.
const rows: AzureCostRow[] = AZURE_ROWS.map((r, i) => (i === 0 ? { ...r, resourceGroup: 'rg-train' } : r));
let fake: FakeCostManagement | undefined;
afterEach(async () => fake?.close());

async function pull(scopes: AzureScope[], world = azureWorld({ rows })) {
  fake = await startFakeCostManagement({
    ...world,
    subscriptionNames: { [SUB_A]: 'ML prod', [SUB_B]: 'ML research' },
    billingAccounts: { 'EA-1234': [SUB_A, SUB_B] },
    managementGroups: { 'mg-research': [SUB_B] },
  });
  const client = makeCostManagementClient({
    endpoint: fake.url,
    credential: 'anonymous',
    ...(fake.cert ? { ca: fake.cert } : {}),
  });
  const source = new CostManagementSource({
    client,
    settings: { billingAccountId: 'EA-1234', scopes, stageValues: [], tagKeys: keys },
    retry: noWait,
  });
  const stats = emptyStats();
  return { ...(await source.pull(range, stats)), stats };
}

const billed = (lines: { billedCost: bigint; currency: string }[], c = 'USD') =>
  sumMoney(lines.filter((l) => l.currency === c).map((l) => l.billedCost));

describe('Azure Cost Management scopes through the real ARM client', () => {
  it('builds the documented scope strings', () => {
    expect(
      scopesOf({
        subscriptions: ['s1'],
        scopes: [
          { subscription: 's2', resourceGroup: 'rg 1' },
          { billingAccount: '1234:5678_2019-05-31' },
          { managementGroup: 'mg-ml' },
        ],
      }).map(scopePath),
    ).toEqual([
      'subscriptions/s1',
      'subscriptions/s2/resourceGroups/rg%201',
      'providers/Microsoft.Billing/billingAccounts/1234%3A5678_2019-05-31',
      'providers/Microsoft.Management/managementGroups/mg-ml',
    ]);
  });

  it('queries a resource group: its cost only, as its subscription', async () => {
    const p = await pull([{ kind: 'resourceGroup', subscriptionId: SUB_A, resourceGroup: 'rg-train' }]);
    expect(p.lines).toHaveLength(1);
    expect(p.lines[0]).toMatchObject({
      subAccountId: SUB_A,
      billedCost: parseMoney('300.0000000001'),
      effectiveCost: parseMoney('210.5'),
    });
    expect(p.scopes).toEqual([
      { provider: 'Microsoft', billingAccountId: 'EA-1234', subAccountIds: [SUB_A], ...range },
    ]);
  });

  it('queries a billing account: finds its subscriptions with their names, and splits cost per subscription', async () => {
    const p = await pull([{ kind: 'billingAccount', billingAccountId: 'EA-1234' }]);
    expect(billed(p.lines)).toBe(parseMoney('317.845678902'));
    expect(billed(p.lines, 'EUR')).toBe(parseMoney('77.0000000003'));
    expect(new Set(p.lines.map((l) => `${l.subAccountId} ${l.subAccountName}`))).toEqual(
      new Set([`${SUB_A} ML prod`, `${SUB_B} ML research`]),
    );
    expect(p.scopes).toEqual([
      {
        provider: 'Microsoft',
        billingAccountId: 'EA-1234',
        subAccountIds: [SUB_A, SUB_B],
        ...range,
        discovered: true,
      },
    ]);
    expect(p.stats.requests).toBe(fake?.calls.query);
  });

  it('queries a management group: only the subscriptions under it', async () => {
    const p = await pull([{ kind: 'managementGroup', managementGroupId: 'mg-research' }]);
    expect(p.lines.map((l) => l.subAccountId)).toEqual([SUB_B]);
    expect(billed(p.lines, 'EUR')).toBe(parseMoney('77.0000000003'));
    expect(billed(p.lines)).toBe(0n);
  });

  it('keeps every digit of amounts that JS numbers would round', async () => {
    const big = '12345678901.0123456789'; // 21 significant digits
    const tiny = '0.1234567891';
    expect(moneyFromNumber(Number(big))).not.toBe(parseMoney(big)); // what JSON.parse alone would give
    const world = azureWorld({
      rows: [
        {
          day: '2026-10-01',
          subscription: SUB_A,
          service: 'Virtual Machines',
          tags: { model: 'llama' },
          actual: big,
        },
        {
          day: '2026-10-02',
          subscription: SUB_A,
          service: 'Storage',
          tags: {},
          actual: tiny,
          amortized: '-7.0000000001',
        },
      ],
    });
    const p = await pull([{ kind: 'subscription', subscriptionId: SUB_A }], world);
    expect(p.lines.find((l) => l.serviceName === 'Virtual Machines')?.billedCost).toBe(parseMoney(big));
    expect(p.lines.find((l) => l.serviceName === 'Storage')).toMatchObject({
      billedCost: parseMoney(tiny),
      effectiveCost: parseMoney('-7.0000000001'),
    });
  });

  it('quotes number literals outside strings only', () => {
    expect(quoteJsonNumbers('{"a":[1.50,-2e-3,"x\\"9",true,null],"b 7":0}')).toBe(
      '{"a":["1.50","-2e-3","x\\"9",true,null],"b 7":"0"}',
    );
  });

  it('rejects a resource group scope inside a subscription listed whole, and an empty Azure section', () => {
    const azure = { billingAccountId: 'EA', credential: 'default' };
    expect(() =>
      parseConfig({
        sources: {
          azure: { ...azure, subscriptions: [SUB_A], scopes: [{ subscription: SUB_A, resourceGroup: 'rg' }] },
        },
      }),
    ).toThrow(/resource group rg lies in subscription/);
    expect(() => parseConfig({ sources: { azure } })).toThrow(/at least one subscription or scope/);
    expect(() =>
      parseConfig({
        sources: { azure: { ...azure, scopes: [{ managementGroup: 'mg' }, { billingAccount: 'b' }] } },
      }),
    ).not.toThrow();
  });
});
