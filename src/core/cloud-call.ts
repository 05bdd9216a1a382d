import { CostguardError } from './errors.js';

/**
 * One way to call a cloud, for every billing source and fleet adapter: `callCloud` counts each request
 * sent, retries what a retry can fix with full-jitter exponential backoff (or the wait the cloud asked
 * for), and turns the last failure into a `CloudCallError`. Pure: sleep and jitter are injected.
 */

export type CloudProvider = 'aws' | 'gcp' | 'azure';

/**
 * Why a call failed. throttled, timeout and unavailable are worth a retry; page-expired is fixed by
 * starting the paged query over; bad-answer is an answer we cannot read; config is an answer that
 * contradicts the config (or a request the config cannot place).
 */
export type FailureKind =
  | 'throttled'
  | 'timeout'
  | 'unavailable'
  | 'page-expired'
  | 'bad-answer'
  | 'config'
  | 'failed';

const RETRYABLE: ReadonlySet<FailureKind> = new Set(['throttled', 'timeout', 'unavailable']);

/** A call to a cloud failed (after its retries), or answered what we cannot use. */
export class CloudCallError extends CostguardError {
  readonly provider: CloudProvider;
  readonly kind: FailureKind;
  /** A later run may succeed without anyone changing anything (throttling, outage, timeout). */
  readonly retryable: boolean;
  /** The request that failed, as the message names it: "AWS us-east-1: cannot stop i-0abc". */
  readonly request: string;
  /** Requests sent for it, the first included. */
  readonly attempts: number;
  constructor(e: {
    code: string;
    provider: CloudProvider;
    kind: FailureKind;
    request: string;
    message: string;
    attempts?: number;
    cause?: unknown;
  }) {
    super(e.code, e.message, e.cause === undefined ? undefined : { cause: e.cause });
    this.provider = e.provider;
    this.kind = e.kind;
    this.retryable = RETRYABLE.has(e.kind);
    this.request = e.request;
    this.attempts = e.attempts ?? 1;
  }
}

/** The cloud answered in a shape we cannot read (a mapper's complaint): not retryable. */
export function badAnswer(
  provider: CloudProvider,
  service: string,
  code: string,
  detail: string,
): CloudCallError {
  return new CloudCallError({
    code,
    provider,
    kind: 'bad-answer',
    request: service,
    message: `${service}: ${detail}`,
  });
}

/** How an adapter retries. Sleep and jitter are injected so that tests run without waiting. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The backoff cap before retry n (1-based) when the cloud gave no hint: base * 2^(n-1), at most max. */
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1): the share of the cap to wait ("full jitter", so that many clients spread
   * out). Absent: the whole cap. */
  random?: () => number;
}

export interface CloudCall {
  provider: CloudProvider;
  /** Names the request in the error message: cloud, service, account or region, resource. */
  what: string;
  /** The error's stable code: one for the call, or one per failure kind (CE_THROTTLED, CE_FAILED). */
  code: string | ((kind: FailureKind) => string);
  /** Absent: one attempt (the SDK client retries by itself). */
  retry?: RetryPolicy;
  /** Called before every request sent (the request counter). */
  onAttempt?: () => void;
  /** The adapter's own reading of an error (a service's throttling name, an expired page token);
   * undefined leaves it to the common one. */
  classify?: (e: unknown) => FailureKind | undefined;
}

/** Runs `run` as `call` describes: counted, retried while retryable, failures as CloudCallError. */
export async function callCloud<T>(run: () => Promise<T>, call: CloudCall): Promise<T> {
  const max = call.retry?.maxAttempts ?? 1;
  for (let attempt = 1; ; attempt++) {
    call.onAttempt?.();
    try {
      return await run();
    } catch (e) {
      // An error already ours (a mapper inside `run`) is passed on as it is.
      if (e instanceof CloudCallError) throw e;
      const kind = call.classify?.(e) ?? failureKindOf(e);
      if (!call.retry || !RETRYABLE.has(kind) || attempt >= max) throw failure(e, kind, attempt, call);
      await call.retry.sleep(backoffMs(call.retry, attempt, retryAfterMs(e)));
    }
  }
}

function failure(cause: unknown, kind: FailureKind, attempts: number, call: CloudCall): CloudCallError {
  const code = typeof call.code === 'string' ? call.code : call.code(kind);
  const tail = attempts > 1 && RETRYABLE.has(kind) ? ` (still failing after ${attempts} attempts)` : '';
  return new CloudCallError({
    code,
    provider: call.provider,
    kind,
    request: call.what,
    message: `${call.what}: ${cloudMessage(cause)}${tail}`,
    attempts,
    cause,
  });
}

/** CE + throttled = CE_THROTTLED, CE + page-expired = CE_PAGE_EXPIRED. */
export const codeByKind =
  (prefix: string) =>
  (kind: FailureKind): string =>
    `${prefix}_${kind.toUpperCase().replace('-', '_')}`;

/** The wait before retry `attempt` (1-based): the cloud's hint if it gave one, else full jitter. */
export function backoffMs(policy: RetryPolicy, attempt: number, hintMs?: number): number {
  if (hintMs !== undefined) return Math.max(hintMs, 0);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(cap * (policy.random?.() ?? 1));
}

/** The cloud's own error code and message, whatever SDK threw it. */
export function cloudMessage(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code ?? e.name;
    return typeof code === 'string' && code !== 'Error' && !e.message.includes(code)
      ? `${code}: ${e.message}`
      : e.message;
  }
  return String(e);
}

/** HTTP status of an SDK error, whichever SDK threw it (AWS `$metadata`, Google `code`, Azure `statusCode`). */
export function statusOf(e: unknown): number | undefined {
  const err = e as { $metadata?: { httpStatusCode?: number }; statusCode?: unknown; code?: unknown };
  const s = err?.$metadata?.httpStatusCode ?? err?.statusCode ?? err?.code;
  // gRPC status codes (Google's generated clients) are below 100; HTTP statuses are not.
  return typeof s === 'number' && s >= 100 ? s : undefined;
}

// AWS error names for "slow down": Cost Explorer, CloudWatch, EC2, the Tagging API, S3.
const THROTTLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ThrottledException',
  'SlowDown',
]);
// Google's rate-limit reasons (BigQuery also answers 403 rateLimitExceeded).
const THROTTLE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
// gRPC status codes of Google's generated clients.
const GRPC = { DEADLINE_EXCEEDED: 4, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;
const TIMEOUT = /timed? ?out|timeout|ETIMEDOUT|aborted/i;
const TRANSPORT = /ECONNRESET|ECONNREFUSED|EPIPE|socket hang up/i;

/** The common reading of an SDK error (AWS, Google, Azure): which kind of failure it is. */
export function failureKindOf(e: unknown): FailureKind {
  const err = (e ?? {}) as { name?: unknown; code?: unknown; message?: unknown; errors?: unknown };
  const name = typeof err.name === 'string' ? err.name : '';
  const status = statusOf(e);
  const reasons = Array.isArray(err.errors) ? err.errors.map((x) => (x as { reason?: unknown })?.reason) : [];
  if (
    status === 429 ||
    THROTTLE_NAMES.has(name) ||
    err.code === GRPC.RESOURCE_EXHAUSTED ||
    reasons.some((r) => typeof r === 'string' && THROTTLE_REASONS.has(r))
  )
    return 'throttled';
  const text = `${typeof err.code === 'string' ? err.code : ''} ${typeof err.message === 'string' ? err.message : ''}`;
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    err.code === GRPC.DEADLINE_EXCEEDED ||
    (e instanceof Error && TIMEOUT.test(text))
  )
    return 'timeout';
  if ((status !== undefined && status >= 500 && status < 600) || err.code === GRPC.UNAVAILABLE)
    return 'unavailable';
  if (e instanceof Error && TRANSPORT.test(text)) return 'unavailable';
  return 'failed';
}

// Cost Management throttles per "query processing units" and says how long to wait (seconds) here.
const RETRY_AFTER_HEADERS = ['x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after', 'retry-after'];

/** The wait the cloud asked for in ms (Azure's response headers), if it asked. */
export function retryAfterMs(e: unknown): number | undefined {
  const headers = (e as { response?: { headers?: { get?: (name: string) => string | undefined } } })?.response
    ?.headers;
  if (typeof headers?.get !== 'function') return undefined;
  for (const name of RETRY_AFTER_HEADERS) {
    const raw = headers.get(name);
    if (raw === undefined || raw === null || raw === '') continue;
    const seconds = Number(raw);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  }
  return undefined;
}

/**
 * Runs a paged query (all its pages). When a next-page call fails because the cloud no longer honours
 * the token (it expired, or the results behind it were dropped), the query restarts from the first
 * page, once: the pages read so far are discarded, so nothing is counted twice. A second expiry fails.
 */
export async function withPageRestart<T>(
  readAll: () => Promise<T>,
  stats: { pageRestarts: number },
): Promise<T> {
  try {
    return await readAll();
  } catch (e) {
    if (!(e instanceof CloudCallError && e.kind === 'page-expired')) throw e;
    stats.pageRestarts += 1;
    return readAll();
  }
}
