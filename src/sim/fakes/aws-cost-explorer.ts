import type { IncomingMessage, ServerResponse } from 'node:http';
import { addDays } from '../../core/day.js';
import { parseMoney } from '../../core/money.js';
import { type LocalServer, startLocalServer } from '../local-server.js';
import { iamDenial } from './aws-wire.js';
import { FaultState, type Faults, type FaultVerdict, holdRequest } from './faults.js';
import { decimalText } from './money-text.js';

/** One day of one resource's cost, as the simulated organisation spends it. Amounts: up to 10 decimals. */
export interface AwsCostRow {
  day: string;
  account: string;
  service: string;
  tags: Readonly<Record<string, string>>;
  unblended: string;
  /** Defaults to `unblended`. */
  amortized?: string;
  /** Defaults to USD. */
  currency?: string;
}

export interface AwsBillingWorld {
  rows: readonly AwsCostRow[];
  /** Account id -> name (GetDimensionValues description). */
  accountNames?: Readonly<Record<string, string>>;
  /** Days on and after this one are answered with `Estimated: true`. */
  estimatedFrom?: string;
  /** Groups per GetCostAndUsage page (Cost Explorer pages large answers with NextPageToken). */
  pageSize?: number;
}

export interface FakeCostExplorer extends LocalServer {
  faults: FaultState;
  /** Requests per operation (GetCostAndUsage, GetTags, ...), faulty ones included. */
  calls: Record<string, number>;
}

type Json = Record<string, unknown>;
interface Filter {
  And?: Filter[];
  Dimensions?: { Key?: string; Values?: string[] };
  Tags?: { Key?: string; Values?: string[]; MatchOptions?: string[] };
}

function matches(row: AwsCostRow, f: Filter | undefined): boolean {
  if (!f) return true;
  if (f.And) return f.And.every((g) => matches(row, g));
  if (f.Dimensions) {
    if (f.Dimensions.Key !== 'LINKED_ACCOUNT')
      throw new Error(`fake: unsupported dimension ${f.Dimensions.Key}`);
    return (f.Dimensions.Values ?? []).includes(row.account);
  }
  if (f.Tags) {
    const v = row.tags[f.Tags.Key ?? ''];
    if (f.Tags.MatchOptions?.includes('ABSENT')) return v === undefined || v === '';
    return v !== undefined && (f.Tags.Values ?? []).includes(v);
  }
  throw new Error(`fake: unsupported filter ${JSON.stringify(f)}`);
}

const inPeriod = (row: AwsCostRow, p: { Start: string; End: string }) =>
  row.day >= p.Start && row.day < p.End;

function groupKey(row: AwsCostRow, g: { Type: string; Key: string }): string {
  if (g.Type === 'TAG') return `${g.Key}$${row.tags[g.Key] ?? ''}`;
  if (g.Key === 'SERVICE') return row.service;
  if (g.Key === 'LINKED_ACCOUNT') return row.account;
  throw new Error(`fake: unsupported group ${g.Type}/${g.Key}`);
}

function getCostAndUsage(world: AwsBillingWorld, body: Json): Json {
  const period = body.TimePeriod as { Start: string; End: string };
  const groupBy = (body.GroupBy ?? []) as { Type: string; Key: string }[];
  const metrics = body.Metrics as string[];
  const agg = new Map<string, { day: string; keys: string[]; currency: string; ub: bigint; am: bigint }>();
  for (const row of world.rows) {
    if (!inPeriod(row, period) || !matches(row, body.Filter as Filter | undefined)) continue;
    const keys = groupBy.map((g) => groupKey(row, g));
    const currency = row.currency ?? 'USD';
    const id = [row.day, ...keys, currency].join('\u001f');
    const a = agg.get(id) ?? { day: row.day, keys, currency, ub: 0n, am: 0n };
    a.ub += parseMoney(row.unblended);
    a.am += parseMoney(row.amortized ?? row.unblended);
    agg.set(id, a);
  }
  const all = [...agg.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const size = world.pageSize ?? 500;
  const offset = body.NextPageToken
    ? Number(Buffer.from(String(body.NextPageToken), 'base64url').toString())
    : 0;
  const slice = all.slice(offset, offset + size);
  const metric = (amount: bigint, unit: string) => ({ Amount: decimalText(amount), Unit: unit });
  const byDay = new Map<string, Json[]>();
  // The first page lists every day of the period, empty ones too, as Cost Explorer does.
  if (offset === 0) for (let d = period.Start; d < period.End; d = addDays(d, 1)) byDay.set(d, []);
  for (const a of slice) {
    const groups = byDay.get(a.day) ?? [];
    const values: Record<string, Json> = {};
    for (const m of metrics) values[m] = metric(m === 'AmortizedCost' ? a.am : a.ub, a.currency);
    groups.push({ Keys: a.keys, Metrics: values });
    byDay.set(a.day, groups);
  }
  const next =
    offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
  return {
    GroupDefinitions: groupBy,
    ResultsByTime: [...byDay.entries()].map(([day, groups]) => ({
      TimePeriod: { Start: day, End: addDays(day, 1) },
      Total: {},
      Groups: groups,
      Estimated: world.estimatedFrom !== undefined && day >= world.estimatedFrom,
    })),
    ...(next ? { NextPageToken: next } : {}),
    DimensionValueAttributes: [],
  };
}

function getTags(world: AwsBillingWorld, body: Json): Json {
  const period = body.TimePeriod as { Start: string; End: string };
  const key = String(body.TagKey);
  const values = new Set<string>();
  for (const row of world.rows) {
    const v = row.tags[key];
    if (inPeriod(row, period) && v !== undefined) values.add(v);
  }
  const tags = [...values].sort();
  return { Tags: tags, ReturnSize: tags.length, TotalSize: tags.length };
}

function getDimensionValues(world: AwsBillingWorld, body: Json): Json {
  const period = body.TimePeriod as { Start: string; End: string };
  if (body.Dimension !== 'LINKED_ACCOUNT') throw new Error(`fake: unsupported dimension ${body.Dimension}`);
  const accounts = [...new Set(world.rows.filter((r) => inPeriod(r, period)).map((r) => r.account))].sort();
  return {
    DimensionValues: accounts.map((a) => ({
      Value: a,
      Attributes: { description: world.accountNames?.[a] ?? a },
    })),
    ReturnSize: accounts.length,
    TotalSize: accounts.length,
  };
}

const OPERATIONS: Record<string, (w: AwsBillingWorld, b: Json) => Json> = {
  GetCostAndUsage: getCostAndUsage,
  GetTags: getTags,
  GetDimensionValues: getDimensionValues,
};

// What Cost Explorer answers for each injected fault (status, __type, message).
const AWS_FAULTS: Record<Exclude<FaultVerdict, 'ok' | 'hang' | 'denied'>, [number, string, string]> = {
  throttle: [400, 'LimitExceededException', 'Rate exceeded'],
  fail: [403, 'AccessDeniedException', 'The security token included in the request is expired'],
  'server-error': [500, 'InternalFailure', 'The request processing has failed because of an unknown error'],
  unavailable: [503, 'ServiceUnavailable', 'The service is unavailable. Please try again later.'],
  'page-expired': [
    400,
    'InvalidNextTokenException',
    'The pagination token is invalid. Try again without a pagination token.',
  ],
};

/** AWS JSON 1.1 error: the SDK reads the type from `__type` and the status code. */
export function awsJsonError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ __type: type, message }));
}

/**
 * A local Cost Explorer speaking AWS JSON 1.1 (POST /, X-Amz-Target: AWSInsightsIndexService.<Op>),
 * serving the world's rows: GetCostAndUsage (DAILY, TAG and SERVICE/LINKED_ACCOUNT groups, And /
 * LINKED_ACCOUNT / tag EQUALS and ABSENT filters, paging), GetTags and GetDimensionValues.
 */
export async function startFakeCostExplorer(
  world: AwsBillingWorld,
  faults: Faults = {},
): Promise<FakeCostExplorer> {
  const state = new FaultState(faults);
  const calls: Record<string, number> = {};
  const handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const op = target.split('.')[1] ?? '';
    calls[op] = (calls[op] ?? 0) + 1;
    const json = JSON.parse(body.toString() || '{}') as Json;
    const verdict = state.next(Boolean(json.NextPageToken));
    const answer = () => {
      const run = OPERATIONS[op];
      if (!run) return awsJsonError(res, 400, 'UnknownOperationException', `unknown operation ${target}`);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(run(world, json)));
    };
    if (verdict === 'ok') return answer();
    if (verdict === 'hang') return holdRequest(state.faults.hangMs, answer);
    if (verdict === 'denied')
      return awsJsonError(
        res,
        400,
        'AccessDeniedException',
        iamDenial(`ce:${op}`, `arn:aws:ce:us-east-1:123456789012:/${op}`),
      );
    const [status, type, message] = AWS_FAULTS[verdict];
    return awsJsonError(res, status, type, message);
  };
  const server = await startLocalServer(handler);
  return Object.assign(server, { faults: state, calls });
}
