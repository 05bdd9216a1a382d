import type { IncomingMessage, ServerResponse } from 'node:http';
import { allocationOf, type ClusterAllocation } from '../../core/clusters/types.js';
import { type LocalServer, startLocalServer } from '../local-server.js';
import { FaultState, type Faults, holdRequest } from './faults.js';

/**
 * A wire-format fake of one cluster's OpenCost: `GET /allocation/compute` as docs/swagger.json of
 * opencost/opencost documents it. The window is an RFC 3339 pair; `step=1d` answers one set per day
 * (a map of allocation name -> allocation, each with its `window`, `properties` and the cost of each
 * resource with six decimals, as OpenCost prints them); `includeIdle=true` adds each day's `__idle__`.
 * Errors are `{code, message}` with the HTTP status, as OpenCost's WriteError writes them.
 */
export interface OpenCostWorld {
  /** The cluster's name as OpenCost's `properties.cluster` gives it. */
  clusterId: string;
  allocations: (day: string) => readonly ClusterAllocation[];
  /** Days OpenCost still has metrics for (older ones answer empty sets): Prometheus retention. */
  firstDay?: string;
}

export interface FakeOpenCost extends LocalServer {
  faults: FaultState;
  calls: number;
  /** The query strings received, in order. */
  queries: URLSearchParams[];
}

const DAY_MS = 86_400_000;

function parseWindow(w: string): { start: number; end: number } | undefined {
  // A duration back from now (`30m`, `12h`, `7d`), as the reference allows.
  const d = /^(\d+)([mhd])$/.exec(w);
  if (d) {
    const unit = { m: 60_000, h: 3_600_000, d: DAY_MS }[d[2] as 'm' | 'h' | 'd'];
    const end = Date.now();
    return { start: end - Number(d[1]) * unit, end };
  }
  const parts = w.split(',');
  if (parts.length !== 2) return undefined;
  const [start, end] = parts.map((p) => Date.parse(p));
  if (start === undefined || end === undefined || Number.isNaN(start) || Number.isNaN(end) || end <= start)
    return undefined;
  return { start, end };
}

const six = (x: number) => Number(x.toFixed(6));

/** One allocation as OpenCost serializes it (the fields costguard reads, and the usual others). */
function wire(a: ClusterAllocation, clusterId: string, start: string, end: string) {
  const properties = a.idle
    ? { cluster: clusterId }
    : {
        cluster: clusterId,
        namespace: a.namespace,
        ...(a.controller ? { controller: a.controller, controllerKind: a.controllerKind } : {}),
        ...(a.pod ? { pod: a.pod } : {}),
        ...(Object.keys(a.labels).length ? { labels: a.labels } : {}),
        ...(Object.keys(a.namespaceLabels).length ? { namespaceLabels: a.namespaceLabels } : {}),
      };
  const total = a.cpuCost + a.gpuCost + a.ramCost + a.pvCost + a.networkCost + a.loadBalancerCost;
  return {
    name: a.name,
    properties,
    window: { start, end },
    start,
    end,
    minutes: 1440,
    cpuCores: 0,
    cpuCoreHours: 0,
    cpuCost: six(a.cpuCost),
    cpuCostAdjustment: 0,
    gpuCount: six(a.gpuHours / 24),
    gpuHours: six(a.gpuHours),
    gpuCost: six(a.gpuCost),
    gpuCostAdjustment: 0,
    networkCost: six(a.networkCost),
    networkCostAdjustment: 0,
    loadBalancerCost: six(a.loadBalancerCost),
    loadBalancerCostAdjustment: 0,
    pvCost: six(a.pvCost),
    pvCostAdjustment: 0,
    pvs: null,
    ramCost: six(a.ramCost),
    ramCostAdjustment: 0,
    sharedCost: 0,
    externalCost: 0,
    totalCost: six(total),
    rawAllocationOnly: null,
  };
}

export async function startFakeOpenCost(world: OpenCostWorld, faults: Faults = {}): Promise<FakeOpenCost> {
  const state = new FaultState(faults);
  const queries: URLSearchParams[] = [];
  const fake = { calls: 0 };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, message: string, headers?: Record<string, string>) =>
    send(res, status, { code: status, message: `Error: ${message}` }, headers);

  const handler = (req: IncomingMessage, _body: Buffer, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/allocation/compute' && url.pathname !== '/allocation') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found\n');
      return;
    }
    fake.calls += 1;
    queries.push(url.searchParams);
    const verdict = state.next();
    if (verdict === 'hang') return holdRequest(state.faults.hangMs, () => error(res, 504, 'timeout'));
    if (verdict === 'throttle') return error(res, 429, 'too many requests', { 'retry-after': '0' });
    if (verdict === 'server-error') return error(res, 500, 'Internal Server Error');
    if (verdict === 'unavailable') return error(res, 503, 'Service Unavailable');
    // An auth proxy in front of OpenCost (OpenCost has none of its own).
    if (verdict === 'fail' || verdict === 'denied') {
      res.writeHead(verdict === 'fail' ? 401 : 403, { 'content-type': 'text/plain' });
      res.end(verdict === 'fail' ? 'Unauthorized' : 'Forbidden');
      return;
    }
    const window = parseWindow(url.searchParams.get('window') ?? '');
    if (!window) return error(res, 400, "Invalid 'window' parameter");
    const aggregate = url.searchParams.get('aggregate') ?? 'cluster,node,namespace,pod,container';
    if (aggregate === 'cluster' && !url.searchParams.has('step')) {
      // One set for the whole window, one allocation for the cluster (what doctor asks for).
      const start = new Date(window.start).toISOString();
      const end = new Date(window.end).toISOString();
      const one = allocationOf({ cluster: world.clusterId, day: start.slice(0, 10), name: world.clusterId });
      const data = [{ [world.clusterId]: wire(one, world.clusterId, start, end) }];
      return send(res, 200, { code: 200, status: 'success', data });
    }
    if (aggregate !== 'namespace,controller,pod')
      return error(res, 400, `fake: unsupported aggregate ${aggregate}`);
    const step = url.searchParams.get('step');
    if (step !== '1d') return error(res, 400, `fake: unsupported step ${step}`);
    const includeIdle = url.searchParams.get('includeIdle') === 'true';
    const data: Record<string, unknown>[] = [];
    for (let t = window.start; t < window.end; t += DAY_MS) {
      const start = new Date(t).toISOString().replace('.000Z', 'Z');
      const end = new Date(t + DAY_MS).toISOString().replace('.000Z', 'Z');
      const day = start.slice(0, 10);
      const set: Record<string, unknown> = {};
      if (!world.firstDay || day >= world.firstDay) {
        for (const a of world.allocations(day)) {
          if (a.idle && !includeIdle) continue;
          set[a.name] = wire(a, world.clusterId, start, end);
        }
      }
      data.push(set);
    }
    send(res, 200, { code: 200, status: 'success', data });
  };
  const server = await startLocalServer(handler);
  return {
    ...server,
    faults: state,
    queries,
    get calls() {
      return fake.calls;
    },
  };
}
