import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseMoney } from '../../core/money.js';
import { type LocalServer, startLocalServer } from '../local-server.js';
import { FaultState, type Faults, type FaultVerdict, holdRequest } from './faults.js';
import { decimalText } from './money-text.js';

/** One day of one SKU's cost in a project, as the Cloud Billing export holds it. Amounts: <= 10 decimals. */
export interface GcpCostRow {
  day: string;
  project: string;
  projectName?: string;
  service: string;
  region: string;
  labels: Readonly<Record<string, string>>;
  /** The project's labels (project.labels), the same on every row of the project. */
  projectLabels?: Readonly<Record<string, string>>;
  cost: string;
  /** Sum of the row's credits (negative). */
  credits?: string;
  /** Defaults to USD. */
  currency?: string;
  /** Day of the partition the row was exported to; defaults to `day` (late rows land later). */
  exportDay?: string;
  /**
   * How many export rows this daily row stands for (the export has one per SKU, resource and hour);
   * only bytes scanned use it. Defaults to 1.
   */
  exportRows?: number;
}

export interface GcpBillingWorld {
  /** project.dataset.table the export lives in. */
  table: string;
  rows: readonly GcpCostRow[];
  /** Rows per jobs.query / getQueryResults page. */
  pageSize?: number;
}

export interface FakeBigQuery extends LocalServer {
  faults: FaultState;
  calls: { query: number; getQueryResults: number };
  /** Dry-run jobs planned (jobs.insert with dryRun): free, so not among `calls`. */
  dryRuns: number;
  /** Bytes the served queries were billed for, summed. */
  bytesBilled: number;
}

const FIELDS = [
  'day',
  'project_id',
  'project_name',
  'service',
  'region',
  'currency',
  'model',
  'stage',
  'cluster',
  'project_model',
  'project_stage',
  'cost',
  'credits',
  'source_rows',
];
const SCHEMA = {
  fields: FIELDS.map((name) => ({
    name,
    type: name === 'source_rows' ? 'INTEGER' : 'STRING',
    mode: 'NULLABLE',
  })),
};

/**
 * BigQuery's on-demand bytes for the columns the rollup reads (STRING: 2 + UTF-8 bytes; FLOAT64 and
 * TIMESTAMP: 8; a repeated record: the sum of its fields), from the "data size calculation" rules.
 */
function rowBytes(r: GcpCostRow): number {
  const s = (v: string | undefined) => 2 + Buffer.byteLength(v ?? '');
  const pairs = (l: Readonly<Record<string, string>> = {}) =>
    Object.entries(l).reduce((a, [k, v]) => a + s(k) + s(v), 0);
  const labels = pairs(r.labels) + pairs(r.projectLabels);
  const credits = r.credits ? 8 : 0;
  return (
    8 /* usage_start_time */ +
    s(r.project) +
    s(r.projectName) +
    s(r.service) +
    s(r.region) +
    s(r.currency ?? 'USD') +
    labels +
    8 /* cost */ +
    credits
  );
}

interface Param {
  name: string;
  parameterValue: { value?: string; arrayValues?: { value: string }[] };
}

interface Job {
  rows: { f: { v: string }[] }[];
  bytes: number;
}

function runQuery(world: GcpBillingWorld, body: Record<string, unknown>): Job | string {
  const sql = String(body.query ?? '');
  if (!sql.includes(`\`${world.table}\``)) return `Not found: Table ${sql.match(/`([^`]+)`/)?.[1] ?? '?'}`;
  const p = new Map<string, Param['parameterValue']>();
  for (const q of (body.queryParameters ?? []) as Param[]) p.set(q.name, q.parameterValue);
  const v = (name: string) => p.get(name)?.value ?? '';
  const partitioned = sql.includes('_PARTITIONTIME BETWEEN');
  const projects = p.get('projects')?.arrayValues?.map((a) => a.value);
  const agg = new Map<string, { key: string[]; cost: bigint; credits: bigint; n: number }>();
  let bytes = 0;
  for (const r of world.rows) {
    const partition = r.exportDay ?? r.day;
    if (partitioned && (partition < v('partition_from') || partition > v('partition_to'))) continue;
    bytes += rowBytes(r) * (r.exportRows ?? 1);
    if (r.day < v('from') || r.day > v('to') || (projects && !projects.includes(r.project))) continue;
    const key = [
      r.day,
      r.project,
      r.projectName ?? '',
      r.service,
      r.region,
      r.currency ?? 'USD',
      r.labels[v('model_key')] ?? '',
      r.labels[v('stage_key')] ?? '',
      r.labels[v('cluster_key')] ?? '',
      r.projectLabels?.[v('model_key')] ?? '',
      r.projectLabels?.[v('stage_key')] ?? '',
    ];
    const id = key.join('\u001f');
    const a = agg.get(id) ?? { key, cost: 0n, credits: 0n, n: 0 };
    a.cost += parseMoney(r.cost);
    a.credits += parseMoney(r.credits ?? '0');
    a.n += 1;
    agg.set(id, a);
  }
  const rows = [...agg.values()].map((a) => ({
    f: [...a.key, decimalText(a.cost), decimalText(a.credits), String(a.n)].map((x) => ({ v: x })),
  }));
  // On-demand queries bill at least 10 MB per table referenced.
  return { rows, bytes: Math.max(bytes, 10 * 1024 * 1024) };
}

// What the BigQuery API answers for each injected fault (HTTP code, status, reason, message).
const GCP_FAULTS: Record<
  Exclude<FaultVerdict, 'ok' | 'hang' | 'page-expired' | 'denied'>,
  [number, string, string, string]
> = {
  throttle: [429, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded', 'Exceeded rate limits: too many api requests'],
  fail: [
    403,
    'PERMISSION_DENIED',
    'accessDenied',
    'Access Denied: User does not have bigquery.jobs.create permission',
  ],
  'server-error': [
    500,
    'INTERNAL',
    'backendError',
    'An internal error occurred and the request could not be completed.',
  ],
  unavailable: [503, 'UNAVAILABLE', 'backendError', 'The service is currently unavailable.'],
};

function googleError(res: ServerResponse, code: number, status: string, reason: string, message: string) {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({ error: { code, message, status, errors: [{ reason, message, domain: 'global' }] } }),
  );
}

/** BigQuery's refusal of a caller without bigquery.jobs.create on the job project (403). */
const denied = (res: ServerResponse, projectId: string) =>
  googleError(
    res,
    403,
    'PERMISSION_DENIED',
    'accessDenied',
    `Access Denied: Project ${projectId}: User does not have bigquery.jobs.create permission in project ${projectId}.`,
  );

/**
 * A local BigQuery REST endpoint for the billing export: jobs.query (POST .../queries) and
 * jobs.getQueryResults (GET .../queries/<jobId>) with pageToken paging, serving the rollup query of
 * src/sources/gcp over the world's rows, with bytes processed computed from what the filters scan.
 */
export async function startFakeBigQuery(world: GcpBillingWorld, faults: Faults = {}): Promise<FakeBigQuery> {
  const state = new FaultState(faults);
  const jobs = new Map<string, Job>();
  const calls = { query: 0, getQueryResults: 0 };
  const size = world.pageSize ?? 1000;
  const fake = { faults: state, calls, bytesBilled: 0, dryRuns: 0 };
  const page = (projectId: string, jobId: string, job: Job, offset: number, kind: string) => {
    const next = offset + size < job.rows.length ? String(offset + size) : undefined;
    return {
      kind,
      jobReference: { projectId, jobId, location: 'US' },
      schema: SCHEMA,
      rows: job.rows.slice(offset, offset + size),
      totalRows: String(job.rows.length),
      totalBytesProcessed: String(job.bytes),
      jobComplete: true,
      cacheHit: false,
      ...(next ? { pageToken: next } : {}),
    };
  };
  const handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const insert = url.pathname.match(/^\/bigquery\/v2\/projects\/([^/]+)\/jobs$/);
    if (insert && req.method === 'POST') return dryRun(insert[1] ?? '', body, res);
    const m = url.pathname.match(/^\/bigquery\/v2\/projects\/([^/]+)\/queries(?:\/([^/]+))?$/);
    if (!m)
      return googleError(res, 404, 'NOT_FOUND', 'notFound', `fake: no route ${req.method} ${url.pathname}`);
    const [, projectId = '', jobId] = m;
    if (jobId) calls.getQueryResults += 1;
    else calls.query += 1;
    const verdict = state.next(jobId !== undefined && url.searchParams.has('pageToken'));
    const answer = () => {
      res.setHeader('content-type', 'application/json');
      if (!jobId && req.method === 'POST') {
        const job = runQuery(world, JSON.parse(body.toString()) as Record<string, unknown>);
        if (typeof job === 'string') return googleError(res, 404, 'NOT_FOUND', 'notFound', job);
        const id = `job_${jobs.size + 1}`;
        jobs.set(id, job);
        fake.bytesBilled += job.bytes;
        res.end(JSON.stringify(page(projectId, id, job, 0, 'bigquery#queryResponse')));
        return;
      }
      const job = jobs.get(jobId ?? '');
      if (!job) return googleError(res, 404, 'NOT_FOUND', 'notFound', `Not found: Job ${jobId}`);
      const offset = Number(url.searchParams.get('pageToken') ?? '0');
      res.end(JSON.stringify(page(projectId, jobId ?? '', job, offset, 'bigquery#getQueryResultsResponse')));
    };
    if (verdict === 'ok') return answer();
    if (verdict === 'hang') return holdRequest(state.faults.hangMs, answer);
    if (verdict === 'denied') return denied(res, projectId);
    if (verdict === 'page-expired') {
      // Query results live in an anonymous table that expires (about a day); paging into it after
      // that is answered as a missing table.
      return googleError(
        res,
        404,
        'NOT_FOUND',
        'notFound',
        `Not found: Table ${projectId}:_0a1b2c3d.anon${jobId} was not found in location US`,
      );
    }
    const [code, status, reason, message] = GCP_FAULTS[verdict];
    return googleError(res, code, status, reason, message);
  };
  /**
   * jobs.insert of a dry run (the client's createQueryJob with dryRun): the query is planned, not run,
   * and the job answered at once with the bytes it would process. Anything but a dry run is refused.
   */
  const dryRun = (projectId: string, body: Buffer, res: ServerResponse) => {
    fake.dryRuns += 1;
    const verdict = state.next();
    if (verdict === 'denied') return denied(res, projectId);
    if (verdict !== 'ok' && verdict !== 'hang' && verdict !== 'page-expired') {
      const [code, status, reason, message] = GCP_FAULTS[verdict];
      return googleError(res, code, status, reason, message);
    }
    const job = JSON.parse(body.toString() || '{}') as {
      configuration?: { dryRun?: boolean; query?: Record<string, unknown> };
      jobReference?: Record<string, unknown>;
    };
    if (!job.configuration?.dryRun || !job.configuration.query)
      return googleError(res, 400, 'INVALID_ARGUMENT', 'invalid', 'fake: only dry-run query jobs are served');
    const planned = runQuery(world, job.configuration.query);
    if (typeof planned === 'string') return googleError(res, 404, 'NOT_FOUND', 'notFound', planned);
    const bytes = String(planned.bytes);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'bigquery#job',
        jobReference: { projectId, location: 'US' },
        configuration: { ...job.configuration, jobType: 'QUERY' },
        status: { state: 'DONE' },
        statistics: {
          totalBytesProcessed: bytes,
          query: { totalBytesProcessed: bytes, totalBytesBilled: '0', cacheHit: false },
        },
      }),
    );
  };
  const server = await startLocalServer(handler);
  return Object.defineProperties(Object.assign(server, { faults: state, calls }), {
    bytesBilled: { get: () => fake.bytesBilled, enumerable: true },
    dryRuns: { get: () => fake.dryRuns, enumerable: true },
  }) as FakeBigQuery;
}
