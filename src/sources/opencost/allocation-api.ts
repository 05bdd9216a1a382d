import { z } from 'zod';
import type { PullStats } from '../../core/billing-source.js';
import {
  badAnswer,
  type CloudProvider,
  callCloud,
  type FailureKind,
  type RetryPolicy,
} from '../../core/cloud-call.js';
import { type ClusterAllocation, compareAllocations } from '../../core/clusters/types.js';
import { addDays, type DayRange } from '../../core/day.js';

/**
 * OpenCost's allocation API (`GET /allocation/compute`, docs/swagger.json of opencost/opencost): per
 * step, a map of allocation name -> allocation, with the cost of each resource, its adjustment, and
 * the properties costguard attributes by (namespace, controller, pod, labels, namespace labels).
 */
export interface OpenCostOptions {
  /** costguard's name for the cluster (the allocations are stored under it). */
  cluster: string;
  /** The API root: the in-cluster service (http://opencost.opencost:9003) or a port-forward. */
  url: string;
  /** The cloud the cluster runs on, for error reports. */
  cloud?: CloudProvider;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  requestTimeoutMs?: number;
}

/** Days per request: OpenCost computes long windows from Prometheus on the fly, which is slow. */
export const DAYS_PER_REQUEST = 7;

const num = z
  .union([z.number(), z.null(), z.string()])
  .optional()
  .transform((v) => {
    // OpenCost writes NaN and Inf as strings or null in some versions; they carry no weight.
    const n = typeof v === 'string' ? Number(v) : (v ?? 0);
    return Number.isFinite(n) ? n : 0;
  });
const labels = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .nullish()
  .transform((l) => Object.fromEntries(Object.entries(l ?? {}).map(([k, v]) => [k, String(v)])));

const allocationSchema = z.object({
  name: z.string(),
  properties: z
    .object({
      cluster: z.string().optional(),
      namespace: z.string().optional(),
      controllerKind: z.string().optional(),
      controller: z.string().optional(),
      pod: z.string().optional(),
      labels,
      namespaceLabels: labels,
    })
    .nullish(),
  window: z.object({ start: z.string().nullish(), end: z.string().nullish() }).nullish(),
  start: z.string().nullish(),
  cpuCost: num,
  cpuCostAdjustment: num,
  gpuCost: num,
  gpuCostAdjustment: num,
  ramCost: num,
  ramCostAdjustment: num,
  pvCost: num,
  pvCostAdjustment: num,
  networkCost: num,
  networkCostAdjustment: num,
  loadBalancerCost: num,
  loadBalancerCostAdjustment: num,
  totalCost: num,
  gpuHours: num,
});

const responseSchema = z.object({
  code: z.number(),
  status: z.string().optional(),
  message: z.string().optional(),
  data: z.array(z.record(z.string(), allocationSchema).nullable()).nullable(),
});

type WireAllocation = z.infer<typeof allocationSchema>;

/** An HTTP answer other than 200, shaped so the common cloud-call reading (status, retry-after) applies. */
class OpenCostHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly response: Response,
    body: string,
  ) {
    super(`HTTP ${statusCode}${body.trim() ? `: ${body.trim().slice(0, 200)}` : ''}`);
    this.name = 'OpenCostHttpError';
  }
}

/** The request for one window of days (UTC midnights), daily steps, idle included as `__idle__`. */
export function allocationUrl(root: string, range: DayRange): string {
  const u = new URL(`${root.replace(/\/+$/, '')}/allocation/compute`);
  u.searchParams.set('window', `${range.from}T00:00:00Z,${addDays(range.to, 1)}T00:00:00Z`);
  u.searchParams.set('aggregate', 'namespace,controller,pod');
  u.searchParams.set('step', '1d');
  u.searchParams.set('accumulate', 'false');
  u.searchParams.set('includeIdle', 'true');
  u.searchParams.set('idleByNode', 'false');
  // Without it OpenCost drops labels that are not shared by everything it sums into one allocation
  // (the containers of a pod, the pods of a controller): the labels attribution reads.
  u.searchParams.set('includeAggregatedMetadata', 'true');
  return u.toString();
}

/** OpenCost's allocations of `o.cluster` for each day of `range`, in requests of at most a week. */
export async function pullAllocations(
  o: OpenCostOptions,
  range: DayRange,
  stats: PullStats,
): Promise<ClusterAllocation[]> {
  const out: ClusterAllocation[] = [];
  for (let from = range.from; from <= range.to; from = addDays(from, DAYS_PER_REQUEST)) {
    const last = addDays(from, DAYS_PER_REQUEST - 1);
    // Days compare as text (YYYY-MM-DD): the earlier of the two, not Math.min.
    const chunk = { from, to: [last, range.to].sort()[0] as string };
    const body = await request(o, allocationUrl(o.url, chunk), stats);
    const mapped = mapAllocationResponse(body, o.cluster, o.url).filter(
      (a) => a.day >= chunk.from && a.day <= chunk.to,
    );
    stats.rows += mapped.length;
    out.push(...mapped);
  }
  return out;
}

/** One cheap request (the last hour, per cluster) that says whether OpenCost answers at `o.url`. */
export async function probeOpenCost(o: OpenCostOptions, stats: PullStats): Promise<void> {
  const u = new URL(`${o.url.replace(/\/+$/, '')}/allocation/compute`);
  u.searchParams.set('window', '1h');
  u.searchParams.set('aggregate', 'cluster');
  mapAllocationResponse(await request(o, u.toString(), stats), o.cluster, o.url);
}

async function request(o: OpenCostOptions, url: string, stats: PullStats): Promise<unknown> {
  const doFetch = o.fetch ?? fetch;
  const what = `OpenCost of cluster ${o.cluster} at ${o.url}`;
  return callCloud(
    async () => {
      const res = await doFetch(url, {
        headers: { accept: 'application/json' },
        ...(o.requestTimeoutMs ? { signal: AbortSignal.timeout(o.requestTimeoutMs) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new OpenCostHttpError(res.status, res, text);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw badAnswer(o.cloud ?? 'aws', what, 'OPENCOST_BAD_ANSWER', `not JSON: ${text.slice(0, 120)}`);
      }
    },
    {
      provider: o.cloud ?? 'aws',
      what,
      code: (kind) => `OPENCOST_${kind.toUpperCase().replace('-', '_')}`,
      ...(o.retry ? { retry: o.retry } : {}),
      classify: (e) => classify(e, o.url),
      onAttempt: () => {
        stats.requests += 1;
      },
    },
  );
}

// Node's fetch reports a refused or reset connection as TypeError("fetch failed") with the socket
// error as its cause: a cluster whose port-forward is down, or the wrong host.
function classify(e: unknown, url: string): FailureKind | undefined {
  if (e instanceof OpenCostHttpError) {
    if (e.statusCode === 401 || e.statusCode === 403) {
      e.message = `${e.message} (OpenCost itself has no authentication: a proxy in front of ${url} refused costguard)`;
      return 'config';
    }
    if (e.statusCode === 404) {
      e.message = `${e.message} (no /allocation/compute there: give the OpenCost API root, port 9003, not the UI's)`;
      return 'config';
    }
    return undefined;
  }
  const cause = (e as { cause?: { code?: unknown } })?.cause;
  if (e instanceof TypeError && typeof cause?.code === 'string') {
    e.message = `${e.message}: ${cause.code} (is OpenCost running and ${url} reachable from here?)`;
    return 'unavailable';
  }
  return undefined;
}

/** Maps OpenCost's answer to allocations of `cluster`; a malformed answer is refused naming the field. */
export function mapAllocationResponse(body: unknown, cluster: string, url = ''): ClusterAllocation[] {
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badAnswer(
      'aws',
      `OpenCost of cluster ${cluster}${url ? ` at ${url}` : ''}`,
      'OPENCOST_BAD_ANSWER',
      `unexpected answer at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`,
    );
  }
  if (parsed.data.code !== 200)
    throw badAnswer(
      'aws',
      `OpenCost of cluster ${cluster}`,
      'OPENCOST_BAD_ANSWER',
      parsed.data.message ?? `code ${parsed.data.code}`,
    );
  const out: ClusterAllocation[] = [];
  for (const set of parsed.data.data ?? []) {
    for (const [key, a] of Object.entries(set ?? {})) out.push(toAllocation(cluster, key, a));
  }
  return out.sort(compareAllocations);
}

function toAllocation(cluster: string, key: string, a: WireAllocation): ClusterAllocation {
  const p = a.properties ?? { labels: {}, namespaceLabels: {} };
  const start = a.window?.start ?? a.start ?? '';
  const round = (x: number) => Math.round(x * 1e9) / 1e9;
  return {
    cluster,
    day: start.slice(0, 10),
    name: a.name || key,
    namespace: p.namespace ?? '',
    controllerKind: p.controllerKind ?? '',
    controller: p.controller ?? '',
    pod: p.pod ?? '',
    labels: p.labels,
    namespaceLabels: p.namespaceLabels,
    // `__idle__`, or `<cluster>/__idle__` before aggregation: capacity no workload requested.
    idle: (a.name || key).endsWith('__idle__'),
    cpuCost: round(a.cpuCost + a.cpuCostAdjustment),
    gpuCost: round(a.gpuCost + a.gpuCostAdjustment),
    ramCost: round(a.ramCost + a.ramCostAdjustment),
    pvCost: round(a.pvCost + a.pvCostAdjustment),
    networkCost: round(a.networkCost + a.networkCostAdjustment),
    loadBalancerCost: round(a.loadBalancerCost + a.loadBalancerCostAdjustment),
    totalCost: a.totalCost,
    gpuHours: a.gpuHours,
  };
}
