import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MonthCursor } from '../../../../src/core/anomaly/month-cursor.js';
import { civilFromDays, sameDayMonthsBack, weekdayOf } from '../../../../src/core/day.js';

describe('MonthCursor', () => {
  it('steps and jumps to the same date, weekday and same day 1-3 months back as the from-scratch conversions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -20000, max: 40000 }),
        fc.array(
          fc.oneof(fc.constant(1), fc.constant(1), fc.constant(1), fc.integer({ min: -400, max: 400 })),
          {
            maxLength: 500,
          },
        ),
        (start, steps) => {
          const c = new MonthCursor();
          let day = start;
          for (const step of [0, ...steps]) {
            day += step;
            c.moveTo(day);
            expect({ y: c.y, m: c.m, d: c.d }).toEqual(civilFromDays(day));
            expect(c.weekday).toBe(weekdayOf(day));
            for (const back of [1, 2, 3])
              expect(c.sameDayMonthsBack(back)).toBe(sameDayMonthsBack(day, back));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
