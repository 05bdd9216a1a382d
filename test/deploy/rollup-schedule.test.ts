import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';

// The packaging step's reading of slack.rollup (deploy/rollup-schedule.cjs, a CommonJS osls plugin
// helper): the same values and defaults as the config schema, and clear refusals.
const require = createRequire(import.meta.url);
const {
  rollupSchedule,
  rollupEvent,
  DEFAULT_HOUR,
  DEFAULT_TIME_ZONE,
} = require('../../deploy/rollup-schedule.cjs');

const dir = mkdtempSync(join(tmpdir(), 'costguard-rollup-schedule-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('the deployed rollup schedule', () => {
  it("uses the config schema's defaults when the file or its slack.rollup is absent", () => {
    const schema = parseConfig({ slack: { channel: 'C1' } }, 'test').slack?.rollup;
    expect([DEFAULT_HOUR, DEFAULT_TIME_ZONE]).toEqual([schema?.hour, schema?.timeZone]);
    expect(rollupSchedule(join(dir, 'missing.yaml'))).toMatchObject({
      hour: 9,
      timeZone: 'UTC',
      from: 'defaults',
    });
    expect(rollupSchedule(file('no-slack.yaml', 'budgets: []\n'))).toMatchObject({
      hour: 9,
      timeZone: 'UTC',
    });
  });

  it('reads the hour and zone the config gives, as an EventBridge Scheduler cron in that zone', () => {
    const s = rollupSchedule(
      file('berlin.yaml', 'slack:\n  channel: C1\n  rollup: { hour: 7, timeZone: Europe/Berlin }\n'),
    );
    expect(rollupEvent(s)).toEqual({
      schedule: { method: 'scheduler', rate: ['cron(0 7 * * ? *)'], timezone: 'Europe/Berlin' },
    });
  });

  it.each([
    ['hour: 24', /slack\.rollup\.hour must be a whole hour 0-23; got 24/],
    ['hour: "9"', /slack\.rollup\.hour must be a whole hour/],
    ['timeZone: Mars/Olympus', /slack\.rollup\.timeZone must be an IANA time zone.*Mars\/Olympus/],
  ])('refuses %s, naming the key', (line, message) => {
    const p = file('bad.yaml', `slack:\n  channel: C1\n  rollup:\n    ${line}\n`);
    expect(() => rollupSchedule(p)).toThrow(message);
  });
});
