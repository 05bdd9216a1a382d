import { describe, expect, it } from 'vitest';
import { alertsOf } from '../../../../src/core/anomaly/alerts.js';
import { judgeSeries } from '../../../../src/core/anomaly/detector.js';
import { civilFromDays, weekdayOf } from '../../../../src/core/day.js';
import { alertDays, noisy, rng, series, withDrops } from './shapes.js';

const opts = withDrops;

describe('judgeSeries on the shapes cost has', () => {
  it('a flat noisy series raises nothing; a spike on day 60 is found with its impact', () => {
    // Prepare
    const n = noisy(rng(1), 0.05);
    const s = series('2026-01-01', 90, (i) => (i === 60 ? 400 : n(100)));
    // Act
    const j = judgeSeries(s.days, s.values, opts);
    const alerts = alertsOf(s.values, j);
    // Assess
    expect(alerts.map((a) => a.index)).toEqual([60]);
    expect(alerts[0]?.expected).toBeGreaterThan(90);
    expect(alerts[0]?.expected).toBeLessThan(110);
    expect(alerts[0]?.direction).toBe('up');
  });

  it('weekends quiet (dev stage): no alert on Saturdays, and a Saturday spike is judged against Saturdays', () => {
    const n = noisy(rng(2), 0.05);
    const base = (day: number) => (weekdayOf(day) === 0 || weekdayOf(day) === 6 ? 10 : 200);
    const quiet = series('2026-01-05', 120, (_, d) => n(base(d)));
    expect(alertDays(quiet)).toEqual([]);
    // A Saturday at weekday level is an anomaly for a Saturday.
    const sat = series('2026-01-05', 120, (i, d) => (i === 103 ? 200 : n(base(d))));
    expect(weekdayOf(sat.days[103] as number)).toBe(6);
    expect(alertDays(sat)).toContain(103);
    const j = judgeSeries(sat.days, sat.values, opts);
    expect(j.reason[103]).toBe(1); // weekday
    expect(j.expected[103]).toBeLessThan(30);
  });

  it('a slow trend (+0.5%/day) raises nothing', () => {
    const n = noisy(rng(3), 0.04);
    expect(alertDays(series('2026-01-01', 200, (i) => n(100 * 1.005 ** i)))).toEqual([]);
  });

  it('a charge on the 1st of every month alerts at most the first time', () => {
    const n = noisy(rng(4), 0.05);
    const s = series('2026-01-02', 200, (_, d) => n(100) + (civilFromDays(d).d === 1 ? 900 : 0));
    const firsts = [...s.days].map((d, i) => (civilFromDays(d).d === 1 ? i : -1)).filter((i) => i >= 0);
    const alerts = alertDays(s);
    // The first 1st has no month before it: a surprise. Later ones are expected.
    expect(alerts.filter((i) => i !== firsts[0])).toEqual([]);
    const j = judgeSeries(s.days, s.values, opts);
    expect(j.reason[firsts[2] as number]).toBe(2); // monthly
  });

  it('a level shift alerts once at its onset; its later days are ongoing, then it is the new normal', () => {
    const n = noisy(rng(5), 0.05);
    const s = series('2026-01-01', 150, (i) => n(i >= 80 ? 250 : 100));
    const j = judgeSeries(s.days, s.values, opts);
    expect(alertsOf(s.values, j).map((a) => a.index)).toEqual([80]);
    const ongoing = alertsOf(s.values, j, 0, true).filter((a) => a.ongoing);
    expect(ongoing.length).toBeGreaterThan(0);
    expect(ongoing.every((a, k) => a.index === 81 + k && a.index < 95)).toBe(true);
  });

  it('a weekly training run on the same weekday: neither its bursts nor the quiet days between alert', () => {
    const n = noisy(rng(11), 0.05);
    const s = series('2026-01-05', 200, (_, d) =>
      weekdayOf(d) === 2 || weekdayOf(d) === 3 ? n(900) : n(40),
    );
    expect(alertDays(s).filter((i) => i >= 21)).toEqual([]);
    // A burst twice the usual size is an anomaly.
    const big = series('2026-01-05', 200, (i, d) =>
      i === 150 ? 3000 : weekdayOf(d) === 2 || weekdayOf(d) === 3 ? n(900) : n(40),
    );
    expect(alertDays(big).filter((i) => i >= 21)).toEqual([150]);
  });

  it('a monthly charge is judged against the 1st of earlier months, not against training bursts', () => {
    const n = noisy(rng(12), 0.05);
    const s = series(
      '2026-01-02',
      200,
      (i, d) => n(100) + (civilFromDays(d).d === 1 ? 900 : 0) + (i % 11 < 3 ? 2000 : 0),
    );
    const firsts = [...s.days].map((d, i) => (civilFromDays(d).d === 1 ? i : -1)).filter((i) => i >= 0);
    expect(alertDays(s).filter((i) => i >= 40 && !firsts.slice(0, 1).includes(i))).toEqual([]);
  });

  it('a new series that starts spending from zero alerts when it starts', () => {
    const n = noisy(rng(6), 0.05);
    const s = series('2026-01-01', 60, (i) => (i < 30 ? 0 : n(120)));
    const j = judgeSeries(s.days, s.values, opts);
    expect(alertDays(s)[0]).toBe(30);
    expect(j.reason[30]).toBe(3); // new
  });

  it('recurring training bursts (2-3 days every ~10 days) do not alert each time', () => {
    const r = rng(7);
    const n = noisy(r, 0.1);
    const s = series('2026-01-01', 200, (i) => (i % 10 < 3 ? n(800) : n(20)));
    const alerts = alertDays(s).filter((i) => i >= 30);
    expect(alerts.length).toBeLessThanOrEqual(2);
  });

  it('a drop is reported with direction down only when drops are on', () => {
    const n = noisy(rng(8), 0.05);
    const s = series('2026-01-01', 90, (i) => (i === 70 ? 10 : n(100)));
    expect(alertDays(s, { ...opts, drops: false })).toEqual([]);
    const j = judgeSeries(s.days, s.values, opts);
    expect(alertsOf(s.values, j).map((a) => [a.index, a.direction])).toEqual([[70, 'down']]);
  });

  it('the impact floor holds back statistically clear but cheap changes', () => {
    const n = noisy(rng(9), 0.02);
    const s = series('2026-01-01', 90, (i) => (i === 60 ? 15 : n(5)));
    expect(alertDays(s, { ...opts, minImpact: 0 })).toEqual([60]);
    expect(alertDays(s, { ...opts, minImpact: 9 })).toEqual([60]);
    expect(alertDays(s, { ...opts, minImpact: 11 })).toEqual([]);
  });

  it('judges from 14 days of history and never looks ahead', () => {
    const n = noisy(rng(10), 0.05);
    const s = series('2026-01-01', 40, (i) => (i === 16 ? 500 : n(100)));
    const full = judgeSeries(s.days, s.values, opts);
    expect(Number.isNaN(full.score[13] as number)).toBe(true);
    expect(Number.isNaN(full.score[14] as number)).toBe(false);
    expect(alertDays(s)).toEqual([16]);
    // Changing the future leaves every earlier judgement as it was.
    const changed = Float64Array.from(s.values, (v, i) => (i > 25 ? v * 7 : v));
    const again = judgeSeries(s.days, changed, opts);
    for (let i = 0; i <= 25; i++) expect(again.score[i]).toEqual(full.score[i]);
  });
});
