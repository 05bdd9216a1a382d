import { describe, expect, it } from 'vitest';
import { isReportable } from '../../../../../src/core/anomaly/detector-day.js';
import { calmDown, Episode, flagInEpisode } from '../../../../../src/core/anomaly/detector-episode.js';
import { FLAG } from '../../../../../src/core/anomaly/detector-flags.js';
import { dayContext } from './day-context.js';

describe('flagInEpisode: one anomaly, one alert', () => {
  it('an alerting day in the open direction is ongoing until its excess more than doubles', () => {
    const ep = new Episode();
    expect(flagInEpisode(ep, 1, 100, false)).toBe(FLAG.alert);
    expect(flagInEpisode(ep, 1, 200, false)).toBe(FLAG.ongoing);
    // Near miss: more than double the first alert's excess is a new alert (and the new reference).
    expect(flagInEpisode(ep, 1, 201, false)).toBe(FLAG.alert);
    expect(flagInEpisode(ep, 1, 402, false)).toBe(FLAG.ongoing);
    expect(flagInEpisode(ep, 1, 403, false)).toBe(FLAG.alert);
    // The other direction is another anomaly.
    expect(flagInEpisode(ep, -1, 50, false)).toBe(FLAG.alert);
  });

  it('while a rise is open, a run beyond the recurring ones is the same anomaly however large', () => {
    const ep = new Episode();
    flagInEpisode(ep, 1, 100, false);
    expect(flagInEpisode(ep, 1, 1000, true)).toBe(FLAG.ongoing);
  });
});

describe('calmDown', () => {
  it('an anomaly is over after three days in a row back within half the threshold', () => {
    const ep = new Episode();
    flagInEpisode(ep, 1, 100, false);
    calmDown(ep, 1, 4);
    calmDown(ep, 1.9, 4);
    // Near miss: a day at half the threshold in the anomaly's direction starts the count again.
    calmDown(ep, 2, 4);
    expect([ep.direction, ep.calmDays]).toEqual([1, 0]);
    calmDown(ep, -3, 4);
    calmDown(ep, 0, 4);
    expect(ep.direction).toBe(1);
    calmDown(ep, 0, 4);
    expect(ep.direction).toBe(0);
  });
});

describe('isReportable', () => {
  it('the impact floor must be met, and drops only when asked for', () => {
    const day = { value: 110, expected: 100, direction: 1 };
    expect(isReportable(dayContext(day))).toBe(true);
    expect(isReportable(dayContext({ ...day, value: 109.99 }))).toBe(false);
    const drop = { value: 80, expected: 100, direction: -1 };
    expect(isReportable(dayContext(drop))).toBe(true);
    expect(isReportable(dayContext(drop, { ...dayContext().opts, drops: false }))).toBe(false);
  });
});
