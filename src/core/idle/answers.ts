import { EXEMPT_VALUE, parseKeepUntil } from './exclusions.js';
import { scheduleFor } from './plan.js';
import { scheduleState } from './schedule.js';
import type { FleetInstance, IdlePolicy } from './types.js';

/** What an owner can answer to a warning (the Slack buttons). */
export type OwnerAnswer = 'snooze-2h' | 'keep-until-tomorrow' | 'exempt';

/**
 * Google Cloud labels allow only lowercase letters, digits, `_` and `-` in keys and values, so the tag
 * is written as `costguard-keep-until=20261124t070000z` there; the policy reads both forms.
 */
function format(provider: string, key: string, value: string): [string, string] {
  if (provider !== 'gcp') return [key, value];
  const k = key.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  const when = parseKeepUntil(value);
  const v = when
    ? when
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'z')
        .toLowerCase()
    : value.toLowerCase();
  return [k, v];
}

const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * The tags an answer writes on the instance, so the cloud itself holds the state and the next sweep
 * (anywhere) sees it. Snooze: keep-until now + 2 h. Keep until tomorrow: keep-until the next start of
 * working hours (24 h if the schedule has none). Exempt: the exempt tag. `until` overrides the
 * keep-until instant.
 */
export function answerTags(
  answer: OwnerAnswer,
  instance: FleetInstance,
  policy: IdlePolicy,
  now: Date,
  until?: Date,
): Record<string, string> {
  let pair: [string, string];
  if (answer === 'exempt') pair = [policy.exemptTag, EXEMPT_VALUE];
  // An explicit instant (the one the Slack message showed the person who pressed) wins.
  else if (until) pair = [policy.keepUntilTag, iso(until)];
  else if (answer === 'snooze-2h') pair = [policy.keepUntilTag, iso(new Date(now.getTime() + 2 * 3_600_000))];
  else {
    const state = scheduleState(scheduleFor(instance, policy), now, policy.leadMinutes);
    pair = [policy.keepUntilTag, iso(state.resumesAt ?? new Date(now.getTime() + 24 * 3_600_000))];
  }
  const [k, v] = format(instance.provider, ...pair);
  return { [k]: v };
}
