import { describe, expect, it } from 'vitest';
import { plan } from '../../../../src/core/idle/plan.js';
import { scheduleState } from '../../../../src/core/idle/schedule.js';
import { at, policyOf, vm } from './helpers.js';

// An untagged instance is a candidate whatever its metrics: only the schedule decides its action.
const untagged = (tags: Record<string, string> = {}) => vm({ tags });
const actionAt = (policy: ReturnType<typeof policyOf>, iso: string, tags: Record<string, string> = {}) =>
  plan([untagged(tags)], new Map(), policy, at(iso)).decisions[0];

const teams = policyOf({
  schedules: [
    { name: 'berlin', match: { team: 'vision' }, timeZone: 'Europe/Berlin' },
    { name: 'tokyo', match: { team: 'nlp' }, timeZone: 'Asia/Tokyo', dayEnd: '20:00' },
    { name: 'nyc', match: { team: 'ads' }, timeZone: 'America/New_York', holidays: ['2026-11-26'] },
  ],
});

describe('plan: schedules per team in their own time zone', () => {
  it('acts only for the zones whose day-end has come', () => {
    // 2026-11-23 18:00Z = 19:00 in Berlin (CET), 03:00 Tuesday in Tokyo, 13:00 in New York.
    expect(actionAt(teams, '2026-11-23T18:00:00Z', { team: 'vision' })).toMatchObject({
      action: 'stop',
      schedule: 'berlin',
    });
    expect(actionAt(teams, '2026-11-23T17:59:00Z', { team: 'vision' })?.action).toBe('warn');
    expect(actionAt(teams, '2026-11-23T18:00:00Z', { team: 'ads' })).toMatchObject({
      action: 'keep',
      schedule: 'nyc',
      phase: 'working',
    });
    // Tokyo's 20:00 is 11:00Z; 03:00 local on Tuesday is before day start, so off.
    expect(actionAt(teams, '2026-11-23T18:00:00Z', { team: 'nlp' })).toMatchObject({
      action: 'stop',
      schedule: 'tokyo',
    });
    expect(actionAt(teams, '2026-11-23T10:59:00Z', { team: 'nlp' })?.action).toBe('warn');
    expect(actionAt(teams, '2026-11-23T11:00:00Z', { team: 'nlp' })?.action).toBe('stop');
  });

  it('matches schedule tags ignoring case; an instance no schedule matches gets the default', () => {
    expect(actionAt(teams, '2026-11-23T18:00:00Z', { Team: 'Vision' })?.schedule).toBe('berlin');
    expect(actionAt(teams, '2026-11-23T18:00:00Z', { team: 'other' })).toMatchObject({
      schedule: 'default',
      action: 'keep',
    });
  });

  it('follows daylight-saving changes: 19:00 in Berlin is 17:00Z in summer, 18:00Z in winter', () => {
    // Friday 2026-10-23 is CEST (+2); Monday 2026-10-26 is CET (+1), after the change on Sunday 25th.
    expect(actionAt(teams, '2026-10-23T16:59:00Z', { team: 'vision' })?.action).toBe('warn');
    expect(actionAt(teams, '2026-10-23T17:00:00Z', { team: 'vision' })?.action).toBe('stop');
    // At 17:00Z on Monday it is 18:00 in Berlin: still working (Friday's 17:00Z was day-end).
    expect(actionAt(teams, '2026-10-26T17:00:00Z', { team: 'vision' })?.action).toBe('keep');
    expect(actionAt(teams, '2026-10-26T17:30:00Z', { team: 'vision' })?.action).toBe('warn');
    expect(actionAt(teams, '2026-10-26T18:00:00Z', { team: 'vision' })?.action).toBe('stop');
    // New York springs forward on Sunday 2026-03-08: 19:00 is 00:00Z before, 23:00Z after.
    expect(actionAt(teams, '2026-03-06T23:59:00Z', { team: 'ads' })?.action).toBe('warn');
    expect(actionAt(teams, '2026-03-09T23:00:00Z', { team: 'ads' })?.action).toBe('stop');
  });

  it('computes the day-end on the day of the change itself', () => {
    const sevenDays = policyOf({
      timeZone: 'Europe/Berlin',
      workingDays: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
    });
    // Sunday 2026-10-25: clocks go back at 03:00 CEST; 19:00 that evening is CET, 18:00Z.
    const s = scheduleState(sevenDays.defaultSchedule, at('2026-10-25T18:00:00Z'), 30);
    expect(s).toMatchObject({ phase: 'off' });
    expect(s.offSince.toISOString()).toBe('2026-10-25T18:00:00.000Z');
    // The night is 13 h long on the 25th (19:00 CET to 07:00 CET).
    expect(s.resumesAt?.toISOString()).toBe('2026-10-26T06:00:00.000Z');
    // Spring forward, Sunday 2026-03-29: 07:00 CEST is 05:00Z.
    const spring = scheduleState(sevenDays.defaultSchedule, at('2026-03-29T04:59:00Z'), 30);
    expect(spring).toMatchObject({ phase: 'off' });
    expect(spring.resumesAt?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
  });

  it('treats weekends as off all day, from Friday day-end to Monday day-start', () => {
    const d = actionAt(policyOf(), '2026-11-28T12:00:00Z'); // Saturday noon
    expect(d).toMatchObject({
      action: 'stop',
      phase: 'off',
      offSince: '2026-11-27T19:00:00.000Z',
      resumesAt: '2026-11-30T07:00:00.000Z',
    });
    // 43 hours from Saturday 12:00 to Monday 07:00 at 1.006/h.
    expect(d?.estimatedSavings).toBe(43_258_000_000_000n);
    expect(actionAt(policyOf(), '2026-11-30T06:59:00Z')?.action).toBe('stop');
    expect(actionAt(policyOf(), '2026-11-30T07:00:00Z')?.action).toBe('keep');
  });

  it('treats listed holidays as off all day, in the team zone', () => {
    // Thanksgiving 2026-11-26 in New York: 14:00 local is 19:00Z.
    expect(actionAt(teams, '2026-11-26T19:00:00Z', { team: 'ads' })).toMatchObject({
      action: 'stop',
      offSince: '2026-11-26T00:00:00.000Z',
      resumesAt: '2026-11-27T12:00:00.000Z',
    });
    // The Berlin team works that day.
    expect(actionAt(teams, '2026-11-26T12:00:00Z', { team: 'vision' })?.action).toBe('keep');
  });

  it('counts the hours before day-start on a working day as the previous night', () => {
    expect(actionAt(policyOf(), '2026-11-24T05:00:00Z')).toMatchObject({
      action: 'stop',
      offSince: '2026-11-23T19:00:00.000Z',
    });
  });
});
