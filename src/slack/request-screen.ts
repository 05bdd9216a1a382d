/**
 * Checks a signed Slack request's shape before Bolt sees it. Bolt verifies the signature, but it takes
 * a timestamp from the future as fresh, throws (and takes `costguard slack serve` down) on a form body
 * whose `payload` is not a JSON object, and POSTs to whatever `response_url` a request names.
 */

/** Slack's own replay window: a request more than five minutes from now, either way, is refused. */
// Wall-clock time, as Bolt's signature check uses: the deps' Clock may be fixed in tests and the demo.
export const MAX_SKEW_SECONDS = 5 * 60;

/** Where Slack's response URLs live; anything else is not Slack's. */
export const SLACK_RESPONSE_ORIGIN = 'https://hooks.slack.com';

export type ScreenResult = { ok: true } | { ok: false; status: 400 | 401; reason: string };

export interface ScreenInput {
  rawBody: string;
  contentType?: string | undefined;
  /** X-Slack-Request-Timestamp, in seconds. */
  timestamp?: string | undefined;
  now: Date;
  /** Origins a response_url may point at besides Slack's (the configured apiUrl of a local fake). */
  extraOrigins?: readonly string[];
}

const refuse = (status: 400 | 401, reason: string): ScreenResult => ({ ok: false, status, reason });

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The origin of a URL (`https://host:port`), or undefined when it does not parse. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** True when `url` is Slack's response host over https (or one of `extraOrigins`, for local fakes). */
export function allowedResponseUrl(url: string, extraOrigins: readonly string[] = []): boolean {
  const origin = originOf(url);
  if (origin === undefined) return false;
  return origin === SLACK_RESPONSE_ORIGIN || extraOrigins.includes(origin);
}

/** The body as Slack sends it: a form (slash commands; `payload` for interactivity) or JSON (events). */
function parsedBody(i: ScreenInput): Record<string, unknown> | string {
  const type = (i.contentType ?? '').toLowerCase();
  if (type.includes('application/json')) {
    try {
      const v: unknown = JSON.parse(i.rawBody);
      return isObject(v) ? v : 'the JSON body is not an object';
    } catch {
      return 'the JSON body does not parse';
    }
  }
  const form = Object.fromEntries(new URLSearchParams(i.rawBody));
  if (form.payload === undefined) return form;
  try {
    const payload: unknown = JSON.parse(form.payload);
    if (!isObject(payload) || typeof payload.type !== 'string')
      return '`payload` is not a JSON object with a type';
    return payload;
  } catch {
    return '`payload` is not JSON';
  }
}

export function screenSlackRequest(i: ScreenInput): ScreenResult {
  const ts = Number(i.timestamp);
  if (!i.timestamp || !Number.isInteger(ts)) return refuse(401, 'no request timestamp');
  if (Math.abs(i.now.getTime() / 1000 - ts) > MAX_SKEW_SECONDS)
    return refuse(401, 'the request timestamp is more than five minutes from now');
  const body = parsedBody(i);
  if (typeof body === 'string') return refuse(400, body);
  if (body.ssl_check === '1') return { ok: true };
  if (typeof body.type !== 'string' && typeof body.command !== 'string')
    return refuse(400, 'neither a command, an interaction nor an event');
  const url = body.response_url;
  if (url !== undefined && (typeof url !== 'string' || !allowedResponseUrl(url, i.extraOrigins)))
    return refuse(400, `response_url is not on ${SLACK_RESPONSE_ORIGIN}`);
  return { ok: true };
}
