import type {
  ComputeManagementClient,
  ResourceSku,
  VirtualMachine,
  VirtualMachineInstanceView,
} from '@azure/arm-compute';

/** Every VM of the subscription, following nextLink. */
export async function listVms(client: ComputeManagementClient): Promise<VirtualMachine[]> {
  const out: VirtualMachine[] = [];
  for await (const vm of client.virtualMachines.listAll()) out.push(vm);
  return out;
}

/** The SKUs offered in one location (the list is large; the filter keeps it to one region). */
export async function listSkus(client: ComputeManagementClient, location: string): Promise<ResourceSku[]> {
  const out: ResourceSku[] = [];
  for await (const sku of client.resourceSkus.list({ filter: `location eq '${location}'` })) out.push(sku);
  return out;
}

/** One VM as ARM has it now; undefined when it no longer exists. */
export async function getVm(
  client: ComputeManagementClient,
  resourceGroup: string,
  name: string,
): Promise<VirtualMachine | undefined> {
  try {
    return await client.virtualMachines.get(resourceGroup, name);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
}

export function instanceView(
  client: ComputeManagementClient,
  resourceGroup: string,
  name: string,
): Promise<VirtualMachineInstanceView> {
  return client.virtualMachines.instanceView(resourceGroup, name);
}

/**
 * Deallocates and waits for the long-running operation: power-off alone keeps the hardware
 * allocated and billed.
 */
export async function deallocate(
  client: ComputeManagementClient,
  resourceGroup: string,
  name: string,
  updateIntervalInMs: number,
): Promise<void> {
  await client.virtualMachines.deallocate(resourceGroup, name, { updateIntervalInMs }).pollUntilDone();
}

/** Merges tags into a VM's: a PATCH replaces the whole tag set, so read it first. */
export async function mergeTags(
  client: ComputeManagementClient,
  resourceGroup: string,
  name: string,
  tags: Readonly<Record<string, string>>,
  updateIntervalInMs: number,
): Promise<void> {
  const vm = await client.virtualMachines.get(resourceGroup, name);
  await client.virtualMachines
    .update(resourceGroup, name, { tags: { ...(vm.tags ?? {}), ...tags } }, { updateIntervalInMs })
    .pollUntilDone();
}
