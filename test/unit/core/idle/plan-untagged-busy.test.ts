import { describe, expect, it } from 'vitest';
import { plan } from '../../../../src/core/idle/plan.js';
import { instanceKey } from '../../../../src/core/idle/types.js';
import { at, metricsFor, policyOf, series, vm } from './helpers.js';

// A busy machine without model/stage tags is what the guard enforces tagging on, but stopping it ends a
// running job: it is stopped only after its owner had a warning that said it is busy (the Slack one with
// Tag and Keep), at least the lead time before, and never with `idle.untaggedBusy: warn`.
// 2026-11-23 is a Monday; the default schedule is UTC, 07:00-19:00, Monday to Friday, lead 30 min.
const WARNING = at('2026-11-23T18:45:00Z');
const AFTER = at('2026-11-23T19:15:00Z');
const busy = vm({ tags: { owner: 'bo' } });
const key = instanceKey(busy);
const one = (now: Date, history?: Parameters<typeof plan>[4], idle: Record<string, unknown> = {}) =>
  plan([busy], metricsFor([[busy, { gpu: series(now, 90, 200) }]]), policyOf(idle), now, history)
    .decisions[0];

describe('plan: a busy untagged instance', () => {
  it('is warned, not stopped, before day-end, and the warning names the rule', () => {
    expect(one(WARNING)).toMatchObject({
      action: 'warn',
      rule: 'untagged-busy',
      reasons: ['untagged:model', 'untagged:stage', 'busy'],
    });
  });

  it('is not stopped after day-end without a prior busy warning', () => {
    // No history at all, or only a warning from when it was idle (or of another rule).
    for (const history of [undefined, { warnedAt: new Map([[key, '2026-11-23T18:40:00Z']]) }]) {
      expect(one(AFTER, history)).toMatchObject({
        action: 'warn',
        rule: 'untagged-busy',
        reasons: ['untagged:model', 'untagged:stage', 'busy', 'awaiting-busy-warning'],
      });
    }
  });

  it('is stopped after day-end once a busy warning is at least the lead time old (untaggedBusy: stop)', () => {
    const warned = (iso: string) => ({
      warnedAt: new Map([[key, iso]]),
      busyWarnedAt: new Map([[key, iso]]),
    });
    expect(one(AFTER, warned('2026-11-23T18:45:00Z'))).toMatchObject({
      action: 'stop',
      rule: 'untagged-busy',
    });
    // Too recent, or from an earlier off period: warned again first.
    expect(one(AFTER, warned('2026-11-23T19:00:00Z'))?.action).toBe('warn');
    expect(one(AFTER, warned('2026-11-20T18:45:00Z'))?.action).toBe('warn');
    // stop is the default and can be written out.
    expect(one(AFTER, warned('2026-11-23T18:45:00Z'), { untaggedBusy: 'stop' })?.action).toBe('stop');
  });

  it('is never stopped with untaggedBusy: warn, and warned at every day-end', () => {
    const warned = {
      warnedAt: new Map([[key, '2026-11-23T18:45:00Z']]),
      busyWarnedAt: new Map([[key, '2026-11-23T18:45:00Z']]),
    };
    const policy = { untaggedBusy: 'warn' };
    expect(one(WARNING, undefined, policy)).toMatchObject({
      action: 'warn',
      reasons: ['untagged:model', 'untagged:stage', 'busy', 'untagged-busy:warn-only'],
    });
    for (const now of [AFTER, at('2026-11-24T03:00:00Z'), at('2026-11-28T12:00:00Z')]) {
      expect(one(now, warned, policy)).toMatchObject({
        action: 'warn',
        rule: 'untagged-busy',
        reasons: ['untagged:model', 'untagged:stage', 'busy', 'untagged-busy:warn-only'],
      });
    }
    // Each day-end is its own off period (the warning is claimed once per off period).
    expect(one(at('2026-11-24T19:15:00Z'), warned, policy)?.offSince).toBe('2026-11-24T19:00:00.000Z');
  });

  it('warn mode changes nothing for idle or unknown-utilization instances', () => {
    const idle = vm({ tags: {} });
    const p = plan(
      [idle],
      metricsFor([[idle, { gpu: series(AFTER, 0, 200) }]]),
      policyOf({ untaggedBusy: 'warn' }),
      AFTER,
    );
    expect(p.decisions[0]).toMatchObject({ action: 'stop', rule: 'untagged-idle' });
  });
});

describe('plan: the rule of each candidate', () => {
  it('names idle, untagged-idle, untagged-busy and untagged (utilization unknown); none for the rest', () => {
    const now = AFTER;
    const tagIdle = vm();
    const untagIdle = vm({ tags: {} });
    const untagBusy = vm({ tags: {} });
    const untagUnknown = vm({ tags: {} });
    const tagBusy = vm();
    const metrics = metricsFor([
      [tagIdle, { gpu: series(now, 0, 200) }],
      [untagIdle, { gpu: series(now, 1, 200) }],
      [untagBusy, { gpu: series(now, 50, 200) }],
      [tagBusy, { gpu: series(now, 50, 200) }],
    ]);
    const all = [tagIdle, untagIdle, untagBusy, untagUnknown, tagBusy];
    const p = plan(all, metrics, policyOf(), now, { warnedAt: new Map() });
    const rule = (i: (typeof all)[number]) => p.decisions.find((d) => d.key === instanceKey(i))?.rule;
    expect(all.map(rule)).toEqual(['idle', 'untagged-idle', 'untagged-busy', 'untagged', undefined]);
  });
});
