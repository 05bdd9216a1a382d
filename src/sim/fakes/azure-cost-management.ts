import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseMoney } from '../../core/money.js';
import { type LocalServer, startLocalServer } from '../local-server.js';
import { armDenial } from './azure-wire.js';
import { FaultState, type Faults, holdRequest } from './faults.js';
import { decimalText } from './money-text.js';

/** One day of one resource's cost in a subscription. Amounts: <= 10 decimals. */
export interface AzureCostRow {
  day: string;
  subscription: string;
  /** Defaults to 'rg-default'. */
  resourceGroup?: string;
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
  /** Subscription id -> display name (the SubscriptionName dimension). */
  subscriptionNames?: Readonly<Record<string, string>>;
  /** Billing account id -> its subscriptions (billing account scope). */
  billingAccounts?: Readonly<Record<string, readonly string[]>>;
  /** Management group id -> the subscriptions under it (management group scope). */
  managementGroups?: Readonly<Record<string, readonly string[]>>;
}

export interface FakeCostManagement extends LocalServer {
  faults: FaultState;
  calls: { query: number };
}

interface Grouping {
  type: 'TagKey' | 'Dimension';
  name: string;
}
interface Filter {
  and?: Filter[];
  tags?: { name: string; operator: string; values: string[] };
  dimensions?: { name: string; operator: string; values: string[] };
}
interface Body {
  type: 'ActualCost' | 'AmortizedCost';
  timePeriod: { from: string; to: string };
  dataset: { grouping?: Grouping[]; filter?: Filter };
}

const DIMENSIONS: Readonly<Record<string, (r: AzureCostRow, w: AzureBillingWorld) => string>> = {
  ServiceName: (r) => r.service,
  SubscriptionId: (r) => r.subscription,
  SubscriptionName: (r, w) => w.subscriptionNames?.[r.subscription] ?? '',
  ResourceGroupName: (r) => r.resourceGroup ?? 'rg-default',
};

function dimension(name: string) {
  const d = DIMENSIONS[name];
  if (!d) throw new Error(`fake: unsupported dimension ${name}`);
  return d;
}

function passes(r: AzureCostRow, w: AzureBillingWorld, f: Filter | undefined): boolean {
  if (!f) return true;
  if (f.and) return f.and.every((g) => passes(r, w, g));
  if (f.tags) return f.tags.values.includes(r.tags[f.tags.name] ?? '\u0000');
  if (f.dimensions) return f.dimensions.values.includes(dimension(f.dimensions.name)(r, w));
  throw new Error(`fake: unsupported filter ${JSON.stringify(f)}`);
}

/** Which rows a scope path covers: subscription, resource group, billing account or management group. */
function scopeFilter(path: string, w: AzureBillingWorld): ((r: AzureCostRow) => boolean) | undefined {
  const m = path.match(
    /^\/(?:subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?|providers\/Microsoft\.Billing\/billingAccounts\/([^/]+)|providers\/Microsoft\.Management\/managementGroups\/([^/]+))\/providers\/Microsoft\.CostManagement\/query$/i,
  );
  if (!m) return undefined;
  const [, sub, rg, ba, mg] = m;
  if (sub)
    return (r) => r.subscription === sub && (rg === undefined || (r.resourceGroup ?? 'rg-default') === rg);
  const subs = ba ? w.billingAccounts?.[ba] : w.managementGroups?.[mg ?? ''];
  return subs ? (r) => subs.includes(r.subscription) : () => false;
}

/** A JSON number literal with exactly the digits given (JSON.stringify would go through a double). */
const RAW = '\u0000raw:';
const rawNumber = (text: string) => `${RAW}${text}`;
const withRawNumbers = (json: string) => json.replace(/"\\u0000raw:([-0-9.eE+]+)"/g, '$1');

function query(world: AzureBillingWorld, inScope: (r: AzureCostRow) => boolean, body: Body) {
  const from = body.timePeriod.from.slice(0, 10);
  const to = body.timePeriod.to.slice(0, 10);
  const grouping = body.dataset.grouping ?? [];
  if (grouping.length > 2) throw new Error('fake: Cost Management allows at most two groupings');
  const agg = new Map<string, { cells: (string | number)[]; currency: string; cost: bigint }>();
  for (const r of world.rows) {
    if (!inScope(r) || r.day < from || r.day > to || !passes(r, world, body.dataset.filter)) continue;
    const cells: (string | number)[] = [Number(r.day.replaceAll('-', ''))];
    for (const g of grouping) {
      if (g.type === 'TagKey') {
        const v = r.tags[g.name];
        cells.push(v === undefined ? '' : g.name, v ?? '');
      } else cells.push(dimension(g.name)(r, world));
    }
    const currency = r.currency ?? 'USD';
    const id = [...cells, currency].join('\u001f');
    const a = agg.get(id) ?? { cells, currency, cost: 0n };
    a.cost += parseMoney(body.type === 'AmortizedCost' ? (r.amortized ?? r.actual) : r.actual);
    agg.set(id, a);
  }
  const columns = [
    { name: 'Cost', type: 'Number' },
    { name: 'UsageDate', type: 'Number' },
    ...grouping.flatMap((g) =>
      g.type === 'TagKey'
        ? [
            { name: 'TagKey', type: 'String' },
            { name: 'TagValue', type: 'String' },
          ]
        : [{ name: g.name, type: 'String' }],
    ),
    { name: 'Currency', type: 'String' },
  ];
  // Amounts go out as JSON numbers, as Cost Management sends them, with every digit of the decimal.
  const rows = [...agg.values()].map((a) => [rawNumber(decimalText(a.cost)), ...a.cells, a.currency]);
  return { columns, rows };
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

/**
 * A local Azure Resource Manager endpoint (HTTPS, self-signed) for Cost Management query.usage at
 * subscription, resource group, billing account and management group scope: Daily granularity, at
 * most two groupings (TagKey, ServiceName, SubscriptionId, SubscriptionName, ResourceGroupName), tag
 * and dimension `In` filters joined with `and`, ActualCost / AmortizedCost, nextLink paging with
 * $skiptoken, and 429 throttling with the x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after
 * header. Amounts are JSON numbers carrying every digit of the decimal, as Cost Management sends them.
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
    const path = url.pathname.replace(/\/{2,}/g, '/');
    const inScope = scopeFilter(path, world);
    if (!inScope || req.method !== 'POST')
      return armError(res, 404, 'NotFound', `fake: no route ${req.method} ${url.pathname}`);
    calls.query += 1;
    const verdict = state.next(url.searchParams.has('$skiptoken'));
    if (verdict === 'hang')
      return holdRequest(state.faults.hangMs, () => answer(req, body, res, url, path, inScope));
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
    if (verdict === 'denied')
      return armError(
        res,
        403,
        'AuthorizationFailed',
        armDenial(
          'Microsoft.CostManagement/query/action',
          path.replace(/\/providers\/Microsoft\.CostManagement\/query$/i, ''),
        ),
      );
    if (verdict === 'server-error')
      return armError(
        res,
        500,
        'InternalServerError',
        'Encountered internal server error. Diagnostic information: timestamp',
      );
    if (verdict === 'unavailable')
      return armError(
        res,
        503,
        'ServiceUnavailable',
        'The service is temporarily unavailable. Please retry.',
      );
    if (verdict === 'page-expired')
      return armError(
        res,
        400,
        'BadRequest',
        'Invalid $skiptoken: the continuation token is expired or not valid for this query.',
      );
    return answer(req, body, res, url, path, inScope);
  };
  const answer = (
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
    url: URL,
    path: string,
    inScope: (r: AzureCostRow) => boolean,
  ) => {
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
    const result = query(world, inScope, JSON.parse(body.toString()) as Body);
    const offset = Number(url.searchParams.get('$skiptoken') ?? '0');
    const next = offset + size < result.rows.length ? offset + size : undefined;
    const link = new URL(url);
    if (next !== undefined) link.searchParams.set('$skiptoken', String(next));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      withRawNumbers(
        JSON.stringify({
          id: `${path}/00000000-0000-0000-0000-000000000000`,
          name: '00000000-0000-0000-0000-000000000000',
          type: 'Microsoft.CostManagement/query',
          properties: {
            nextLink: next === undefined ? null : link.toString(),
            columns: result.columns,
            rows: result.rows.slice(offset, offset + size),
          },
        }),
      ),
    );
  };
  const server = await startLocalServer(handler, { https: true });
  return Object.assign(server, { faults: state, calls });
}
