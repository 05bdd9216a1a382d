import { describe, expect, it } from 'vitest';
import { evaluateBudget } from '../../../../src/core/budget/budget.js';
import { forecastMonth } from '../../../../src/core/budget/forecast.js';
import { dayNumber, weekdayOf } from '../../../../src/core/day.js';
import { parseMoney } from '../../../../src/core/money.js';
import { fact } from '../../../helpers/facts.js';

describe('forecastMonth', () => {
  it('a flat 100/day series forecasts 100 per remaining day, with an interval around it', () => {
    const asOf = dayNumber('2026-11-10');
    const f = forecastMonth(new Array(40).fill(100), asOf, 1000);
    expect(f.remaining).toHaveLength(20);
    expect(f.total).toBeCloseTo(3000, 6);
    expect(f.low).toBeLessThanOrEqual(f.total);
    expect(f.high).toBeGreaterThanOrEqual(f.total);
  });

  it('keeps the weekday shape: quiet weekends lower the forecast', () => {
    const asOf = dayNumber('2026-11-10');
    const history = Array.from({ length: 40 }, (_, i) => {
      const dow = weekdayOf(asOf - 39 + i);
      return dow === 0 || dow === 6 ? 10 : 200;
    });
    const f = forecastMonth(history, asOf, 0);
    const weekendDays = f.remaining.filter((_, k) => [0, 6].includes(weekdayOf(asOf + 1 + k)));
    expect(Math.max(...weekendDays)).toBeLessThan(30);
  });
});

describe('evaluateBudget', () => {
  const budget = {
    name: 'llama serve',
    scope: { model: 'llama3-70b', stage: 'serve' },
    amount: parseMoney('3000'),
    currency: 'USD',
    thresholds: { actual: [50, 80, 100], forecast: [100] },
  };
  const facts = Array.from({ length: 40 }, (_, i) =>
    fact({ day: new Date(Date.UTC(2026, 9, 2 + i)).toISOString().slice(0, 10), billed: '150' }),
  ).concat([fact({ day: '2026-11-05', model: 'bert', billed: '99999' })]);

  it('sums month-to-date exactly in scope, forecasts month end and says when it runs out', () => {
    const s = evaluateBudget(budget, facts, '2026-11-10', 'effective');
    expect(s.spent).toBe(parseMoney('1500'));
    expect(s.spentPct).toBe(50);
    expect(s.forecast).toBe(parseMoney('4500'));
    expect(s.runsOutOn).toBe('2026-11-20');
    expect(s.summary).toContain('at this pace the llama serve budget runs out on Nov 20');
    expect(s.crossed.map((c) => `${c.kind}:${c.threshold}`)).toEqual(['actual:50', 'forecast:100']);
  });
});
