import type { CostFact } from '../../src/core/cost-fact.js';
import { parseMoney } from '../../src/core/money.js';

/** Where the test facts and cost lines are by default: one EC2 day in an AWS account. */
export const EC2_DAY = {
  day: '2026-10-01',
  provider: 'AWS',
  billingAccountId: '111111111111',
  subAccountId: '222222222222',
  serviceName: 'Amazon Elastic Compute Cloud',
  regionId: 'us-east-1',
};

/** A fact with sensible defaults; amounts as decimal strings so tests read like invoices. */
export function fact(
  p: Partial<Omit<CostFact, 'billedCost' | 'effectiveCost' | 'listCost'>> & {
    billed?: string;
    effective?: string;
    list?: string;
  },
): CostFact {
  const { billed = '1', effective, list, ...rest } = p;
  return {
    ...EC2_DAY,
    model: 'llama3-70b',
    stage: 'serve',
    currency: 'USD',
    modelBy: 'tag:model',
    stageBy: 'tag:stage',
    rowCount: 1,
    ...rest,
    billedCost: parseMoney(billed),
    effectiveCost: parseMoney(effective ?? billed),
    listCost: parseMoney(list ?? billed),
  };
}

/** 100,000 facts over October 2026, each of `amount`: big enough that an import takes a while. */
export const crashFacts = (amount: string) =>
  Array.from({ length: 100_000 }, (_, i) =>
    fact({
      day: `2026-10-${String((i % 30) + 1).padStart(2, '0')}`,
      serviceName: `svc-${i}`,
      billed: amount,
    }),
  );
