import type { VirtualMachine } from '@azure/arm-compute';
import { type CheckOutcome, type DoctorCheck, passed } from '../../core/doctor.js';
import { explainRefusal } from '../../core/doctor-refusals.js';
import type { AzureScope } from './azure-fleet.js';
import { type AzureConfig, azureScopesOf } from './azure-from-config.js';

const ROLE = 'Virtual Machine Contributor (or Reader to only watch)';

/**
 * The first VM of a subscription's listing (one page; undefined when it has none), or the refusal
 * of the listing as the check's outcome.
 */
async function firstVm(
  scope: AzureScope,
  signal: AbortSignal,
  endpoint: string,
): Promise<{ vm: VirtualMachine | undefined } | { refused: CheckOutcome }> {
  try {
    for await (const page of scope.compute.virtualMachines.listAll({ abortSignal: signal }).byPage())
      return { vm: page[0] };
    return { vm: undefined };
  } catch (e) {
    return {
      refused: explainRefusal(e, {
        cloud: 'azure',
        permission: 'Microsoft.Compute/virtualMachines/read',
        role: ROLE,
        endpoint,
        scope: `/subscriptions/${scope.subscription}`,
      }),
    };
  }
}

/** doctor's Azure compute check: the first page of virtualMachines.listAll in every subscription. */
export function azureComputeCheck(cfg: AzureConfig): DoctorCheck {
  const endpoint = cfg.endpoint ?? 'https://management.azure.com';
  return {
    name: 'azure.compute',
    group: 'azure',
    endpoint,
    async run({ signal }) {
      for (const scope of azureScopesOf(cfg)) {
        const listed = await firstVm(scope, signal, endpoint);
        if ('refused' in listed) return listed.refused;
      }
      return passed(`virtualMachines.listAll allowed in ${cfg.subscriptions.join(', ')}`);
    },
  };
}

/**
 * doctor's Azure Monitor check: the platform CPU metric of the first VM of each subscription over ten
 * minutes (metrics are read per resource, so a subscription without VMs has nothing to read).
 */
export function azureMonitorCheck(cfg: AzureConfig): DoctorCheck {
  const endpoint = cfg.endpoint ?? 'https://management.azure.com';
  return {
    name: 'azure.monitor',
    group: 'azure',
    endpoint,
    async run({ signal }) {
      const read: string[] = [];
      const empty: string[] = [];
      const end = new Date();
      const timespan = `${new Date(end.getTime() - 600_000).toISOString()}/${end.toISOString()}`;
      for (const scope of azureScopesOf(cfg)) {
        const listed = await firstVm(scope, signal, endpoint);
        if ('refused' in listed) return listed.refused;
        const vm = listed.vm;
        if (!vm?.id) {
          empty.push(scope.subscription);
          continue;
        }
        try {
          await scope.monitor.metrics.list(vm.id.replace(/^\//, ''), {
            timespan,
            interval: 'PT5M',
            metricnames: 'Percentage CPU',
            aggregation: 'Maximum',
            abortSignal: signal,
          });
          read.push(`${scope.subscription} (${vm.name})`);
        } catch (e) {
          return explainRefusal(e, {
            cloud: 'azure',
            endpoint,
            scope: `/subscriptions/${scope.subscription}`,
            permission: 'Microsoft.Insights/metrics/read',
            role: 'Monitoring Reader',
          });
        }
      }
      const parts = [
        ...(read.length ? [`metrics.list allowed in ${read.join(', ')}`] : []),
        ...(empty.length ? [`no VM to read metrics of in ${empty.join(', ')} (not verified there)`] : []),
      ];
      return passed(parts.join('; '));
    },
  };
}
