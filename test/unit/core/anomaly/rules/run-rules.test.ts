import { describe, expect, it } from 'vitest';
import { REASON } from '../../../../../src/core/anomaly/detector-flags.js';
import {
  explainByLargestRun,
  isNoDropBetweenRuns,
  isWithinRecurringRuns,
  runBeyondRecurringRuns,
} from '../../../../../src/core/anomaly/detector-run-rules.js';
import { dayContext, withRuns } from './day-context.js';

/** Six weeks of a job running 3 days in every 10 at 800 over a base of 100 (runs 700 above the level). */
const training = (fields: Parameters<typeof dayContext>[0]) =>
  withRuns(dayContext({ level: 100, levelScale: 10, ...fields }), 42, 100, 800, (k) => k % 10 < 3);

describe('isWithinRecurringRuns', () => {
  it('a rise within half again of the largest recent run is the job', () => {
    expect(isWithinRecurringRuns(training({ value: 1150 }))).toBe(true);
    // Near misses: beyond 1.5x the largest run (700 x 1.5 = 1050 over the level); one-day spikes only.
    expect(isWithinRecurringRuns(training({ value: 1151 }))).toBe(false);
    const spikes = withRuns(dayContext({ level: 100, value: 900 }), 42, 100, 800, (k) => k % 10 === 0);
    expect(isWithinRecurringRuns(spikes)).toBe(false);
  });

  it("a run's later day must look like a run day: after a covered day, a base beyond the threshold is no run", () => {
    const ctx = training({ value: 900, levelZ: 80 });
    ctx.episode.coveredRunDay = ctx.day - 1;
    expect(isWithinRecurringRuns(ctx)).toBe(false);
    ctx.isRunDay = true;
    expect(isWithinRecurringRuns(ctx)).toBe(true);
  });
});

describe('isNoDropBetweenRuns', () => {
  it('with recurring runs, a drop must fall below half the window’s lowest day', () => {
    const between = (value: number, more = {}) => {
      const ctx = training({ value, levelRatio: 2, ...more });
      for (let k = 0; k < 28; k++) ctx.levelWindow.push(k === 5 ? 80 : 100 + k);
      return ctx;
    };
    expect(isNoDropBetweenRuns(between(40))).toBe(true);
    expect(isNoDropBetweenRuns(between(39))).toBe(false);
    // The weekday view alone is not enough between runs, however low.
    expect(isNoDropBetweenRuns(between(10, { byWeekday: true, levelRatio: 0.9 }))).toBe(true);
    // Without recurring runs the rule does not apply.
    const plain = dayContext({ level: 100, value: 40, levelRatio: 2 });
    for (let k = 0; k < 28; k++) plain.levelWindow.push(100);
    expect(isNoDropBetweenRuns(plain)).toBe(false);
  });
});

describe('runBeyondRecurringRuns and explainByLargestRun', () => {
  it('a run beyond 1.5x the largest recent one alerts, explained against that run', () => {
    const ctx = training({ value: 1200, score: 2 });
    // Act
    const largest = runBeyondRecurringRuns(ctx);
    explainByLargestRun(ctx, largest);
    // Assess
    expect(largest).toBe(700);
    expect([ctx.direction, ctx.expected, ctx.reason, ctx.score, ctx.alerting]).toEqual([
      1,
      800,
      REASON.burst,
      40,
      true,
    ]);
    // Near miss: within the slack.
    expect(runBeyondRecurringRuns(training({ value: 1150 }))).toBe(0);
  });

  it('the excess over the largest run must meet the impact floor', () => {
    const ctx = training({ value: 809.99 });
    explainByLargestRun(ctx, 700);
    expect(ctx.alerting).toBe(false);
    ctx.value = 810;
    explainByLargestRun(ctx, 700);
    expect(ctx.alerting).toBe(true);
  });
});
