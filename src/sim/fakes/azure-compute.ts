import type { Handler } from '../local-server.js';
import { armDenial, armThrottled, origin, requireBearer, sendArm, sendArmError } from './azure-wire.js';
import { denies, type FleetWorld, type SimVm, serve } from './fleet-world.js';

/** VM sizes the fake lists in resourceSkus, with their documented GPU capability. */
export const SIM_AZURE_SIZES: Record<string, { vcpus: number; gpus?: number }> = {
  Standard_NC4as_T4_v3: { vcpus: 4, gpus: 1 },
  Standard_NC6s_v3: { vcpus: 6, gpus: 1 },
  Standard_NC24ads_A100_v4: { vcpus: 24, gpus: 1 },
  Standard_ND96asr_v4: { vcpus: 96, gpus: 8 },
  Standard_D4s_v5: { vcpus: 4 },
};

export const azureVmId = (vm: SimVm) =>
  `/subscriptions/${vm.account}/resourceGroups/${vm.resourceGroup ?? 'ml'}/providers/Microsoft.Compute/virtualMachines/${vm.id}`;

function vmJson(vm: SimVm) {
  return {
    id: azureVmId(vm),
    name: vm.id,
    type: 'Microsoft.Compute/virtualMachines',
    location: vm.zone,
    tags: vm.tags,
    ...(vm.controller ? { managedBy: vm.controller } : {}),
    properties: {
      vmId: `00000000-0000-0000-0000-${vm.id.padStart(12, '0').slice(-12)}`,
      hardwareProfile: { vmSize: vm.type },
      storageProfile: {
        osDisk: {
          osType: 'Linux',
          createOption: 'FromImage',
          ...(vm.rootDevice === 'instance-store' ? { diffDiskSettings: { option: 'Local' } } : {}),
        },
      },
      ...(vm.controller ? { virtualMachineScaleSet: { id: vm.controller } } : {}),
      ...(vm.spot ? { priority: 'Spot', evictionPolicy: 'Deallocate' } : { priority: 'Regular' }),
      provisioningState: 'Succeeded',
      timeCreated: vm.launchedAt,
    },
  };
}

interface Op {
  pending: number;
  vm: SimVm;
  fail: boolean;
}
const operationsOf = new WeakMap<FleetWorld, Map<string, Op>>();

/**
 * Azure Resource Manager for Microsoft.Compute over HTTPS, as @azure/arm-compute 24 calls it:
 * virtualMachines listAll (paged by nextLink), resourceSkus list, instanceView and deallocate (a
 * long-running operation polled through Azure-AsyncOperation).
 */
export function azureComputeFake(world: FleetWorld): Handler {
  const ops = operationsOf.get(world) ?? new Map<string, Op>();
  operationsOf.set(world, ops);
  return (req, body, res) => {
    if (!requireBearer(req, res)) return;
    const url = new URL(req.url ?? '/', 'https://local');
    const path = url.pathname;
    const sub = /^\/subscriptions\/([^/]+)/.exec(path)?.[1] ?? '';
    const vms = world.vms.filter((v) => v.provider === 'azure' && v.account === sub);
    const page = <T>(items: T[]) => {
      const start = Number(url.searchParams.get('$skiptoken') ?? '0');
      const next = new URL(url.toString());
      next.searchParams.set('$skiptoken', String(start + world.pageSize));
      return {
        value: items.slice(start, start + world.pageSize),
        ...(start + world.pageSize < items.length
          ? { nextLink: `${origin(req)}${next.pathname}${next.search}` }
          : {}),
      };
    };

    if (
      req.method === 'GET' &&
      path === `/subscriptions/${sub}/providers/Microsoft.Compute/virtualMachines`
    ) {
      if (serve(world, 'arm-compute', 'virtualMachines.listAll', sub)) return armThrottled(res);
      if (denies(world, 'virtualMachines.listAll'))
        return sendArmError(
          res,
          403,
          'AuthorizationFailed',
          armDenial('Microsoft.Compute/virtualMachines/read', `/subscriptions/${sub}`),
        );
      return sendArm(res, 200, page(vms.map(vmJson)));
    }
    if (req.method === 'GET' && path === `/subscriptions/${sub}/providers/Microsoft.Compute/skus`) {
      const location = /location eq '([^']+)'/.exec(url.searchParams.get('$filter') ?? '')?.[1];
      if (serve(world, 'arm-compute', 'resourceSkus.list', location)) return armThrottled(res);
      const skus = Object.entries(SIM_AZURE_SIZES).map(([name, s]) => ({
        resourceType: 'virtualMachines',
        name,
        tier: 'Standard',
        size: name.replace(/^Standard_/, ''),
        locations: [location ?? 'eastus'],
        capabilities: [
          { name: 'vCPUs', value: String(s.vcpus) },
          ...(s.gpus ? [{ name: 'GPUs', value: String(s.gpus) }] : []),
        ],
        restrictions: [],
      }));
      // Disks and other resource types share the list: the client must pick virtual machines.
      skus.push({
        resourceType: 'disks',
        name: 'Premium_LRS',
        tier: 'Premium',
        size: 'P1',
        locations: [location ?? 'eastus'],
        capabilities: [],
        restrictions: [],
      });
      return sendArm(res, 200, page(skus));
    }
    const vmPath =
      /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)(?:\/(\w+))?$/i.exec(
        path,
      );
    const vm = vmPath && vms.find((v) => (v.resourceGroup ?? 'ml') === vmPath[1] && v.id === vmPath[2]);
    if (vmPath && !vm)
      return sendArmError(res, 404, 'ResourceNotFound', `The Resource '${vmPath[2]}' was not found.`);
    if (vm && vmPath && vmPath[3] === undefined && (req.method === 'GET' || req.method === 'PATCH')) {
      if (serve(world, 'arm-compute', `virtualMachines.${req.method === 'GET' ? 'get' : 'update'}`, vm.id)) {
        return armThrottled(res);
      }
      if (req.method === 'PATCH') {
        // PATCH replaces the tag set with the one sent.
        const input = JSON.parse(body.toString() || '{}') as { tags?: Record<string, string> };
        if (input.tags) vm.tags = input.tags;
      }
      return sendArm(res, 200, vmJson(vm));
    }
    if (vm && req.method === 'GET' && vmPath?.[3] === 'instanceView') {
      if (serve(world, 'arm-compute', 'virtualMachines.instanceView', vm.id)) return armThrottled(res);
      return sendArm(res, 200, {
        computerName: vm.id,
        statuses: [
          {
            code: 'ProvisioningState/succeeded',
            level: 'Info',
            displayStatus: 'Provisioning succeeded',
            time: vm.launchedAt,
          },
          vm.state === 'running'
            ? { code: 'PowerState/running', level: 'Info', displayStatus: 'VM running' }
            : { code: 'PowerState/deallocated', level: 'Info', displayStatus: 'VM deallocated' },
        ],
      });
    }
    if (vm && req.method === 'POST' && vmPath?.[3] === 'deallocate') {
      if (serve(world, 'arm-compute', 'virtualMachines.deallocate', vm.id)) return armThrottled(res);
      const id = `op-${ops.size + 1}`;
      ops.set(id, { pending: 1, vm, fail: world.faults.failStop.includes(vm.id) });
      const opUrl = `${origin(req)}/subscriptions/${sub}/providers/Microsoft.Compute/locations/${vm.zone}/operations/${id}?api-version=2024-11-01`;
      return sendArm(res, 202, undefined, { 'azure-asyncoperation': opUrl, 'retry-after': '1' });
    }
    const opMatch = /\/operations\/(op-\d+)$/.exec(path);
    if (req.method === 'GET' && opMatch) {
      serve(world, 'arm-compute', 'operations.get', opMatch[1]);
      const op = ops.get(opMatch[1] ?? '');
      if (!op) return sendArmError(res, 404, 'NotFound', 'no such operation');
      op.pending -= 1;
      if (op.pending >= 0)
        return sendArm(res, 200, { name: opMatch[1], status: 'InProgress' }, { 'retry-after': '1' });
      if (op.fail) {
        return sendArm(res, 200, {
          name: opMatch[1],
          status: 'Failed',
          error: {
            code: 'OperationNotAllowed',
            message: `Deallocation of ${op.vm.id} is not allowed: a lock forbids it.`,
          },
        });
      }
      op.vm.state = 'stopped';
      return sendArm(res, 200, { name: opMatch[1], status: 'Succeeded' });
    }
    return sendArmError(res, 404, 'NotFound', `no fake for ${req.method} ${path}`);
  };
}
