import { describe, expect, it } from 'vitest';
import { episodesOf, seriesLabel } from '../../../../src/core/anomaly/episodes.js';
import type { AnomalyRecord } from '../../../../src/core/anomaly/types.js';
import type { CostFact } from '../../../../src/core/cost-fact.js';
import { addDays, daysIn } from '../../../../src/core/day.js';
import { parseMoney } from '../../../../src/core/money.js';
import { buildPageModel, historyFrom, type PageQuery } from '../../../../src/core/report-page/model.js';
import { TOP_MODELS } from '../../../../src/core/report-page/series.js';
import { fact } from '../../../helpers/facts.js';

const query = (over: Partial<PageQuery> = {}): PageQuery => ({
  from: '2026-11-01',
  to: '2026-11-30',
  today: '2026-11-16',
  by: [],
  metric: 'effective',
  title: 't',
  generatedAt: '2026-11-16T08:00:00Z',
  unattributed: 'unattributed',
  ...over,
});
const input = (facts: CostFact[], anomalies: AnomalyRecord[] = []) => ({
  facts,
  anomalies,
  budgets: [],
  freshness: [],
  idle: [],
});
const M = parseMoney;

describe('the page model', () => {
  it('keeps each currency apart: its own totals, rows and provider totals, never summed', () => {
    const facts = [
      fact({ day: '2026-11-03', billed: '10.005', currency: 'USD' }),
      fact({ day: '2026-11-03', billed: '7.5', currency: 'EUR', provider: 'Microsoft' }),
      fact({ day: '2026-11-04', billed: '0.995', currency: 'USD', provider: 'Google Cloud' }),
    ];
    const m = buildPageModel(query(), input(facts));
    expect(m.currencies.map((c) => [c.currency, c.headline.rangeTotal])).toEqual([
      ['USD', M('11')],
      ['EUR', M('7.5')],
    ]);
    expect(m.currencies[0]?.byProvider).toEqual([
      { provider: 'AWS', cost: M('10.005') },
      { provider: 'Google Cloud', cost: M('0.995') },
    ]);
    expect(m.currencies[1]?.rows.map((r) => r.keys.provider)).toEqual(['Microsoft']);
  });

  it('headline: last day is yesterday within the range, month to date, previous period, forecast', () => {
    // 1 per day from Oct 2 to Nov 16 (today), 2 on Nov 15 (yesterday).
    const facts = daysIn({ from: '2026-10-02', to: '2026-11-16' }).map((day) =>
      fact({ day, billed: day === '2026-11-15' ? '2' : '1' }),
    );
    const q = query();
    expect(historyFrom(q) <= '2026-10-02').toBe(true);
    const h = buildPageModel(q, input(facts)).currencies[0]?.headline;
    expect(h?.lastDay).toBe('2026-11-15');
    expect(h?.lastDayCost).toBe(M('2'));
    expect(h?.monthToDate).toBe(M('16')); // 14 days of 1, then 2
    expect(h?.rangeTotal).toBe(M('17')); // Nov 1..16: the 16th is in range too
    expect([h?.previousFrom, h?.previousTo, h?.previousTotal]).toEqual(['2026-10-02', '2026-10-31', M('30')]);
    // 15 days left at about 1 a day: the forecast brackets 16 + 15.
    expect(Number(h?.forecast?.low)).toBeLessThanOrEqual(Number(M('31')));
    expect(Number(h?.forecast?.high)).toBeGreaterThanOrEqual(Number(M('31')));
    expect(h?.forecast?.point).toBeGreaterThan(M('29'));
    // A range that ends on a month's last day has no forecast: the month is complete.
    const done = buildPageModel(query({ from: '2026-10-01', to: '2026-10-31' }), input(facts));
    expect(done.currencies[0]?.headline.lastDay).toBe('2026-10-31');
    expect(done.currencies[0]?.headline.forecast).toBeUndefined();
  });

  it('with 200 models: seven on their own, the rest one series that sums them exactly', () => {
    const days = daysIn({ from: '2026-11-01', to: '2026-11-10' });
    const facts = days.flatMap((day, d) =>
      Array.from({ length: 200 }, (_, i) =>
        fact({ day, model: `m${String(i).padStart(3, '0')}`, billed: `${(200 - i) * 0.013 + d * 0.001}` }),
      ),
    );
    const s = buildPageModel(query({ to: '2026-11-10' }), input(facts)).currencies[0]?.daily;
    expect(s?.series.map((x) => x.name)).toEqual([
      ...Array.from({ length: TOP_MODELS }, (_, i) => `m${String(i).padStart(3, '0')}`),
      '193 other models',
    ]);
    expect(s?.others).toBe(193);
    const rest = (day: string) =>
      facts
        .filter((f) => f.day === day && Number(f.model.slice(1)) >= TOP_MODELS)
        .reduce((a, f) => a + f.effectiveCost, 0n);
    expect(s?.series.at(-1)?.values).toEqual(days.map(rest));
    expect(s?.grain).toBe('day');
  });

  it('a range over 120 days charts weeks (Mondays), the table stays exact', () => {
    const days = daysIn({ from: '2026-01-01', to: '2026-06-30' });
    const facts = days.map((day) => fact({ day, billed: '1.000001' }));
    const m = buildPageModel(
      query({ from: '2026-01-01', to: '2026-06-30', today: '2026-07-10' }),
      input(facts),
    );
    const d = m.currencies[0]?.daily;
    expect(d?.grain).toBe('week');
    expect(d?.points[0]).toBe('2025-12-29');
    expect(d?.points.length).toBe(27);
    expect(m.currencies[0]?.rows[0]?.cost).toBe(M('1.000001') * BigInt(days.length));
  });

  it('tag coverage: tags count as tagged; rules, splits and nothing do not; worst offenders named', () => {
    const facts = [
      fact({ day: '2026-11-02', billed: '5' }),
      fact({
        day: '2026-11-02',
        billed: '3',
        modelBy: 'rule:sagemaker',
        stageBy: 'rule:sagemaker',
        serviceName: 'SageMaker',
      }),
      fact({
        day: '2026-11-02',
        billed: '2',
        model: 'unattributed',
        modelBy: 'unattributed',
        stageBy: 'unattributed',
        subAccountId: '333',
      }),
      fact({ day: '2026-11-02', billed: '1', modelBy: 'shared:support', serviceName: 'Support' }),
    ];
    // A Google project's label attributes like a tag (project-tag:<key>).
    facts.push(
      fact({ day: '2026-11-02', billed: '4', modelBy: 'project-tag:model', stageBy: 'project-tag:stage' }),
    );
    const c = buildPageModel(query(), input(facts)).currencies[0]?.coverage;
    expect(c).toMatchObject({
      total: M('15'),
      untaggedModel: M('6'),
      untaggedStage: M('5'),
      unattributed: M('2'),
    });
    expect(c?.offenders.map((o) => [o.subAccountId, o.serviceName, o.cost])).toEqual([
      ['222222222222', 'SageMaker', M('3')],
      ['333', 'Amazon Elastic Compute Cloud', M('2')],
      ['222222222222', 'Support', M('1')],
    ]);
  });
});

describe('anomaly episodes', () => {
  const rec = (day: string, over: Partial<AnomalyRecord> = {}): AnomalyRecord => ({
    id: `a-${day}`,
    seriesId: 'model-stage|recsys-home|eval|USD',
    series: { level: 'model-stage', currency: 'USD', model: 'recsys-home', stage: 'eval' },
    day,
    currency: 'USD',
    actual: M('10'),
    expected: M('4'),
    impact: M('6'),
    score: 9,
    direction: 'up',
    reason: 'level',
    explanation: `up on ${day}`,
    rootCause: [],
    status: 'new',
    detectedAt: `${day}T09:00:00Z`,
    ...over,
  });

  it('merges consecutive days of a series into one episode with the summed impact; a gap starts another', () => {
    const e = episodesOf([rec('2026-11-03'), rec('2026-11-01'), rec('2026-11-02'), rec('2026-11-05')]);
    expect(e.map((x) => [x.firstDay, x.lastDay, x.days, x.impact])).toEqual([
      ['2026-11-05', '2026-11-05', 1, M('6')],
      ['2026-11-01', '2026-11-03', 3, M('18')],
    ]);
    expect(e[1]?.label).toBe('recsys-home, eval (USD)');
    expect(e[1]?.explanation).toBe('up on 2026-11-01');
  });

  it('a change of direction is a new episode', () => {
    const e = episodesOf([rec('2026-11-01'), rec('2026-11-02', { direction: 'down', impact: M('-3') })]);
    expect(e).toHaveLength(2);
  });

  it('labels every level in words, never the internal key', () => {
    expect(seriesLabel({ level: 'total', currency: 'EUR' })).toBe('all spend (EUR)');
    expect(seriesLabel({ level: 'provider', currency: 'USD', provider: 'AWS' })).toBe('AWS (USD)');
    expect(seriesLabel({ level: 'service', currency: 'USD', provider: 'AWS', service: 'Amazon EC2' })).toBe(
      'AWS: Amazon EC2 (USD)',
    );
    expect(seriesLabel({ level: 'model', currency: 'USD', model: 'bert' })).toBe('bert (USD)');
  });
});

it('historyFrom reaches the previous period and 28 days before the last day', () => {
  expect(historyFrom({ from: '2026-11-01', to: '2026-11-30', today: '2026-12-05' })).toBe('2026-10-02');
  expect(historyFrom({ from: '2026-11-20', to: '2026-11-21', today: '2026-12-05' })).toBe(
    addDays('2026-11-21', -27),
  );
});
