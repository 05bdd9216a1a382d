import { describe, expect, it } from 'vitest';
import { alertsOf } from '../../../../src/core/anomaly/alerts.js';
import { judgeSeries, REASON } from '../../../../src/core/anomaly/detector.js';
import { explain } from '../../../../src/core/anomaly/explain.js';
import { civilFromDays, weekdayOf } from '../../../../src/core/day.js';
import { alertDays, noisy, rng, series, withDrops } from './shapes.js';

const opts = withDrops;

describe('cost rules: training runs, one-day spikes, monthly charges', () => {
  it('a run far larger than the series ever ran alerts, with the largest recent run as expectation', () => {
    // Prepare: a job of 3 days every 10 days at ~800 over a base of 20; day 153 runs at 3,000.
    const n = noisy(rng(21), 0.05);
    const job = (i: number) => i % 10 < 3;
    const calm = series('2026-01-01', 200, (i) => (job(i) ? n(800) : n(20)));
    const big = series('2026-01-01', 200, (i) => (i === 153 ? 3000 : job(i) ? n(800) : n(20)));
    // Act
    const j = judgeSeries(big.days, big.values, opts);
    // Assess: the ordinary runs stay quiet, the big one alerts as a burst above the usual run.
    expect(alertDays(calm).filter((i) => i >= 30)).toEqual([]);
    expect(alertDays(big).filter((i) => i >= 30)).toEqual([153]);
    expect(j.reason[153]).toBe(REASON.burst);
    expect(j.expected[153]).toBeGreaterThan(700);
    expect(j.expected[153]).toBeLessThan(1000);
  });

  it('a run within half again of the largest recent run is the job, not an anomaly', () => {
    const n = noisy(rng(22), 0.05);
    const s = series('2026-01-01', 200, (i) => (i === 151 ? 1100 : i % 10 < 3 ? n(800) : n(20)));
    expect(alertDays(s).filter((i) => i >= 30)).toEqual([]);
  });

  it('a job that runs more than half the days (the median is a run day) is still the series pattern', () => {
    // Prepare: runs of 5 days in 8, 6 in 10, 7 in 12 at ~800 over a base of ~100.
    for (const [len, every] of [
      [5, 8],
      [6, 10],
      [7, 12],
    ] as const) {
      const n = noisy(rng(28), 0.08);
      const s = series('2026-01-01', 200, (i) => n(i % every < len ? 800 : 100));
      // Act / Assess: neither the runs nor the base days between them alert.
      expect(
        alertDays(s).filter((i) => i >= 30),
        `${len} in ${every}`,
      ).toEqual([]);
    }
  });

  it('one-day spikes, however often, are no pattern: a new spike still alerts', () => {
    // Prepare: single-day spikes at x5 every 9 days (not a job's multi-day run), then one at x5 on day 150.
    const n = noisy(rng(23), 0.05);
    const s = series('2026-01-01', 170, (i) => (i % 9 === 0 && i < 120 ? n(500) : i === 150 ? 500 : n(100)));
    // Act / Assess
    expect(alertDays(s)).toContain(150);
  });

  it('between training runs, a day is a drop only below half the lowest day of the last four weeks', () => {
    const n = noisy(rng(24), 0.05);
    const job = (i: number) => i % 10 < 4;
    // Four days in ten at ~800 pull the median up; the base days at ~20 are not drops.
    const base = series('2026-01-01', 200, (i) => (job(i) ? n(800) : n(20)));
    expect(alertDays(base).filter((i) => i >= 30)).toEqual([]);
    // A dev stage that is quiet on weekends (10%) with a job of 3 days every 9: its quiet weekend days
    // sit far below the median, but not below half the lowest day.
    const weekend = (d: number) => (weekdayOf(d) === 0 || weekdayOf(d) === 6 ? 0.1 : 1);
    const dev = series('2026-01-01', 200, (i, d) => n((i % 9 < 3 ? 800 : 100) * weekend(d)));
    expect(alertDays(dev).filter((i) => i >= 30)).toEqual([]);
    // A base day at 2 (a tenth of the base) is below half the lowest day: a drop (job of 3 days every 2 weeks).
    const drop = series('2026-01-01', 200, (i) => (i === 157 ? 2 : i % 14 < 3 ? n(800) : n(20)));
    const alerts = alertsOf(drop.values, judgeSeries(drop.days, drop.values, { ...opts, minImpact: 0 }));
    expect(alerts.filter((a) => a.index >= 30).map((a) => [a.index, a.direction])).toEqual([[157, 'down']]);
  });

  it('a monthly charge billed during a level shift is remembered: the next 1st does not alert', () => {
    // Prepare: a 1st-of-month charge of 300 on a level of 100 that doubles on day 55 (Feb 25).
    const n = noisy(rng(25), 0.04);
    const s = series(
      '2026-01-01',
      160,
      (i, d) => n(i >= 55 ? 200 : 100) + (civilFromDays(d).d === 1 ? 300 : 0),
    );
    const firsts = [...s.days].map((d, i) => (civilFromDays(d).d === 1 ? i : -1)).filter((i) => i >= 0);
    // Act
    const alerts = alertDays(s);
    // Assess: the shift alerts at its onset; Mar 1 (4 days into the shift) and later 1sts are expected.
    expect(alerts).toContain(55);
    for (const f of firsts.filter((i) => i > 55)) expect(alerts).not.toContain(f);
    const j = judgeSeries(s.days, s.values, opts);
    expect(j.reason[firsts[firsts.length - 1] as number]).toBe(REASON.monthly);
  });

  it('a charge on the 1st too small to alert on its own is remembered: a larger one is judged against it', () => {
    // Prepare: level 1,000 with 4% noise (scale floored at 6%: 60); a charge of 200 (3.3 scales) on the
    // 1st, then 320 (5.3 scales) on the 1st of May.
    const n = noisy(rng(26), 0.04);
    const charge = (d: number) => {
      const c = civilFromDays(d);
      return c.d !== 1 ? 0 : c.m === 5 ? 320 : 200;
    };
    const s = series('2026-01-02', 150, (_, d) => n(1000) + charge(d));
    const may1 = [...s.days].findIndex((d) => civilFromDays(d).m === 5 && civilFromDays(d).d === 1);
    // Act
    const j = judgeSeries(s.days, s.values, opts);
    // Assess: May 1 is judged as a monthly charge, and within its range it does not alert.
    expect(j.reason[may1]).toBe(REASON.monthly);
    expect(alertDays(s)).not.toContain(may1);
    // Without the February-April charges, the same May 1 alerts.
    const once = series('2026-01-02', 150, (i, d) => n(1000) + (i === may1 ? charge(d) : 0));
    expect(alertDays(once)).toContain(may1);
  });

  it('a rise of z 2.8 to 4 on two days in a row starts an anomaly; one such day does not', () => {
    // Prepare: level 100, 1% noise (at most 3%; scale floored at 6% of the level: 6); +20 is z 2.7 to
    // 3.9, never 4.
    const n = noisy(rng(27), 0.01);
    const shift = series('2026-01-01', 120, (i) => n(i >= 60 ? 120 : 100));
    const bump = series('2026-01-01', 120, (i) => n(i === 60 ? 120 : 100));
    // Act
    const alerts = alertDays(shift);
    // Assess
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toBeGreaterThanOrEqual(60);
    expect(alerts[0]).toBeLessThanOrEqual(66);
    expect(alertDays(bump)).toEqual([]);
  });

  it('a series with gaps is judged from 14 calendar days of history when half of them were observed', () => {
    // Prepare: a value every other day (the others missing), a spike on day 20, its 11th observation.
    const n = noisy(rng(29), 0.05);
    const s = series('2026-01-01', 40, (i) => (i % 2 === 1 ? Number.NaN : i === 20 ? 400 : n(100)));
    // Act
    const j = judgeSeries(s.days, s.values, opts);
    // Assess
    expect(alertDays(s)).toEqual([20]);
    expect(Number.isNaN(j.score[12] as number)).toBe(true);
    expect(Number.isNaN(j.score[14] as number)).toBe(false);
  });

  it('more than double both expectations alerts even where the noise keeps the score below 4', () => {
    // Prepare: 30% noise (scale ~0.45 of the level); day 150 at 2.3 times the level scores about 3.
    const n = noisy(rng(30), 0.3);
    const s = series('2026-01-01', 200, (i) => (i === 150 ? 230 : n(100)));
    // Act
    const j = judgeSeries(s.days, s.values, opts);
    // Assess
    expect(Math.abs(j.score[150] as number)).toBeLessThan(4);
    expect(alertDays(s)).toContain(150);
  });

  it('the Slack line names the training run as the expectation', () => {
    const line = explain({
      label: 'llama3-70b train',
      day: '2026-06-03',
      currency: 'USD',
      actual: 3_000_000_000_000_000n,
      expected: 800_000_000_000_000n,
      impact: 2_200_000_000_000_000n,
      reason: 'burst',
    });
    expect(line).toBe(
      'llama3-70b train on 2026-06-03: expected $800.00 (level plus the largest recent training run), ' +
        'got $3,000.00, +275.0%, impact +$2,200.00',
    );
  });
});
