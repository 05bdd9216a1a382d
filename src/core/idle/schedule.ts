import { TZDate } from '@date-fns/tz';
import type { ScheduleSpec } from './types.js';
import { WEEKDAYS } from './types.js';

export type Phase = 'working' | 'warning' | 'off';

export interface ScheduleState {
  phase: Phase;
  /** Day-end instant that began the current off period (the coming one while in `warning`). */
  offSince: Date;
  /** Next working-hours start after the off period; undefined when none within a year. */
  resumesAt?: Date;
}

interface LocalDay {
  y: number;
  m: number; // 0-based
  d: number;
}

// A year of look-ahead/behind covers any holiday list; a schedule with no working days has no bound.
const SEARCH_DAYS = 366;

function parseHm(hm: string): [number, number] {
  const [h = 0, m = 0] = hm.split(':').map(Number);
  return [h, m];
}

function shift(day: LocalDay, days: number): LocalDay {
  const u = new Date(Date.UTC(day.y, day.m, day.d + days));
  return { y: u.getUTCFullYear(), m: u.getUTCMonth(), d: u.getUTCDate() };
}

function ymd(day: LocalDay): string {
  return `${day.y}-${String(day.m + 1).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
}

/** The instant of local wall time `hm` on `day` in `timeZone` (TZDate resolves DST offsets). */
function at(day: LocalDay, hm: string, timeZone: string): Date {
  const [h, m] = parseHm(hm);
  return new Date(new TZDate(day.y, day.m, day.d, h, m, 0, 0, timeZone).getTime());
}

export function isWorkingDay(spec: ScheduleSpec, day: LocalDay): boolean {
  const dow = WEEKDAYS[new Date(Date.UTC(day.y, day.m, day.d)).getUTCDay()];
  return dow !== undefined && spec.workingDays.includes(dow) && !spec.holidays.includes(ymd(day));
}

function localDay(now: Date, timeZone: string): LocalDay {
  const t = new TZDate(now.getTime(), timeZone);
  return { y: t.getFullYear(), m: t.getMonth(), d: t.getDate() };
}

function previousDayEnd(spec: ScheduleSpec, day: LocalDay): Date {
  for (let i = 1; i <= SEARCH_DAYS; i++) {
    const d = shift(day, -i);
    if (isWorkingDay(spec, d)) return at(d, spec.dayEnd, spec.timeZone);
  }
  // No working day in a year: the whole time is off; the local midnight of today names the period.
  return at(day, '00:00', spec.timeZone);
}

function nextDayStart(spec: ScheduleSpec, day: LocalDay, includeToday: boolean): Date | undefined {
  for (let i = includeToday ? 0 : 1; i <= SEARCH_DAYS; i++) {
    const d = shift(day, i);
    if (isWorkingDay(spec, d)) return at(d, spec.dayStart, spec.timeZone);
  }
  return undefined;
}

/**
 * Where `now` falls in a team's week: working hours, the warning lead before day-end, or off-hours.
 * Weekends and holidays are off all day; so are the hours before dayStart on a working day.
 */
export function scheduleState(spec: ScheduleSpec, now: Date, leadMinutes: number): ScheduleState {
  const today = localDay(now, spec.timeZone);
  const withResume = (phase: Phase, offSince: Date, resumesAt: Date | undefined): ScheduleState =>
    resumesAt ? { phase, offSince, resumesAt } : { phase, offSince };
  if (!isWorkingDay(spec, today)) {
    return withResume('off', previousDayEnd(spec, today), nextDayStart(spec, today, false));
  }
  const start = at(today, spec.dayStart, spec.timeZone);
  const end = at(today, spec.dayEnd, spec.timeZone);
  const t = now.getTime();
  if (t < start.getTime()) return withResume('off', previousDayEnd(spec, today), start);
  const after = nextDayStart(spec, today, false);
  if (t >= end.getTime()) return withResume('off', end, after);
  if (t >= end.getTime() - leadMinutes * 60_000) return withResume('warning', end, after);
  return withResume('working', end, after);
}
