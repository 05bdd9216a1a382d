import { describe, expect, it } from 'vitest';
import { toIdlePolicy } from '../../../src/config/idle-schema.js';
import { loadConfig, parseConfig } from '../../../src/config/load.js';

describe('config: idle section', () => {
  it('has the documented defaults when absent', () => {
    expect(parseConfig({}).idle).toMatchObject({
      mode: 'dry-run',
      threshold: 5,
      lookback: 120,
      leadTime: 30,
      dayEnd: '19:00',
      timeZone: 'UTC',
      workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: [],
      schedules: [],
      exemptTag: 'costguard:exempt',
      keepUntilTag: 'costguard:keep-until',
      maxStops: 20,
    });
  });

  it('reads durations as 2h, 30m, 1h30m or minutes', () => {
    const c = parseConfig({ idle: { lookback: '1h30m', leadTime: 45 } });
    expect([c.idle.lookback, c.idle.leadTime]).toEqual([90, 45]);
  });

  it.each([
    [{ idle: { timeZone: 'Mars/Olympus' } }, 'idle.timeZone: not an IANA time zone'],
    [{ idle: { dayEnd: '7pm' } }, 'idle.dayEnd: must be a 24-hour time HH:MM'],
    [{ idle: { lookback: '2 hours' } }, 'idle.lookback: must be a duration'],
    [{ idle: { mode: 'yolo' } }, 'idle.mode'],
    [{ idle: { treshold: 5 } }, 'Unrecognized key: "treshold"'],
    [{ idle: { schedules: [{ name: 'x', match: {}, timeZone: 'UTC' }] } }, 'match needs at least one tag'],
    [{ idle: { dayStart: '20:00' } }, 'dayStart must come before dayEnd'],
    [{ idle: { aws: { endpoints: { ec2: 'not a url' } } } }, 'idle.aws.endpoints.ec2'],
  ])('rejects %j naming the field', (raw, message) => {
    expect(() => parseConfig(raw)).toThrow(message);
  });

  it('accepts the shipped example, whose team schedules inherit the defaults', () => {
    const c = loadConfig('examples/idle.config.yaml');
    const p = toIdlePolicy(c.idle, c.attribution);
    expect(p.schedules.map((s) => [s.name, s.timeZone, s.dayEnd, s.holidays.length])).toEqual([
      ['nlp-tokyo', 'Asia/Tokyo', '20:00', 3],
      ['ads-nyc', 'America/New_York', '19:00', 1],
    ]);
    expect(c.idle.aws?.regions).toEqual(['us-east-1', 'eu-west-1']);
  });
});
