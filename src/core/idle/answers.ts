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

/**
 * A model or stage name as an owner types it in the Tag answer: 1 to 63 letters, digits, `.`, `_` or
 * `-`, starting with a letter or digit. Every cloud's tag values take these (Google labels once
 * lowercased), and attribution compares them ignoring case.
 */
const TAG_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Why a typed model or stage name cannot be a tag value, or undefined when it can. */
export function tagNameProblem(what: 'model' | 'stage', value: string): string | undefined {
  if (value.trim() === '') return `Name the ${what}.`;
  return TAG_NAME.test(value.trim())
    ? undefined
    : `The ${what} must be 1 to 63 letters, digits, dots, dashes or underscores, e.g. llama3-70b.`;
}

/**
 * The tags the Tag answer writes: the model and stage under the first tag key of each attribution
 * dimension (what billing reads first), so the instance is tagged for the guard and the bill alike.
 */
export function tagAnswerTags(
  instance: FleetInstance,
  policy: IdlePolicy,
  names: { model: string; stage: string },
): Record<string, string> {
  const dims = policy.attribution.dimensions;
  const out: Record<string, string> = {};
  for (const [key, value] of [
    [dims.model.tagKeys[0] ?? 'model', names.model],
    [dims.stage.tagKeys[0] ?? 'stage', names.stage],
  ] as const) {
    const [k, v] = format(instance.provider, key, value.trim());
    out[k] = v;
  }
  return out;
}
