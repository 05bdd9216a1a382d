import { describe, expect, it } from 'vitest';
import { plan } from '../../../../src/core/idle/plan.js';
import { instanceKey } from '../../../../src/core/idle/types.js';
import { parseMoney } from '../../../../src/core/money.js';
import { at, metricsFor, policyOf, series, TAGGED, vm } from './helpers.js';

// 2026-11-23 is a Monday; the default schedule is UTC, 07:00-19:00, Monday to Friday.
const DAY_END = at('2026-11-23T19:00:00Z');

describe('plan: what is a candidate', () => {
  it('at day-end stops the idle GPU instances, warns the busy untagged ones (no busy warning yet) and keeps the rest', () => {
    // Prepare
    const untaggedBusy = vm({ tags: { owner: 'bo' } });
    const idle = vm();
    const busy = vm();
    const noModel = vm({ tags: { stage: 'train' } });
    const cpuOnly = vm({ gpus: 0, instanceType: 'm5.large', tags: {} });
    const stopped = vm({ state: 'stopped', tags: {} });
    const m = metricsFor([
      [untaggedBusy, { gpu: series(DAY_END, 90) }],
      [idle, { gpu: series(DAY_END, 3) }],
      [busy, { gpu: series(DAY_END, 40) }],
      [noModel, { gpu: series(DAY_END, 60) }],
    ]);
    // Act
    const p = plan([untaggedBusy, idle, busy, noModel, cpuOnly, stopped], m, policyOf(), DAY_END);
    // Assess
    const byKey = new Map(p.decisions.map((d) => [d.key, d]));
    expect(p.decisions).toHaveLength(4);
    expect(byKey.get(instanceKey(untaggedBusy))).toMatchObject({
      action: 'warn',
      rule: 'untagged-busy',
      reasons: ['untagged:model', 'untagged:stage', 'busy', 'awaiting-busy-warning'],
      owner: 'bo',
      model: 'unattributed',
    });
    expect(byKey.get(instanceKey(idle))).toMatchObject({
      action: 'stop',
      reasons: ['idle:gpu'],
      owner: 'ana',
    });
    expect(byKey.get(instanceKey(busy))).toMatchObject({ action: 'keep', reasons: ['busy'] });
    expect(byKey.get(instanceKey(noModel))).toMatchObject({
      action: 'warn',
      reasons: ['untagged:model', 'busy', 'awaiting-busy-warning'],
      stage: 'train',
    });
    expect(p.halted).toBeUndefined();
  });

  it('the threshold is inclusive: 5% is idle, 5.1% is not', () => {
    const a = vm();
    const b = vm();
    const m = metricsFor([
      [a, { gpu: series(DAY_END, 5) }],
      [b, { gpu: [...series(DAY_END, 0), { at: '2026-11-23T18:00:00Z', value: 5.1 }] }],
    ]);
    const p = plan([a, b], m, policyOf(), DAY_END);
    expect(p.decisions.map((d) => d.action)).toEqual(['stop', 'keep']);
  });

  it('uses the attribution rules of billing: a rule that sets the model makes an instance tagged', () => {
    const policy = policyOf(
      {},
      {
        ...policyOf().attribution,
        rules: [
          {
            name: 'vision-account',
            match: { provider: 'AWS', subAccount: '999.*' },
            set: { model: 'vision' },
          },
        ],
      },
    );
    const ruled = vm({ account: '999900001111', tags: { stage: 'serve' } });
    const p = plan([ruled], metricsFor([[ruled, { gpu: series(DAY_END, 80) }]]), policy, DAY_END);
    expect(p.decisions[0]).toMatchObject({
      action: 'keep',
      model: 'vision',
      stage: 'serve',
      reasons: ['busy'],
    });
  });

  it('reads tags as billing does: user: prefixes, case, value aliases', () => {
    const i = vm({ tags: { 'user:Model': 'X', Environment: 'production' } });
    const p = plan([i], metricsFor([[i, { gpu: series(DAY_END, 80) }]]), policyOf(), DAY_END);
    expect(p.decisions[0]).toMatchObject({ model: 'x', stage: 'serve', action: 'keep' });
  });

  it('estimates the saving until people are back: Monday 19:00 to Tuesday 07:00 is 12 h', () => {
    const i = vm({ tags: {} });
    const p = plan([i], new Map(), policyOf(), DAY_END);
    expect(p.decisions[0]?.estimatedSavings).toBe(parseMoney('1.006') * 12n);
    expect(p.decisions[0]?.resumesAt).toBe('2026-11-24T07:00:00.000Z');
  });

  it('an unknown price saves an unknown amount, reported as 0, and still stops', () => {
    const i = vm({ tags: {}, hourlyCost: undefined });
    const p = plan([i], new Map(), policyOf(), DAY_END);
    expect(p.decisions[0]).toMatchObject({ action: 'stop', estimatedSavings: 0n });
  });

  it('keeps everything during working hours, saying why', () => {
    const i = vm({ tags: {} });
    const p = plan([i], new Map(), policyOf(), at('2026-11-23T14:00:00Z'));
    expect(p.decisions[0]).toMatchObject({
      action: 'keep',
      phase: 'working',
      reasons: ['untagged:model', 'untagged:stage', 'no-metrics', 'working-hours'],
      estimatedSavings: 0n,
    });
  });

  it('warns in the lead time before day-end (default 30 min), and the lead time is configurable', () => {
    const i = vm({ tags: {} });
    expect(plan([i], new Map(), policyOf(), at('2026-11-23T18:29:59Z')).decisions[0]?.action).toBe('keep');
    expect(plan([i], new Map(), policyOf(), at('2026-11-23T18:30:00Z')).decisions[0]?.action).toBe('warn');
    expect(plan([i], new Map(), policyOf(), at('2026-11-23T18:59:59Z')).decisions[0]?.action).toBe('warn');
    const p = plan([i], new Map(), policyOf({ leadTime: '1h' }), at('2026-11-23T18:10:00Z'));
    expect(p.decisions[0]).toMatchObject({
      action: 'warn',
      phase: 'warning',
      offSince: '2026-11-23T19:00:00.000Z',
    });
  });

  it('owner comes from the first owner tag present', () => {
    const i = vm({ tags: { team: 'nlp', 'created-by': 'carl' } });
    expect(plan([i], new Map(), policyOf(), DAY_END).decisions[0]?.owner).toBe('carl');
    const j = vm({ tags: { model: 'a', stage: 'b' } });
    expect(plan([j], new Map(), policyOf(), DAY_END).decisions[0]?.owner).toBeUndefined();
  });
});

describe('plan: warn first, using the history of warnings', () => {
  const i = vm({ tags: TAGGED });
  const m = metricsFor([[i, { gpu: series(at('2026-11-23T20:00:00Z'), 0, 200) }]]);
  const now = at('2026-11-23T19:15:00Z');
  const policy = policyOf();
  const warned = (iso: string) => ({ warnedAt: new Map([[instanceKey(i), iso]]) });

  it('stops once a warning of this off period is at least the lead time old', () => {
    expect(plan([i], m, policy, now, warned('2026-11-23T18:45:00Z')).decisions[0]?.action).toBe('stop');
    expect(plan([i], m, policy, now, warned('2026-11-23T18:30:00Z')).decisions[0]?.action).toBe('stop');
  });

  it('warns (and waits) when nobody was warned, or too recently, or in an earlier off period', () => {
    for (const h of [
      { warnedAt: new Map() },
      warned('2026-11-23T19:00:00Z'),
      warned('2026-11-20T18:40:00Z'),
    ]) {
      expect(plan([i], m, policy, now, h).decisions[0]).toMatchObject({
        action: 'warn',
        reasons: ['idle:gpu', 'awaiting-warning-lead'],
      });
    }
  });
});
