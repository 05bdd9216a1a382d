import type { LineMatch } from '../attribution/line-match.js';
import type { Tags } from '../cost-line.js';
import type { CloudId } from '../providers.js';

/**
 * How a cluster line of the bill is split: `compute` (node VMs: by each workload's CPU, GPU and RAM
 * cost that day, idle capacity included), `storage` (disks: by persistent-volume cost) or `models`
 * (control plane, load balancers, network: across the cluster's workloads by compute cost, idle left
 * out). `{ model, stage }` gives the line to a named model instead of splitting it.
 */
export type ClusterBasis = 'compute' | 'storage' | 'models';
export type ClusterLineTarget = ClusterBasis | { model: string; stage?: string };

export interface ClusterLineRule {
  match: LineMatch;
  to: ClusterLineTarget;
}

/**
 * What happens to capacity no workload requested (OpenCost's `__idle__`): `separate` keeps it as the
 * model `<cluster> idle` (the default: idle is shown, not hidden); `spread` shares it over the cluster's
 * workloads in proportion.
 */
export type ClusterIdle = 'separate' | 'spread';

/** One Kubernetes cluster whose node spend is split per model from its OpenCost allocations. */
export interface ClusterSpec {
  /** costguard's name for it: allocations are stored under it and the idle and unsplit models carry it. */
  name: string;
  cloud: CloudId;
  /** The name the cloud's tags and labels give the cluster (default `name`). */
  clusterName?: string;
  /** Only lines of this sub-account (AWS account, Google project, Azure subscription), when given. */
  subAccount?: string;
  /** Tag keys whose value names the cluster on its lines; the cloud's own keys when absent. */
  tagKeys?: readonly string[];
  idle: ClusterIdle;
  /** Rules for the cluster's lines, first match wins, before the defaults (see DEFAULT_LINE_RULES). */
  lines: readonly ClusterLineRule[];
  /** Where its OpenCost answers (the API root, e.g. `http://opencost.opencost:9003`), if costguard pulls it. */
  opencost?: { url: string };
}

/**
 * One workload's share of a cluster on one UTC day, as OpenCost allocates it (its /allocation API
 * aggregated by namespace, controller and pod, or its CSV export). Costs are OpenCost's own figures,
 * floats in the cluster's currency: costguard uses them only as weights, the money split is the bill's.
 */
export interface ClusterAllocation {
  cluster: string;
  day: string;
  /** OpenCost's allocation name (`namespace/controller/pod`, `__idle__`), unique per cluster and day. */
  name: string;
  namespace: string;
  controllerKind: string;
  controller: string;
  pod: string;
  /** Pod labels (OpenCost sanitizes keys: `app.kubernetes.io/name` -> `app_kubernetes_io_name`). */
  labels: Tags;
  namespaceLabels: Tags;
  /** OpenCost's idle allocation: capacity no workload requested. */
  idle: boolean;
  /** Each with its adjustment added (OpenCost reconciles with the bill through `*CostAdjustment`). */
  cpuCost: number;
  gpuCost: number;
  ramCost: number;
  pvCost: number;
  networkCost: number;
  loadBalancerCost: number;
  totalCost: number;
  gpuHours: number;
}

/** Where allocations live (both stores implement it; test/contract/allocation-store.contract.ts). */
export interface AllocationStore {
  /**
   * Replaces every allocation of `cluster` on the days [from, to] with `allocations` (which must lie
   * there), atomically per day: a re-pull of the same days changes nothing.
   */
  replaceAllocations(
    cluster: string,
    range: { from: string; to: string },
    allocations: readonly ClusterAllocation[],
  ): Promise<void>;
  queryAllocations(q: {
    from: string;
    to: string;
    clusters?: readonly string[];
  }): Promise<ClusterAllocation[]>;
}

/** An allocation with nothing in it but what is given (readers fill in what their source has). */
export function allocationOf(
  p: Pick<ClusterAllocation, 'cluster' | 'day' | 'name'> & Partial<ClusterAllocation>,
): ClusterAllocation {
  return {
    namespace: '',
    controllerKind: '',
    controller: '',
    pod: '',
    labels: {},
    namespaceLabels: {},
    idle: false,
    cpuCost: 0,
    gpuCost: 0,
    ramCost: 0,
    pvCost: 0,
    networkCost: 0,
    loadBalancerCost: 0,
    totalCost: 0,
    gpuHours: 0,
    ...p,
  };
}

/** The order allocations are read in everywhere: by cluster, day, then name. */
export function compareAllocations(a: ClusterAllocation, b: ClusterAllocation): number {
  const x = `${a.cluster}\u001f${a.day}\u001f${a.name}`;
  const y = `${b.cluster}\u001f${b.day}\u001f${b.name}`;
  return x < y ? -1 : x > y ? 1 : 0;
}
