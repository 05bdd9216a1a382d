import type { Handler } from '../local-server.js';
import { azureVmId } from './azure-compute.js';
import { armDenial, armThrottled, requireBearer, sendArm, sendArmError } from './azure-wire.js';
import { denies, type FleetWorld, periods, serve } from './fleet-world.js';

/** ISO 8601 duration of the interval parameter (PT5M, PT1H) in seconds. */
function seconds(iso: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(iso);
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 : 60;
}

/**
 * Azure Monitor metrics over ARM (HTTPS), as @azure/arm-monitor 7 calls it:
 * GET {resourceUri}/providers/Microsoft.Insights/metrics. Platform metrics "Percentage CPU" and
 * "Network In Total" exist for every VM; a GPU metric only in the custom namespace of VMs whose world
 * entry has one, otherwise the query fails as ARM does for an unknown metric.
 */
export function azureMonitorFake(
  world: FleetWorld,
  opts: { gpuNamespace: string; gpuMetric: string },
): Handler {
  return (req, _body, res) => {
    if (!requireBearer(req, res)) return;
    const url = new URL(req.url ?? '/', 'https://local');
    const m = /^\/+(.+)\/providers\/Microsoft\.Insights\/metrics$/i.exec(url.pathname);
    if (!m || req.method !== 'GET') return sendArmError(res, 404, 'NotFound', `no fake for ${url.pathname}`);
    const resourceId = `/${decodeURIComponent(m[1] ?? '')}`.toLowerCase();
    const vm = world.vms.find((v) => v.provider === 'azure' && azureVmId(v).toLowerCase() === resourceId);
    if (serve(world, 'arm-monitor', 'metrics.list', vm?.id)) return armThrottled(res);
    if (denies(world, 'metrics.list'))
      return sendArmError(
        res,
        403,
        'AuthorizationFailed',
        armDenial('Microsoft.Insights/metrics/read', resourceId),
      );
    if (!vm) return sendArmError(res, 404, 'ResourceNotFound', `The Resource '${resourceId}' was not found.`);
    const q = url.searchParams;
    const namespace = q.get('metricnamespace');
    const names = (q.get('metricnames') ?? '').split(',').filter(Boolean);
    const [from = '', to = ''] = (q.get('timespan') ?? '').split('/');
    const period = seconds(q.get('interval') ?? 'PT1M');
    const custom = namespace !== null && namespace.toLowerCase() !== 'microsoft.compute/virtualmachines';
    if (custom && (namespace !== opts.gpuNamespace || vm.metrics.gpu === undefined)) {
      return sendArmError(
        res,
        400,
        'BadRequest',
        `Failed to find metric configuration for provider: ${namespace}, resource Id: ${resourceId}, metric: ${names.join(',')}`,
      );
    }
    const times = periods(Date.parse(from), Date.parse(to) - 1, period);
    const series = (name: string, point: (t: number) => { maximum?: number; total?: number }) => ({
      id: `${resourceId}/providers/Microsoft.Insights/metrics/${name}`,
      type: 'Microsoft.Insights/metrics',
      name: { value: name, localizedValue: name },
      unit: name === 'Network In Total' ? 'Bytes' : 'Percent',
      timeseries: [
        {
          metadatavalues: [],
          data: times.map((t) => ({ timeStamp: new Date(t).toISOString(), ...point(t) })),
        },
      ],
      errorCode: 'Success',
    });
    const value = names.map((name) => {
      if (custom && name === opts.gpuMetric) return series(name, () => ({ maximum: vm.metrics.gpu ?? 0 }));
      // A VM's platform metrics always exist; a world VM without a value reports no points for it.
      if (name === 'Percentage CPU')
        return series(name, () => (vm.metrics.cpu === undefined ? {} : { maximum: vm.metrics.cpu }));
      if (name === 'Network In Total') {
        return series(name, () =>
          vm.metrics.networkIn === undefined ? {} : { total: vm.metrics.networkIn * period },
        );
      }
      return series(name, () => ({}));
    });
    return sendArm(res, 200, {
      cost: 0,
      timespan: `${from}/${to}`,
      interval: q.get('interval'),
      value,
      namespace: namespace ?? 'Microsoft.Compute/virtualMachines',
      resourceregion: vm.zone,
    });
  };
}
