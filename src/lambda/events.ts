import { z } from 'zod';
import { UnsupportedEventError } from './errors.js';
/** The event shapes the functions take, as Lambda delivers them. */

/** EventBridge rule or EventBridge Scheduler target: `detail-type` is "Scheduled Event". */
export interface ScheduledEvent {
  'detail-type': 'Scheduled Event';
  source: string;
  time: string;
  detail?: unknown;
}

/** API Gateway HTTP API, payload format 2.0. */
export interface HttpApiEvent {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString?: string;
  headers: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: { http: { method: string; path: string }; timeEpoch?: number };
}

export interface HttpApiResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

/** What Lambda Destinations send to the on-success target of an asynchronous invocation. */
export interface DestinationEvent<P = unknown> {
  version: '1.0';
  requestContext: { condition: 'Success' | 'RetriesExhausted'; functionArn: string };
  responsePayload: P;
}

export const isScheduled = (e: unknown): e is ScheduledEvent =>
  typeof e === 'object' && e !== null && (e as ScheduledEvent)['detail-type'] === 'Scheduled Event';

export const isHttpApi = (e: unknown): e is HttpApiEvent =>
  typeof e === 'object' && e !== null && (e as HttpApiEvent).version === '2.0' && 'routeKey' in e;

export const isDestination = (e: unknown): e is DestinationEvent =>
  typeof e === 'object' && e !== null && 'requestContext' in e && 'responsePayload' in e;

/** Header lookup ignoring case: HTTP API lowercases them, tests and proxies may not. */
export function header(e: HttpApiEvent, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(e.headers)) if (k.toLowerCase() === want) return v;
  return undefined;
}

/** A day in a direct invocation's JSON payload (`{"date": "2026-11-30"}`). */
export const payloadDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * A direct invocation's payload (`serverless invoke -f <fn> -d '{...}'`; none is `{}`) as `schema`
 * reads it, or an UnsupportedEventError that names the function and shows the start of the event.
 */
export function directPayload<S extends z.ZodType>(fn: string, schema: S, event: unknown): z.output<S> {
  const parsed = schema.safeParse(event ?? {});
  if (!parsed.success)
    throw new UnsupportedEventError(fn, `the event ${JSON.stringify(event).slice(0, 200)}`);
  return parsed.data;
}
