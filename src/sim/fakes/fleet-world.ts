/**
 * A simulated multi-cloud fleet as plain data. The wire-format fakes (aws-ec2, aws-cloudwatch,
 * gcp-compute, gcp-monitoring, azure-compute, azure-monitor) serve it and mutate it (a stop really
 * stops the machine), so a demo or an end-to-end test describes its world once and drives the real
 * SDK clients against it.
 */
export interface SimVm {
  provider: 'aws' | 'gcp' | 'azure';
  /** AWS account, Google Cloud project, Azure subscription. */
  account: string;
  /** AWS availability zone (us-east-1a), Google Cloud zone, Azure location. */
  zone: string;
  /** AWS instance id, GCE instance name, Azure VM name. */
  id: string;
  name?: string;
  /** Instance type, machine type or VM size. */
  type: string;
  state: 'running' | 'stopped';
  tags: Record<string, string>;
  launchedAt: string;
  /** AWS root device type; default ebs. */
  rootDevice?: 'ebs' | 'instance-store';
  /** AWS: a spot instance. */
  spot?: boolean;
  /** GCE `created-by` (managed instance group) or Azure scale set id. */
  controller?: string;
  /** GCE guest accelerators (n1 + T4, ...). */
  accelerators?: { type: string; count: number }[];
  /** Azure resource group; default "ml". */
  resourceGroup?: string;
  /** Constant utilization over any window; an absent metric does not exist in the cloud. */
  metrics: { gpu?: number; cpu?: number; networkIn?: number };
}

export interface SimCall {
  service: string;
  op: string;
  detail?: string;
  /** The access key a SigV4 request was signed with (AWS fakes), to see whose credentials were used. */
  accessKeyId?: string;
}

export interface FleetWorld {
  vms: SimVm[];
  faults: {
    /** Operation name -> how many of the next calls answer "throttled". */
    throttle: Record<string, number>;
    /** VM ids whose stop the cloud refuses. */
    failStop: string[];
    /**
     * Operations (DescribeInstances, ListMetrics, instances.aggregatedList, timeSeries.list,
     * virtualMachines.listAll, metrics.list, ...) the caller's policy lacks: each fake refuses them as
     * its cloud does, naming the permission.
     */
    deny: string[];
  };
  /** Items per page in list calls, so that paging is exercised with a small fleet. */
  pageSize: number;
  /** Every call the fakes served, in order. */
  calls: SimCall[];
  /**
   * Runs on every call, after it is recorded and before it is answered: a test changes the world
   * mid-run with it (an owner tags an instance while a sweep reads metrics).
   */
  onCall?: (call: SimCall) => void;
}

export function createFleetWorld(
  vms: SimVm[],
  opts: Partial<Omit<FleetWorld, 'vms' | 'calls'>> = {},
): FleetWorld {
  return {
    vms,
    faults: {
      throttle: { ...opts.faults?.throttle },
      failStop: [...(opts.faults?.failStop ?? [])],
      deny: [...(opts.faults?.deny ?? [])],
    },
    pageSize: opts.pageSize ?? 2,
    calls: [],
  };
}

/** Records the call; true when the world says this call is throttled. */
export function serve(world: FleetWorld, service: string, op: string, detail?: string): boolean {
  const call: SimCall = detail === undefined ? { service, op } : { service, op, detail };
  world.calls.push(call);
  world.onCall?.(call);
  const left = world.faults.throttle[op] ?? 0;
  if (left > 0) {
    world.faults.throttle[op] = left - 1;
    return true;
  }
  return false;
}

/** The world refuses `op` to the caller (its policy lacks the permission). */
export const denies = (world: FleetWorld, op: string): boolean => world.faults.deny.includes(op);

export function callsTo(world: FleetWorld, op: string): SimCall[] {
  return world.calls.filter((c) => c.op === op);
}

/** Instants every `stepSeconds` from `from` to `to`, aligned to the step as clouds align periods. */
export function periods(from: number, to: number, stepSeconds: number): number[] {
  const step = stepSeconds * 1000;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

/** AWS instance types the EC2 fake describes (from DescribeInstanceTypes as documented by AWS). */
export const SIM_AWS_TYPES: Record<string, { gpus?: [string, number]; neuron?: [string, number] }> = {
  'g4dn.xlarge': { gpus: ['T4', 1] },
  'g5.xlarge': { gpus: ['A10G', 1] },
  'g5.12xlarge': { gpus: ['A10G', 4] },
  'g6.xlarge': { gpus: ['L4', 1] },
  'p3.2xlarge': { gpus: ['V100', 1] },
  'p4d.24xlarge': { gpus: ['A100', 8] },
  'p5.48xlarge': { gpus: ['H100', 8] },
  'inf2.xlarge': { neuron: ['Inferentia2', 1] },
  'trn1.2xlarge': { neuron: ['Trainium', 1] },
  'm5.large': {},
  'c5.xlarge': {},
};
