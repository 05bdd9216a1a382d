import { idleSchema, toIdlePolicy } from '../../../../src/config/idle-schema.js';
import { DEFAULT_ATTRIBUTION } from '../../../../src/core/attribution/types.js';
import type { FleetInstance, IdlePolicy, InstanceMetrics, Sample } from '../../../../src/core/idle/types.js';
import { instanceKey } from '../../../../src/core/idle/types.js';
import { parseMoney } from '../../../../src/core/money.js';

/** A policy from config input, exactly as the CLI builds it. */
export function policyOf(idle: Record<string, unknown> = {}, attribution = DEFAULT_ATTRIBUTION): IdlePolicy {
  return toIdlePolicy(idleSchema.parse(idle), attribution);
}

export const TAGGED = { model: 'llama-ft', stage: 'train', owner: 'ana' } as const;

let n = 0;
export function vm(over: Partial<FleetInstance> = {}): FleetInstance {
  n += 1;
  return {
    provider: 'aws',
    account: '111122223333',
    region: 'us-east-1',
    instanceId: `i-${String(n).padStart(8, '0')}`,
    instanceType: 'g5.xlarge',
    gpus: 1,
    state: 'running',
    launchedAt: '2026-01-01T00:00:00Z',
    tags: { ...TAGGED },
    rootVolume: 'persistent',
    hourlyCost: parseMoney('1.006'),
    currency: 'USD',
    ...over,
  };
}

/** Samples every 5 minutes over [now - minutes, now] at a constant value. */
export function series(now: Date, value: number, minutes = 125, stepMinutes = 5): Sample[] {
  const out: Sample[] = [];
  for (let t = now.getTime() - minutes * 60_000; t <= now.getTime(); t += stepMinutes * 60_000) {
    out.push({ at: new Date(t).toISOString(), value });
  }
  return out;
}

export function metricsFor(entries: [FleetInstance, InstanceMetrics][]): Map<string, InstanceMetrics> {
  return new Map(entries.map(([i, m]) => [instanceKey(i), m]));
}

export const at = (iso: string) => new Date(iso);
