import type { Handler } from '../local-server.js';
import { denies, type FleetWorld, type SimVm, serve } from './fleet-world.js';
import { sendGoogleError, sendGoogleJson, throttled } from './gcp-wire.js';

const BASE = 'https://www.googleapis.com/compute/v1';

/** Accelerator-optimized machine types carry their GPUs in the machine type (documented GPU counts). */
export const SIM_GCP_MACHINE_TYPES: Record<string, { cpus: number; accelerators?: [string, number] }> = {
  'a2-highgpu-1g': { cpus: 12, accelerators: ['nvidia-tesla-a100', 1] },
  'a2-highgpu-8g': { cpus: 96, accelerators: ['nvidia-tesla-a100', 8] },
  'a3-highgpu-8g': { cpus: 208, accelerators: ['nvidia-h100-80gb', 8] },
  'g2-standard-4': { cpus: 4, accelerators: ['nvidia-l4', 1] },
  'n1-standard-4': { cpus: 4 },
  'n1-standard-8': { cpus: 8 },
  'e2-standard-4': { cpus: 4 },
};

// Numeric ids are uint64 on the wire and travel as strings.
export const gceNumericId = (vm: SimVm) =>
  String(
    [...vm.id].reduce((h, c) => (h * 31n + BigInt(c.charCodeAt(0))) % 9_000_000_000_000_000_000n, 7n) +
      1_000_000_000_000_000_000n,
  );

/** Changes whenever the labels change, as the real fingerprint does. */
const fingerprint = (labels: Record<string, string>) =>
  Buffer.from(JSON.stringify(Object.entries(labels).sort()))
    .toString('base64')
    .slice(-12);

function instanceJson(vm: SimVm) {
  const zoneUrl = `${BASE}/projects/${vm.account}/zones/${vm.zone}`;
  return {
    kind: 'compute#instance',
    id: gceNumericId(vm),
    name: vm.id,
    zone: zoneUrl,
    machineType: `${zoneUrl}/machineTypes/${vm.type}`,
    status: vm.state === 'running' ? 'RUNNING' : 'TERMINATED',
    labels: vm.tags,
    labelFingerprint: fingerprint(vm.tags),
    creationTimestamp: vm.launchedAt,
    lastStartTimestamp: vm.launchedAt,
    guestAccelerators: (vm.accelerators ?? []).map((a) => ({
      acceleratorType: `${zoneUrl}/acceleratorTypes/${a.type}`,
      acceleratorCount: a.count,
    })),
    metadata: { items: vm.controller ? [{ key: 'created-by', value: vm.controller }] : [] },
    scheduling: { provisioningModel: 'STANDARD' },
    disks: [{ boot: true, type: vm.rootDevice === 'instance-store' ? 'SCRATCH' : 'PERSISTENT' }],
  };
}

interface Op {
  name: string;
  zone: string;
  project: string;
  target: string;
  kind: 'stop' | 'setLabels';
  labels?: Record<string, string>;
  /** Polls left before DONE: zone operations take a moment, callers must wait. */
  pending: number;
  error?: string;
}

function operationJson(op: Op) {
  const zoneUrl = `${BASE}/projects/${op.project}/zones/${op.zone}`;
  return {
    kind: 'compute#operation',
    id: op.name.replace(/\D/g, '') || '1',
    name: op.name,
    zone: zoneUrl,
    operationType: op.kind,
    targetLink: `${zoneUrl}/instances/${op.target}`,
    status: op.pending > 0 ? 'RUNNING' : 'DONE',
    progress: op.pending > 0 ? 50 : 100,
    ...(op.pending <= 0 && op.error
      ? {
          error: { errors: [{ code: 'RESOURCE_OPERATION_FAILED', message: op.error }] },
          httpErrorStatusCode: 400,
        }
      : {}),
  };
}

/**
 * Compute Engine v1 REST as @google-cloud/compute speaks it (HTTP/1.1 JSON): instances
 * aggregatedList (paged by pageToken), machineTypes.get, instances.stop (a zone operation that finishes
 * on the second wait) and zoneOperations.wait.
 */
// Operations belong to the world, so a handler made per request still finds them.
const operationsOf = new WeakMap<FleetWorld, Map<string, Op>>();

export function gcpComputeFake(world: FleetWorld): Handler {
  const ops = operationsOf.get(world) ?? new Map<string, Op>();
  operationsOf.set(world, ops);
  return (req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const p = url.pathname.replace(/^\/compute\/v1\//, '').split('/');
    const [, project] = p;
    const vmsOf = (zone?: string) =>
      world.vms.filter((v) => v.provider === 'gcp' && v.account === project && (!zone || v.zone === zone));

    if (req.method === 'GET' && p[2] === 'aggregated' && p[3] === 'instances') {
      if (serve(world, 'compute', 'instances.aggregatedList', project)) return throttled(res);
      if (denies(world, 'instances.aggregatedList'))
        return sendGoogleError(
          res,
          403,
          'PERMISSION_DENIED',
          `Required 'compute.instances.list' permission for 'projects/${project}'`,
        );
      const filter = url.searchParams.get('filter') ?? '';
      const wantRunning = /status\s*=\s*RUNNING/i.test(filter);
      const all = vmsOf().filter((v) => !wantRunning || v.state === 'running');
      const start = Number(url.searchParams.get('pageToken') ?? '0');
      const page = all.slice(start, start + world.pageSize);
      const items: Record<string, unknown> = {};
      for (const v of page) {
        const key = `zones/${v.zone}`;
        const scoped = (items[key] as { instances: unknown[] } | undefined) ?? { instances: [] };
        scoped.instances.push(instanceJson(v));
        items[key] = scoped;
      }
      // Zones without instances come back with a warning instead of a list.
      items['zones/antarctica-south1-a'] = {
        warning: { code: 'NO_RESULTS_ON_PAGE', message: 'no instances' },
      };
      const next = start + world.pageSize < all.length ? String(start + world.pageSize) : undefined;
      return sendGoogleJson(res, 200, {
        kind: 'compute#instanceAggregatedList',
        items,
        ...(next ? { nextPageToken: next } : {}),
      });
    }
    if (req.method === 'GET' && p[2] === 'zones' && p[4] === 'machineTypes') {
      if (serve(world, 'compute', 'machineTypes.get', `${p[3]}/${p[5]}`)) return throttled(res);
      const mt = SIM_GCP_MACHINE_TYPES[p[5] ?? ''];
      if (!mt)
        return sendGoogleError(res, 404, 'NOT_FOUND', `The resource 'machineTypes/${p[5]}' was not found`);
      return sendGoogleJson(res, 200, {
        kind: 'compute#machineType',
        name: p[5],
        guestCpus: mt.cpus,
        zone: p[3],
        ...(mt.accelerators
          ? {
              accelerators: [
                { guestAcceleratorType: mt.accelerators[0], guestAcceleratorCount: mt.accelerators[1] },
              ],
            }
          : {}),
      });
    }
    if (req.method === 'POST' && p[2] === 'zones' && p[4] === 'instances' && p[6] === 'stop') {
      const zone = p[3] ?? '';
      const name = p[5] ?? '';
      if (serve(world, 'compute', 'instances.stop', name)) return throttled(res);
      const vm = vmsOf(zone).find((v) => v.id === name);
      if (!vm)
        return sendGoogleError(res, 404, 'NOT_FOUND', `The resource 'instances/${name}' was not found`);
      const op: Op = {
        name: `operation-${ops.size + 1}-stop`,
        zone,
        project: project ?? '',
        target: name,
        kind: 'stop',
        pending: 1,
      };
      if (world.faults.failStop.includes(name))
        op.error = `Instance '${name}' cannot be stopped: it has local SSDs.`;
      ops.set(op.name, op);
      return sendGoogleJson(res, 200, operationJson(op));
    }
    if (p[2] === 'zones' && p[4] === 'instances' && (p.length === 6 || p[6] === 'setLabels')) {
      const vm = vmsOf(p[3]).find((v) => v.id === p[5]);
      if (!vm)
        return sendGoogleError(res, 404, 'NOT_FOUND', `The resource 'instances/${p[5]}' was not found`);
      if (req.method === 'GET' && p.length === 6) {
        if (serve(world, 'compute', 'instances.get', vm.id)) return throttled(res);
        return sendGoogleJson(res, 200, instanceJson(vm));
      }
      if (req.method === 'POST') {
        if (serve(world, 'compute', 'instances.setLabels', vm.id)) return throttled(res);
        const input = JSON.parse(body.toString() || '{}') as {
          labels?: Record<string, string>;
          labelFingerprint?: string;
        };
        if (input.labelFingerprint !== fingerprint(vm.tags)) {
          return sendGoogleError(
            res,
            412,
            'FAILED_PRECONDITION',
            'Labels fingerprint either invalid or resource labels have changed',
          );
        }
        const op: Op = {
          name: `operation-${ops.size + 1}-setLabels`,
          zone: vm.zone,
          project: project ?? '',
          target: vm.id,
          kind: 'setLabels',
          pending: 0,
        };
        ops.set(op.name, op);
        vm.tags = input.labels ?? {};
        return sendGoogleJson(res, 200, operationJson(op));
      }
    }
    if (req.method === 'POST' && p[2] === 'zones' && p[4] === 'operations' && p[6] === 'wait') {
      serve(world, 'compute', 'zoneOperations.wait', p[5]);
      const op = ops.get(p[5] ?? '');
      if (!op)
        return sendGoogleError(res, 404, 'NOT_FOUND', `The resource 'operations/${p[5]}' was not found`);
      op.pending -= 1;
      if (op.pending <= 0 && !op.error) {
        const vm = vmsOf(op.zone).find((v) => v.id === op.target);
        if (vm && op.kind === 'stop') vm.state = 'stopped';
      }
      return sendGoogleJson(res, 200, operationJson(op));
    }
    return sendGoogleError(res, 404, 'NOT_FOUND', `no fake for ${req.method} ${url.pathname}`);
  };
}
