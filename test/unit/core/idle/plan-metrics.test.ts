import { describe, expect, it } from 'vitest';
import { plan } from '../../../../src/core/idle/plan.js';
import { type InstanceMetrics, instanceKey } from '../../../../src/core/idle/types.js';
import { at, metricsFor, policyOf, series, vm } from './helpers.js';

const NOW = at('2026-11-23T21:00:00Z');
const decide = (m: InstanceMetrics | undefined, launchedAt = '2026-11-01T00:00:00Z') => {
  const i = vm({ launchedAt });
  return plan([i], metricsFor(m ? [[i, m]] : []), policyOf(), NOW).decisions[0];
};

describe('plan: utilization', () => {
  it('falls back to CPU and network when there is no GPU metric: both must be low', () => {
    expect(decide({ cpu: series(NOW, 2), networkIn: series(NOW, 1_000) })).toMatchObject({
      action: 'stop',
      reasons: ['idle:cpu-network'],
    });
    expect(decide({ cpu: series(NOW, 2), networkIn: series(NOW, 500_000) })?.reasons).toEqual(['busy']);
    expect(decide({ cpu: series(NOW, 30), networkIn: series(NOW, 10) })?.reasons).toEqual(['busy']);
  });

  it('the GPU metric wins over CPU when both exist', () => {
    expect(decide({ gpu: series(NOW, 50), cpu: series(NOW, 0), networkIn: series(NOW, 0) })?.action).toBe(
      'keep',
    );
    expect(decide({ gpu: series(NOW, 0), cpu: series(NOW, 90) })?.reasons).toEqual(['idle:gpu']);
  });

  it('reports no metric at all as its own reason, not as idle', () => {
    expect(decide(undefined)).toMatchObject({ action: 'keep', reasons: ['no-metrics'] });
    expect(decide({ gpu: [], cpu: [] })).toMatchObject({ action: 'keep', reasons: ['no-metrics'] });
  });

  it('does not call idle what it saw only part of', () => {
    // Only the last 30 minutes of the 2 h window, a 40-minute gap, or CPU without network.
    expect(decide({ gpu: series(NOW, 0, 30) })?.reasons).toEqual(['insufficient-metrics']);
    const gap = series(NOW, 0).filter((s) => s.at < '2026-11-23T19:40:00Z' || s.at > '2026-11-23T20:20:00Z');
    expect(decide({ gpu: gap })?.reasons).toEqual(['insufficient-metrics']);
    expect(decide({ cpu: series(NOW, 1) })?.reasons).toEqual(['insufficient-metrics']);
    // Samples 10 minutes late are normal (metrics publish late).
    expect(decide({ gpu: series(at('2026-11-23T20:50:00Z'), 0, 130) })?.reasons).toEqual(['idle:gpu']);
  });

  it('does not call idle a machine started within the lookback window', () => {
    expect(decide({ gpu: series(NOW, 0) }, '2026-11-23T20:00:00Z')).toMatchObject({
      action: 'keep',
      reasons: ['recently-started'],
    });
  });

  it('a longer lookback needs a longer quiet period', () => {
    const i = vm();
    const m = metricsFor([[i, { gpu: series(NOW, 0, 125) }]]);
    expect(plan([i], m, policyOf({ lookback: '4h' }), NOW).decisions[0]?.reasons).toEqual([
      'insufficient-metrics',
    ]);
  });
});

describe('plan: blast radius', () => {
  const fleet = (n: number) => Array.from({ length: n }, () => vm({ tags: {} }));

  it('halts the run when the stops exceed the cap', () => {
    const p = plan(fleet(21), new Map(), policyOf(), NOW);
    expect(p.halted).toEqual({ reason: 'blast-radius', stops: 21, earlier: 0, limit: 20 });
    expect(plan(fleet(20), new Map(), policyOf(), NOW).halted).toBeUndefined();
    expect(plan(fleet(3), new Map(), policyOf({ maxStops: 2 }), NOW).halted).toMatchObject({ stops: 3 });
  });

  it("counts the day's earlier stops against the cap", () => {
    const cap = policyOf({ maxStops: 5 });
    // Every instance warned before day-end, so each is a stop.
    const decide = (n: number, stoppedToday: number) => {
      const f = fleet(n);
      const warnedAt = new Map(f.map((i) => [instanceKey(i), '2026-11-23T18:45:00Z']));
      return plan(f, new Map(), cap, NOW, { warnedAt, stoppedToday });
    };
    expect(decide(2, 3).decisions.map((d) => d.action)).toEqual(['stop', 'stop']);
    expect(decide(2, 3).halted).toBeUndefined();
    expect(decide(3, 3).halted).toEqual({ reason: 'blast-radius', stops: 3, earlier: 3, limit: 5 });
    // The cap already spent: any stop halts, no stop does not.
    expect(decide(1, 7).halted).toMatchObject({ stops: 1, earlier: 7 });
    expect(decide(0, 7).halted).toBeUndefined();
  });

  it('counts only stops, not warnings or keeps', () => {
    const p = plan(fleet(25), new Map(), policyOf(), at('2026-11-23T18:45:00Z'));
    expect(p.decisions.every((d) => d.action === 'warn')).toBe(true);
    expect(p.halted).toBeUndefined();
  });
});
