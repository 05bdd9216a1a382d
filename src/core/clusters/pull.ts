import type { PullStats } from '../billing-source.js';
import type { ClusterAllocation, ClusterSpec } from './types.js';

/** Reads one cluster's allocations for the days of `range` (OpenCost's API: src/sources/opencost). */
export type ClusterPull = (
  cluster: ClusterSpec,
  range: { from: string; to: string },
  stats: PullStats,
) => Promise<ClusterAllocation[]>;
