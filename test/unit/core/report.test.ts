import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../../src/core/cost-line.js';
import { parseMoney } from '../../../src/core/money.js';
import { buildReport } from '../../../src/core/report.js';
import { fact } from '../../helpers/facts.js';

const OCT = { from: '2026-10-01', to: '2026-10-31' } as const;
const rowsOf = (r: ReturnType<typeof buildReport>) =>
  r.rows.map((row) => ({ ...row.keys, currency: row.currency, cost: row.cost }));

describe('buildReport', () => {
  it('groups by the chosen dimensions and sums the chosen metric', () => {
    // Prepare
    const facts = [
      fact({ model: 'llama', stage: 'serve', billed: '1.10', effective: '1.00', list: '2' }),
      fact({
        model: 'llama',
        stage: 'serve',
        billed: '2.20',
        effective: '2.00',
        list: '4',
        serviceName: 'S3',
      }),
      fact({ model: 'llama', stage: 'train', billed: '5', effective: '0.5', list: '6' }),
      fact({ model: 'bert', stage: 'serve', billed: '0.01', effective: '0.01', list: '0.01' }),
    ];

    // Act
    const byModel = buildReport(facts, { ...OCT, by: ['model'], metric: 'billed' });
    const byModelStage = buildReport(facts, { ...OCT, by: ['model', 'stage'], metric: 'effective' });

    // Assess
    expect(rowsOf(byModel)).toEqual([
      { model: 'llama', currency: 'USD', cost: parseMoney('8.3') },
      { model: 'bert', currency: 'USD', cost: parseMoney('0.01') },
    ]);
    expect(rowsOf(byModelStage)).toEqual([
      { model: 'llama', stage: 'serve', currency: 'USD', cost: parseMoney('3') },
      { model: 'llama', stage: 'train', currency: 'USD', cost: parseMoney('0.5') },
      { model: 'bert', stage: 'serve', currency: 'USD', cost: parseMoney('0.01') },
    ]);
    expect(byModelStage.totals).toEqual([{ currency: 'USD', cost: parseMoney('3.51') }]);
    expect(byModelStage).toMatchObject({ metric: 'effective', ...OCT, by: ['model', 'stage'] });
  });

  it('maps every dimension to its fact field', () => {
    // Prepare
    const f = fact({ provider: 'Microsoft', subAccountId: 'sub-1', serviceName: 'VMs', regionId: 'eastus' });

    // Act
    const r = buildReport([f], {
      ...OCT,
      by: ['provider', 'subaccount', 'service', 'region', 'model', 'stage'],
      metric: 'list',
    });

    // Assess
    expect(r.rows[0]?.keys).toEqual({
      provider: 'Microsoft',
      subaccount: 'sub-1',
      service: 'VMs',
      region: 'eastus',
      model: 'llama3-70b',
      stage: 'serve',
    });
  });

  it('never adds amounts in different currencies, in rows or totals', () => {
    // Prepare
    const facts = [
      fact({ billed: '10', currency: 'USD' }),
      fact({ billed: '20', currency: 'EUR' }),
      fact({ billed: '1', currency: 'USD' }),
    ];

    // Act
    const r = buildReport(facts, { ...OCT, by: ['model'], metric: 'billed' });
    const byCurrency = buildReport(facts, { ...OCT, by: ['currency'], metric: 'billed' });

    // Assess
    expect(rowsOf(r)).toEqual([
      { model: 'llama3-70b', currency: 'EUR', cost: parseMoney('20') },
      { model: 'llama3-70b', currency: 'USD', cost: parseMoney('11') },
    ]);
    expect(r.totals).toEqual([
      { currency: 'EUR', cost: parseMoney('20') },
      { currency: 'USD', cost: parseMoney('11') },
    ]);
    expect(byCurrency.rows.map((row) => [row.currency, row.cost])).toEqual([
      ['EUR', parseMoney('20')],
      ['USD', parseMoney('11')],
    ]);
  });

  it('sorts by cost, highest first, credits last, ties by key', () => {
    // Prepare
    const facts = [
      fact({ model: 'c', billed: '5' }),
      fact({ model: 'credit', billed: '-7' }),
      fact({ model: 'b', billed: '5' }),
      fact({ model: 'a', billed: '9' }),
      fact({ model: 'zero', billed: '0' }),
    ];

    // Act
    const r = buildReport(facts, { ...OCT, by: ['model'], metric: 'billed' });

    // Assess
    expect(r.rows.map((row) => row.keys.model)).toEqual(['a', 'b', 'c', 'zero', 'credit']);
  });

  it('keeps only facts whose day lies in [from, to], both ends included', () => {
    // Prepare
    const days = ['2026-09-30', '2026-10-01', '2026-10-15', '2026-10-31', '2026-11-01'];
    const facts = days.map((day, i) => fact({ day, billed: String(10 ** i) }));

    // Act
    const r = buildReport(facts, { ...OCT, by: ['model'], metric: 'billed' });
    const oneDay = buildReport(facts, {
      from: '2026-10-15',
      to: '2026-10-15',
      by: ['model'],
      metric: 'billed',
    });
    const empty = buildReport(facts, {
      from: '2027-01-01',
      to: '2027-01-31',
      by: ['model'],
      metric: 'billed',
    });

    // Assess
    expect(r.totals).toEqual([{ currency: 'USD', cost: parseMoney('1110') }]);
    expect(oneDay.totals).toEqual([{ currency: 'USD', cost: parseMoney('100') }]);
    expect(empty).toMatchObject({ rows: [], totals: [] });
  });

  it('rows add up to the totals, per currency and metric, exactly (fast-check)', () => {
    const facts = fc.array(
      fc.record({
        model: fc.constantFrom('a', 'b', 'c'),
        day: fc.constantFrom('2026-09-30', '2026-10-01', '2026-10-31'),
        currency: fc.constantFrom('USD', 'EUR'),
        billed: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((v) => `${v}e-12`),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(facts, fc.constantFrom(...METRICS), (specs, metric) => {
        // Prepare
        const fs = specs.map((s) => fact(s));

        // Act
        const r = buildReport(fs, { ...OCT, by: ['model'], metric });

        // Assess
        for (const t of r.totals) {
          const sum = r.rows
            .filter((row) => row.currency === t.currency)
            .reduce((a, row) => a + row.cost, 0n);
          expect(sum).toBe(t.cost);
        }
        const inRange = fs.filter((f) => f.day >= OCT.from && f.day <= OCT.to);
        expect(r.totals.reduce((a, t) => a + t.cost, 0n)).toBe(
          inRange.reduce((a, f) => a + f.billedCost, 0n),
        );
      }),
    );
  });
});

describe('buildReport: grain and filters', () => {
  // 2026-10-04 is a Sunday, 2026-10-05 a Monday: the ISO week turns between them.
  const facts = [
    fact({ day: '2026-10-04', model: 'llama', stage: 'serve', provider: 'aws', billed: '1.25' }),
    fact({ day: '2026-10-05', model: 'llama', stage: 'serve', provider: 'aws', billed: '2.50' }),
    fact({ day: '2026-10-05', model: 'llama', stage: 'train', provider: 'gcp', billed: '10' }),
    fact({ day: '2026-10-06', model: 'bert', stage: 'serve', provider: 'azure', billed: '0.000001' }),
    fact({ day: '2026-11-02', model: 'llama', stage: 'serve', provider: 'aws', billed: '4' }),
  ];
  const ALL = { from: '2026-10-01', to: '2026-11-30', metric: 'billed' as const };

  it('splits by ISO week (keyed by its Monday), in period order, costs exact', () => {
    const r = buildReport(facts, { ...ALL, by: ['model'], grain: 'week' });
    expect(rowsOf(r)).toEqual([
      { period: '2026-09-28', model: 'llama', currency: 'USD', cost: parseMoney('1.25') },
      { period: '2026-10-05', model: 'llama', currency: 'USD', cost: parseMoney('12.5') },
      { period: '2026-10-05', model: 'bert', currency: 'USD', cost: parseMoney('0.000001') },
      { period: '2026-11-02', model: 'llama', currency: 'USD', cost: parseMoney('4') },
    ]);
    expect(r.totals).toEqual([{ currency: 'USD', cost: parseMoney('17.750001') }]);
  });

  it('splits by day and by month', () => {
    const days = buildReport(facts, { ...ALL, by: ['provider'], grain: 'day' });
    expect(days.rows.map((x) => `${x.keys.period} ${x.keys.provider}`)).toEqual([
      '2026-10-04 aws',
      '2026-10-05 gcp',
      '2026-10-05 aws',
      '2026-10-06 azure',
      '2026-11-02 aws',
    ]);
    const months = buildReport(facts, { ...ALL, by: ['currency'], grain: 'month' });
    expect(rowsOf(months)).toEqual([
      { period: '2026-10', currency: 'USD', cost: parseMoney('13.750001') },
      { period: '2026-11', currency: 'USD', cost: parseMoney('4') },
    ]);
  });

  it('filters before summing: any listed value of each filter, all filters at once; totals follow', () => {
    const aws = buildReport(facts, { ...ALL, by: ['model'], filters: { provider: ['aws'] } });
    expect(aws.totals).toEqual([{ currency: 'USD', cost: parseMoney('7.75') }]);
    const two = buildReport(facts, {
      ...ALL,
      by: ['stage'],
      filters: { model: ['llama', 'bert'], stage: ['serve'] },
    });
    expect(rowsOf(two)).toEqual([{ stage: 'serve', currency: 'USD', cost: parseMoney('7.750001') }]);
    const none = buildReport(facts, {
      ...ALL,
      by: ['model'],
      filters: { model: ['llama'], provider: ['azure'] },
    });
    expect(none.rows).toEqual([]);
    expect(none.totals).toEqual([]);
    // An empty list filters nothing.
    expect(buildReport(facts, { ...ALL, by: ['model'], filters: { model: [] } }).totals).toEqual(
      buildReport(facts, { ...ALL, by: ['model'] }).totals,
    );
  });

  it('periodOf: a Sunday belongs to the week of the Monday before', async () => {
    const { periodOf } = await import('../../../src/core/report.js');
    expect(periodOf('2026-10-04', 'week')).toBe('2026-09-28');
    expect(periodOf('2026-10-05', 'week')).toBe('2026-10-05');
    expect(periodOf('2027-01-01', 'week')).toBe('2026-12-28');
    expect(periodOf('2026-10-04', 'month')).toBe('2026-10');
  });
});
