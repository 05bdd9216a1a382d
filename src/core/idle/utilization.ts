import type { InstanceMetrics, Sample } from './types.js';

export type Verdict = 'idle:gpu' | 'idle:cpu-network' | 'busy' | 'no-metrics' | 'insufficient-metrics';

export interface Window {
  from: Date;
  to: Date;
}

/**
 * Samples may start this long after the window opens or end this long before it closes, and may have
 * gaps this long: clouds publish metrics minutes late and basic EC2 monitoring reports every 5 min.
 */
export const COVERAGE_SLACK_MS = 15 * 60_000;

function inWindow(samples: readonly Sample[] | undefined, w: Window): number[][] | undefined {
  if (!samples || samples.length === 0) return undefined;
  const pts = samples
    .map((s) => [Date.parse(s.at), s.value])
    .filter(([t = Number.NaN]) => t >= w.from.getTime() - COVERAGE_SLACK_MS && t <= w.to.getTime())
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
  return pts.length ? pts : undefined;
}

/** The samples span the whole window without a long gap. */
function covers(pts: number[][], w: Window): boolean {
  const first = pts[0]?.[0] ?? Number.POSITIVE_INFINITY;
  const last = pts[pts.length - 1]?.[0] ?? Number.NEGATIVE_INFINITY;
  if (first > w.from.getTime() + COVERAGE_SLACK_MS || last < w.to.getTime() - COVERAGE_SLACK_MS) return false;
  for (let i = 1; i < pts.length; i++) {
    if ((pts[i]?.[0] ?? 0) - (pts[i - 1]?.[0] ?? 0) > COVERAGE_SLACK_MS) return false;
  }
  return true;
}

const maxOf = (pts: number[][]) => Math.max(...pts.map((p) => p[1] ?? 0));

/**
 * Idle means the GPU stayed at or under `gpuThreshold` for the whole window. With no GPU metric, CPU
 * and network must both stay under theirs. Any sample above a threshold is `busy`; samples that are
 * all low but do not span the window are `insufficient-metrics`; nothing at all is `no-metrics`.
 * Neither of the last two counts as idle.
 */
export function assessUtilization(
  m: InstanceMetrics | undefined,
  w: Window,
  t: { gpuThreshold: number; cpuThreshold: number; networkThreshold: number },
): Verdict {
  const gpu = inWindow(m?.gpu, w);
  if (gpu) {
    if (maxOf(gpu) > t.gpuThreshold) return 'busy';
    return covers(gpu, w) ? 'idle:gpu' : 'insufficient-metrics';
  }
  const cpu = inWindow(m?.cpu, w);
  const net = inWindow(m?.networkIn, w);
  if (!cpu && !net) return 'no-metrics';
  if ((cpu && maxOf(cpu) >= t.cpuThreshold) || (net && maxOf(net) >= t.networkThreshold)) return 'busy';
  if (!cpu || !net) return 'insufficient-metrics';
  return covers(cpu, w) && covers(net, w) ? 'idle:cpu-network' : 'insufficient-metrics';
}
