import { randomUUID } from 'node:crypto';
import type {
  InstancesClient,
  MachineTypesClient,
  protos,
  ZoneOperationsClient,
} from '@google-cloud/compute';
import type { Accelerator } from '../prices.js';
import { machineTypeAccelerators } from './compute-mappers.js';
import { retrying } from './gax-options.js';

type IInstance = protos.google.cloud.compute.v1.IInstance;
type IOperation = protos.google.cloud.compute.v1.IOperation;

/** Running instances of a project across all zones (aggregatedList follows pageToken itself). */
export async function listRunning(client: InstancesClient, project: string): Promise<IInstance[]> {
  const out: IInstance[] = [];
  const iterable = client.aggregatedListAsync(
    { project, filter: 'status = RUNNING', maxResults: 500, returnPartialSuccess: true },
    retrying(),
  );
  for await (const [, scoped] of iterable) out.push(...(scoped.instances ?? []));
  return out;
}

/** Accelerators a machine type has built in; cached by the caller per zone and type. */
export async function builtInAccelerators(
  client: MachineTypesClient,
  project: string,
  zone: string,
  machineType: string,
): Promise<Accelerator[]> {
  const [mt] = await client.get({ project, zone, machineType }, retrying());
  return machineTypeAccelerators(mt);
}

/** One instance as Compute Engine has it now, whatever its status; undefined when it no longer exists. */
export async function getInstance(
  client: InstancesClient,
  project: string,
  zone: string,
  instance: string,
): Promise<IInstance | undefined> {
  try {
    const [i] = await client.get({ project, zone, instance }, retrying());
    return i;
  } catch (e) {
    // HTTP 404 over REST, gRPC NOT_FOUND (5) over gRPC.
    const code = (e as { code?: unknown }).code;
    if (code === 404 || code === 5) return undefined;
    throw e;
  }
}

// A stop normally finishes within a minute; each wait call blocks up to 2 minutes server-side.
const MAX_WAITS = 10;

/**
 * Stops an instance and waits for the zone operation. The requestId makes a retried stop the same
 * request, so a retry after a quota error cannot queue two operations.
 */
export async function stopAndWait(
  instances: InstancesClient,
  operations: ZoneOperationsClient,
  project: string,
  zone: string,
  instance: string,
): Promise<void> {
  const [lro] = await instances.stop({ project, zone, instance, requestId: randomUUID() }, retrying());
  await waitDone(operations, project, zone, lro.latestResponse as IOperation);
}

async function waitDone(operations: ZoneOperationsClient, project: string, zone: string, first: IOperation) {
  let op = first;
  for (let i = 0; op.status !== 'DONE' && i < MAX_WAITS; i++) {
    [op] = await operations.wait({ project, zone, operation: op.name ?? '' }, retrying());
  }
  if (op.status !== 'DONE')
    throw new Error(`operation ${op.name} still ${op.status} after ${MAX_WAITS} waits`);
  const errors = op.error?.errors ?? [];
  if (errors.length) throw new Error(errors.map((e) => `${e.code}: ${e.message}`).join('; '));
}

/**
 * Merges labels into an instance's. setLabels replaces the whole set and needs the current
 * fingerprint, so a concurrent change fails (412) instead of being overwritten.
 */
export async function mergeLabels(
  instances: InstancesClient,
  operations: ZoneOperationsClient,
  project: string,
  zone: string,
  instance: string,
  labels: Readonly<Record<string, string>>,
): Promise<void> {
  const [current] = await instances.get({ project, zone, instance }, retrying());
  const [lro] = await instances.setLabels(
    {
      project,
      zone,
      instance,
      requestId: randomUUID(),
      instancesSetLabelsRequestResource: {
        labels: { ...(current.labels ?? {}), ...labels },
        labelFingerprint: current.labelFingerprint ?? null,
      },
    },
    retrying(),
  );
  await waitDone(operations, project, zone, lro.latestResponse as IOperation);
}
