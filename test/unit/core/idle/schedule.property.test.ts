import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleState } from '../../../../src/core/idle/schedule.js';
import { type ScheduleSpec, WEEKDAYS, type Weekday } from '../../../../src/core/idle/types.js';

// Zones with DST in either hemisphere, half-hour and 45-minute offsets, and a 30-minute DST shift.
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Sao_Paulo',
];

/** The oracle: local wall time from Intl, independent of @date-fns/tz. */
function wallClock(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: String(parts.weekday).toLowerCase().slice(0, 3) as Weekday,
  };
}

const hm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

describe('scheduleState (property, against Intl as the oracle)', () => {
  it('is working, warning or off exactly as the local wall clock says, in any zone, across DST changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        // Every minute of 2026, where all these zones change clocks at least once.
        fc
          .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) })
          .map((t) => new Date(t - (t % 60_000))),
        fc.integer({ min: 5 * 60, max: 10 * 60 }),
        fc.integer({ min: 16 * 60, max: 22 * 60 }),
        fc.subarray([...WEEKDAYS], { minLength: 1 }),
        fc.integer({ min: 0, max: 120 }),
        fc.boolean(),
        (zone, now, start, end, workingDays, lead, holidayToday) => {
          const local = wallClock(now, zone);
          const spec: ScheduleSpec = {
            name: 's',
            timeZone: zone,
            dayStart: hm(start),
            dayEnd: hm(end),
            workingDays,
            holidays: holidayToday ? [local.day] : [],
          };
          const s = scheduleState(spec, now, lead);
          const workday = workingDays.includes(local.weekday) && !holidayToday;
          const expected = !workday
            ? 'off'
            : local.minutes < start || local.minutes >= end
              ? 'off'
              : local.minutes >= end - lead
                ? 'warning'
                : 'working';
          expect(s.phase).toBe(expected);
          // The off period began at a day-end in the past (or, while working, ends at one ahead).
          if (s.phase === 'off') expect(s.offSince.getTime()).toBeLessThanOrEqual(now.getTime());
          else expect(s.offSince.getTime()).toBeGreaterThan(now.getTime());
          expect(wallClock(s.offSince, zone).minutes).toBe(end);
          if (s.resumesAt) {
            expect(s.resumesAt.getTime()).toBeGreaterThan(now.getTime());
            expect(wallClock(s.resumesAt, zone).minutes).toBe(start);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
