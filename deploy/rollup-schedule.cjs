// The deployed rollup's schedule from the costguard config, so that what slack.rollup says (a local
// hour in an IANA time zone) is what runs: EventBridge Scheduler takes the time zone itself, daylight
// saving included. The defaults are the config schema's (src/config/slack-schema.ts; a test keeps them
// equal).
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const { parse } = require('yaml');

const DEFAULT_HOUR = 9;
const DEFAULT_TIME_ZONE = 'UTC';

class RollupScheduleError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RollupScheduleError';
    this.code = 'ROLLUP_SCHEDULE_INVALID';
  }
}

function validZone(tz) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * `{ hour, timeZone, from }` for the config file at `path`; the schema's defaults when the file or its
 * `slack.rollup` is absent (`from` says which). Throws RollupScheduleError naming the key when a value
 * is not one the config accepts.
 */
function rollupSchedule(path) {
  if (!existsSync(path)) return { hour: DEFAULT_HOUR, timeZone: DEFAULT_TIME_ZONE, from: 'defaults' };
  let config;
  try {
    config = parse(readFileSync(path, 'utf8')) ?? {};
  } catch (e) {
    throw new RollupScheduleError(`${path} is not valid YAML: ${e.message}`);
  }
  const rollup = config?.slack?.rollup ?? {};
  const hour = rollup.hour ?? DEFAULT_HOUR;
  const timeZone = rollup.timeZone ?? DEFAULT_TIME_ZONE;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23)
    throw new RollupScheduleError(
      `${path}: slack.rollup.hour must be a whole hour 0-23; got ${JSON.stringify(hour)}.`,
    );
  if (typeof timeZone !== 'string' || !validZone(timeZone))
    throw new RollupScheduleError(
      `${path}: slack.rollup.timeZone must be an IANA time zone such as Europe/Berlin; got ${JSON.stringify(timeZone)}.`,
    );
  return { hour, timeZone, from: path };
}

/** The rollup function's one event: EventBridge Scheduler, daily at the hour, in the zone. */
function rollupEvent(s) {
  // An array: osls normalises the yaml's string to one before plugins run, and iterates it.
  return { schedule: { method: 'scheduler', rate: [`cron(0 ${s.hour} * * ? *)`], timezone: s.timeZone } };
}

module.exports = { rollupSchedule, rollupEvent, RollupScheduleError, DEFAULT_HOUR, DEFAULT_TIME_ZONE };
