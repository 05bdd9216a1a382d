import { readFileSync } from 'node:fs';
import type { ResultByTime } from '@aws-sdk/client-cost-explorer';
import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../../../src/core/money.js';
import {
  mapCostAndUsagePage,
  parseTagGroupKey,
  sliceRequest,
} from '../../../../src/sources/aws/cost-explorer-mapper.js';

const page = JSON.parse(readFileSync('test/fixtures/aws/get-cost-and-usage-page.json', 'utf8')) as {
  ResultsByTime: ResultByTime[];
};
const keys = { model: 'model', stage: 'stage' };

describe('Cost Explorer mapping', () => {
  it('reads tag group keys: empty value = untagged, only the first $ separates', () => {
    expect(parseTagGroupKey('model$llama')).toEqual({ key: 'model', value: 'llama' });
    expect(parseTagGroupKey('model$')).toEqual({ key: 'model', value: '' });
    expect(parseTagGroupKey('model$a$b')).toEqual({ key: 'model', value: 'a$b' });
    expect(() => parseTagGroupKey('Amazon EC2')).toThrow(/no "\$"/);
  });

  it('maps a page to lines with exact amounts, currencies, the slice stage and the first estimated day', () => {
    const { lines, firstEstimatedDay } = mapCostAndUsagePage(page.ResultsByTime, {
      account: '222222222222',
      stage: 'serve',
      billingAccountId: '111111111111',
      accountName: 'ml-prod',
      keys,
    });
    expect(firstEstimatedDay).toBe('2026-10-02');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({
      day: '2026-10-01',
      provider: 'AWS',
      billingAccountId: '111111111111',
      subAccountId: '222222222222',
      subAccountName: 'ml-prod',
      serviceName: 'Amazon SageMaker',
      currency: 'USD',
      billedCost: parseMoney('1234.5678901234'),
      effectiveCost: parseMoney('1100.0000000001'),
      tags: { model: 'llama-3-70b', stage: 'serve' },
    });
    expect(lines[1]?.tags).toEqual({ stage: 'serve' });
    expect(lines[2]?.tags.model).toBe('a$b');
    expect(lines[2]?.billedCost).toBe(parseMoney('-2.5'));
    expect(lines[3]).toMatchObject({
      currency: 'EUR',
      billedCost: parseMoney('7'),
      effectiveCost: parseMoney('6.5'),
    });
  });

  it('plans a slice as GroupBy model tag + SERVICE, filtered on one account and a stage (or its absence)', () => {
    const absent = sliceRequest({ account: '2', stage: undefined }, keys, '2026-10-01', '2026-10-04');
    expect(absent).toEqual({
      TimePeriod: { Start: '2026-10-01', End: '2026-10-04' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost', 'AmortizedCost'],
      GroupBy: [
        { Type: 'TAG', Key: 'model' },
        { Type: 'DIMENSION', Key: 'SERVICE' },
      ],
      Filter: {
        And: [
          { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['2'] } },
          { Tags: { Key: 'stage', MatchOptions: ['ABSENT'] } },
        ],
      },
    });
    const serve = sliceRequest({ account: '2', stage: 'serve' }, keys, '2026-10-01', '2026-10-04');
    expect(serve.Filter?.And?.[1]).toEqual({
      Tags: { Key: 'stage', Values: ['serve'], MatchOptions: ['EQUALS'] },
    });
  });
});
