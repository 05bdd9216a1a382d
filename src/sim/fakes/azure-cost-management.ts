import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseMoney } from '../../core/money.js';
import { type LocalServer, startLocalServer } from '../local-server.js';
import { FaultState, type Faults } from './faults.js';
import { decimalText } from './money-text.js';

/** One day of one resource's cost in a subscription. Amounts: <= 10 decimals. */
export interface AzureCostRow {
  day: string;
  subscription: string;
  service: string;
  tags: Readonly<Record<string, string>>;
  actual: string;
  /** Defaults to `actual`. */
  amortized?: string;
  /** Defaults to USD. */
  currency?: string;
}

export interface AzureBillingWorld {
  rows: readonly AzureCostRow[];
  /** Rows per page before a nextLink. */
  pageSize?: number;
  /** Seconds a throttled answer asks to wait. */
  retryAfterSeconds?: number;
}

export interface FakeCostManagement extends LocalServer {
  faults: FaultState;
  calls: { query: number };
}

interface Grouping {
  type: 'TagKey' | 'Dimension';
  name: string;
}
interface Body {
  type: 'ActualCost' | 'AmortizedCost';
  timePeriod: { from: string; to: string };
  dataset: {
    grouping?: Grouping[];
    filter?: { tags?: { name: string; operator: string; values: string[] } };
  };
}

function armError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { code, message } }));
}

function query(world: AzureBillingWorld, subscription: string, body: Body) {
  const from = body.timePeriod.from.slice(0, 10);
  const to = body.timePeriod.to.slice(0, 10);
  const grouping = body.dataset.grouping ?? [];
  if (grouping.length > 2) throw new Error('fake: Cost Management allows at most two groupings');
  const tag = grouping.find((g) => g.type === 'TagKey');
  const byService = grouping.some((g) => g.type === 'Dimension' && g.name === 'ServiceName');
  const filter = body.dataset.filter?.tags;
  const agg = new Map<string, { cells: (string | number)[]; currency: string; cost: bigint }>();
  for (const r of world.rows) {
    if (r.subscription !== subscription || r.day < from || r.day > to) continue;
    if (filter && !filter.values.includes(r.tags[filter.name] ?? '\u0000')) continue;
    const cells: (string | number)[] = [Number(r.day.replaceAll('-', ''))];
    if (tag) {
      const v = r.tags[tag.name];
      cells.push(v === undefined ? '' : tag.name, v ?? '');
    }
    if (byService) cells.push(r.service);
    const currency = r.currency ?? 'USD';
    const id = [...cells, currency].join('\u001f');
    const a = agg.get(id) ?? { cells, currency, cost: 0n };
    a.cost += parseMoney(body.type === 'AmortizedCost' ? (r.amortized ?? r.actual) : r.actual);
    agg.set(id, a);
  }
  const columns = [
    { name: 'Cost', type: 'Number' },
    { name: 'UsageDate', type: 'Number' },
    ...(tag
      ? [
          { name: 'TagKey', type: 'String' },
          { name: 'TagValue', type: 'String' },
        ]
      : []),
    ...(byService ? [{ name: 'ServiceName', type: 'String' }] : []),
    { name: 'Currency', type: 'String' },
  ];
  // Amounts go out as JSON numbers, as Cost Management sends them.
  const rows = [...agg.values()].map((a) => [Number(decimalText(a.cost)), ...a.cells, a.currency]);
  return { columns, rows };
}

/**
 * A local Azure Resource Manager endpoint (HTTPS, self-signed) for Cost Management query.usage at
 * subscription scope: Daily granularity, at most two groupings (TagKey, ServiceName), tag `In`
 * filters, ActualCost / AmortizedCost, nextLink paging with $skiptoken, and 429 throttling with the
 * x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after header.
 */
export async function startFakeCostManagement(
  world: AzureBillingWorld,
  faults: Faults = {},
): Promise<FakeCostManagement> {
  const state = new FaultState(faults);
  const calls = { query: 0 };
  const size = world.pageSize ?? 1000;
  const handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `https://${req.headers.host}`);
    // ARM collapses repeated slashes (SDKs given a scope with a leading slash send `//subscriptions`).
    const m = url.pathname
      .replace(/\/{2,}/g, '/')
      .match(/^\/subscriptions\/([^/]+)\/providers\/Microsoft\.CostManagement\/query$/i);
    if (!m || req.method !== 'POST')
      return armError(res, 404, 'NotFound', `fake: no route ${req.method} ${url.pathname}`);
    calls.query += 1;
    const verdict = state.next();
    if (verdict === 'throttle')
      return armError(res, 429, 'TooManyRequests', 'Too many requests. Please retry.', {
        'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after': String(world.retryAfterSeconds ?? 1),
      });
    if (verdict === 'fail')
      return armError(
        res,
        401,
        'ExpiredAuthenticationToken',
        'The access token expiry UTC time is earlier than current UTC time.',
      );
    if (
      req.headers.authorization !== 'Bearer anonymous' &&
      !String(req.headers.authorization).startsWith('Bearer ')
    )
      return armError(
        res,
        401,
        'AuthenticationFailed',
        'Authentication failed. The Authorization header is missing.',
      );
    const result = query(world, m[1] ?? '', JSON.parse(body.toString()) as Body);
    const offset = Number(url.searchParams.get('$skiptoken') ?? '0');
    const next = offset + size < result.rows.length ? offset + size : undefined;
    const link = new URL(url);
    if (next !== undefined) link.searchParams.set('$skiptoken', String(next));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `${m[0]}/00000000-0000-0000-0000-000000000000`,
        name: '00000000-0000-0000-0000-000000000000',
        type: 'Microsoft.CostManagement/query',
        properties: {
          nextLink: next === undefined ? null : link.toString(),
          columns: result.columns,
          rows: result.rows.slice(offset, offset + size),
        },
      }),
    );
  };
  const server = await startLocalServer(handler, { https: true });
  return Object.assign(server, { faults: state, calls });
}
