import { describe, expect, it } from 'vitest';
import { REASON } from '../../../../../src/core/anomaly/detector-flags.js';
import {
  doublesBothExpectations,
  isSecondWarmDay,
  isWeekdayOnlyDrop,
  isWeekdayOnlyRise,
  viewRulesFire,
  warmDirection,
} from '../../../../../src/core/anomaly/detector-view-rules.js';
import { beyondThreshold, chooseView } from '../../../../../src/core/anomaly/detector-views.js';
import { dayContext } from './day-context.js';

// Default thresholds: level view 4, weekday view 5.

describe('the two views combined (chooseView, beyondThreshold)', () => {
  it('the view further beyond its own threshold explains the day, and fires from its threshold on', () => {
    // Prepare: the weekday view at 1.2 thresholds, the level view at 0.9.
    const ctx = dayContext({
      level: 100,
      weekdayExpected: 80,
      levelZ: 3.6,
      levelRatio: 0.9,
      weekdayZ: 6,
      weekdayRatio: 1.2,
    });
    // Act
    chooseView(ctx);
    // Assess
    expect([ctx.byWeekday, ctx.expected, ctx.score, ctx.reason]).toEqual([true, 80, 6, REASON.weekday]);
    expect(beyondThreshold(ctx)).toBe(true);
    // Near miss: the weekday view just under its threshold, the level view even further under.
    Object.assign(ctx, { weekdayRatio: 0.99 });
    chooseView(ctx);
    expect(beyondThreshold(ctx)).toBe(false);
    // A tie goes to the level view; a series that has not spent yet is a new series.
    Object.assign(ctx, { weekdayRatio: 0.9, spendingStarted: false });
    chooseView(ctx);
    expect([ctx.byWeekday, ctx.expected, ctx.reason]).toEqual([false, 100, REASON.newSeries]);
  });
});

describe('isWeekdayOnlyRise', () => {
  it('holds back a rise only the weekday view sees unless the level view is half-way up its threshold', () => {
    const rise = { byWeekday: true, weekdayZ: 6, weekdayRatio: 1.2 };
    expect(isWeekdayOnlyRise(dayContext({ ...rise, levelZ: 1.9 }))).toBe(true);
    // Near misses: half-way up the level view (z 2 of 4); a drop; a weekday outside the level's band.
    expect(isWeekdayOnlyRise(dayContext({ ...rise, levelZ: 2 }))).toBe(false);
    expect(isWeekdayOnlyRise(dayContext({ ...rise, weekdayZ: -6, levelZ: -1 }))).toBe(false);
    expect(isWeekdayOnlyRise(dayContext({ ...rise, levelZ: 1.9, weekdayOutsideLevelBand: true }))).toBe(
      false,
    );
  });
});

describe('the two-day rule (warmDirection, isSecondWarmDay)', () => {
  it('a rise beyond 0.7 of a threshold on two days in a row fires on the second day', () => {
    // Prepare: the day before rose beyond 0.7 of its threshold.
    const ctx = dayContext({ levelRatio: 0.7, score: 2.8 });
    const warm = warmDirection(ctx);
    expect(warm).toBe(1);
    ctx.episode.warmDirection = 1;
    ctx.episode.warmDay = ctx.day - 1;
    // Act / Assess
    expect(isSecondWarmDay(ctx, warm)).toBe(true);
    // Near misses: below 0.7 today; the warm day two days back; two drops in a row.
    expect(warmDirection(dayContext({ levelRatio: 0.69, weekdayRatio: 0.5, score: 2.76 }))).toBe(0);
    ctx.episode.warmDay = ctx.day - 2;
    expect(isSecondWarmDay(ctx, warm)).toBe(false);
    ctx.episode.warmDay = ctx.day - 1;
    ctx.episode.warmDirection = -1;
    expect(isSecondWarmDay(ctx, -1)).toBe(false);
  });

  it('viewRulesFire remembers each day for the next', () => {
    // Prepare: two days in a row at 0.75 of the level threshold (z 3), neither beyond it.
    const ctx = dayContext({ level: 100, value: 130, levelZ: 3, levelRatio: 0.75, score: 3 });
    // Act / Assess
    expect(viewRulesFire(ctx)).toBe(false);
    ctx.day += 1;
    expect(viewRulesFire(ctx)).toBe(true);
  });
});

describe('doublesBothExpectations', () => {
  it('more than double both expectations fires whatever the scores', () => {
    const ctx = { level: 100, weekdayJudges: true, weekdayExpected: 100 };
    expect(doublesBothExpectations(dayContext({ ...ctx, value: 201 }))).toBe(true);
    // Near misses: exactly double; double the level but not the weekday view's 150.
    expect(doublesBothExpectations(dayContext({ ...ctx, value: 200 }))).toBe(false);
    expect(doublesBothExpectations(dayContext({ ...ctx, value: 250, weekdayExpected: 150 }))).toBe(false);
  });

  it('double the level is enough while the weekday view has two weeks behind it, or does not judge', () => {
    const ctx = { level: 100, value: 250, weekdayExpected: 150 };
    expect(doublesBothExpectations(dayContext({ ...ctx, weekdayJudges: true, weekdayFewWeeks: true }))).toBe(
      true,
    );
    expect(doublesBothExpectations(dayContext({ ...ctx, weekdayJudges: false }))).toBe(true);
    expect(doublesBothExpectations(dayContext({ ...ctx, level: 0, value: 5, weekdayJudges: false }))).toBe(
      false,
    );
  });
});

describe('isWeekdayOnlyDrop', () => {
  it('holds back a drop only the weekday view sees unless it is below the recent level', () => {
    const drop = { byWeekday: true, score: -6, level: 100, levelZ: -0.5, levelRatio: 0.125 };
    expect(isWeekdayOnlyDrop(dayContext({ ...drop, value: 100 }))).toBe(true);
    // Near misses: below the level; the level view beyond its threshold too.
    expect(isWeekdayOnlyDrop(dayContext({ ...drop, value: 99 }))).toBe(false);
    expect(isWeekdayOnlyDrop(dayContext({ ...drop, value: 100, levelRatio: 1 }))).toBe(false);
  });

  it('from two weeks only, the drop must also be half-way down the level view', () => {
    const drop = { byWeekday: true, score: -6, level: 100, value: 98, weekdayFewWeeks: true };
    expect(isWeekdayOnlyDrop(dayContext({ ...drop, levelZ: -1.9, levelRatio: 0.475 }))).toBe(true);
    expect(isWeekdayOnlyDrop(dayContext({ ...drop, levelZ: -2, levelRatio: 0.5 }))).toBe(false);
  });
});
