import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../../../src/core/money.js';
import {
  linesFromSlices,
  mapUsageRows,
  usageQuery,
} from '../../../../src/sources/azure/cost-management-mapper.js';

// Hand-made in the documented query.usage result shape (columns + rows); column order varies by query.
const result = {
  columns: [
    { name: 'UsageDate', type: 'Number' },
    { name: 'TagKey', type: 'String' },
    { name: 'TagValue', type: 'String' },
    { name: 'ServiceName', type: 'String' },
    { name: 'PreTaxCost', type: 'Number' },
    { name: 'Currency', type: 'String' },
  ],
  rows: [
    [20261001, 'model', 'llama', 'Virtual Machines', 300.0000000001, 'USD'],
    [20261001, '', '', 'Storage', 0.0000000007, 'USD'],
    [20261002, 'model', 'bert', 'Virtual Machines', 12.5, 'EUR'],
  ],
};
const ctx = { billingAccountId: 'EA-1', subscriptionId: 'sub-a', keys: { model: 'model', stage: 'stage' } };

describe('Cost Management mapping', () => {
  it('reads rows by column name, dates from yyyymmdd, amounts exactly from their JSON numbers', () => {
    expect(mapUsageRows(result)).toEqual([
      {
        day: '2026-10-01',
        tagValue: 'llama',
        service: 'Virtual Machines',
        currency: 'USD',
        cost: parseMoney('300.0000000001'),
      },
      {
        day: '2026-10-01',
        tagValue: '',
        service: 'Storage',
        currency: 'USD',
        cost: parseMoney('0.0000000007'),
      },
      {
        day: '2026-10-02',
        tagValue: 'bert',
        service: 'Virtual Machines',
        currency: 'EUR',
        cost: parseMoney('12.5'),
      },
    ]);
    expect(() => mapUsageRows({ columns: [{ name: 'Cost' }], rows: [] })).toThrow(/UsageDate/);
  });

  it('joins ActualCost and AmortizedCost, and leaves the untagged-stage remainder exactly', () => {
    const total = mapUsageRows(result);
    const train = total.slice(0, 1).map((r) => ({ ...r, cost: parseMoney('100') }));
    const lines = linesFromSlices(
      [
        { type: 'ActualCost', stage: undefined, rows: total },
        { type: 'ActualCost', stage: 'train', rows: train },
        { type: 'AmortizedCost', stage: undefined, rows: total },
        { type: 'AmortizedCost', stage: 'train', rows: train },
      ],
      ctx,
    );
    const llama = lines.filter((l) => l.tags.model === 'llama');
    expect(llama.map((l) => [l.tags.stage, l.billedCost, l.effectiveCost])).toEqual([
      [undefined, parseMoney('200.0000000001'), parseMoney('200.0000000001')],
      ['train', parseMoney('100'), parseMoney('100')],
    ]);
    expect(lines.find((l) => l.serviceName === 'Storage')?.tags).toEqual({});
    expect(lines).toHaveLength(4);
  });

  it('asks for Daily cost grouped by the model tag and ServiceName, filtered on one stage value', () => {
    const q = usageQuery(
      'AmortizedCost',
      { from: '2026-10-01', to: '2026-10-03' },
      { modelKey: 'model' },
      { key: 'stage', value: 'serve' },
    );
    expect(q.type).toBe('AmortizedCost');
    expect(q.dataset.granularity).toBe('Daily');
    expect(q.dataset.grouping).toEqual([
      { type: 'TagKey', name: 'model' },
      { type: 'Dimension', name: 'ServiceName' },
    ]);
    expect(q.dataset.filter).toEqual({ tags: { name: 'stage', operator: 'In', values: ['serve'] } });
    expect(q.timePeriod?.to.toISOString()).toBe('2026-10-03T23:59:59.000Z');
  });
});
