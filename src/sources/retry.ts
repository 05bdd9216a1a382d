/** How an adapter retries throttled calls. Sleep is injected so tests run without waiting. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait before retry n (1-based) when the cloud gave no hint: base * 2^(n-1), capped. */
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  sleep: realSleep,
};

/**
 * Runs `call`, retrying while `throttled(error)` says the cloud asked us to slow down. `throttled`
 * returns the delay the cloud asked for in ms, `true` for "use backoff", or false for errors that a
 * retry cannot fix (those throw at once). `onAttempt` counts every request sent.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  throttled: (e: unknown) => number | boolean,
  policy: RetryPolicy,
  onAttempt: () => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    onAttempt();
    try {
      return await call();
    } catch (e) {
      const hint = throttled(e);
      if (hint === false || attempt >= policy.maxAttempts) throw e;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await policy.sleep(typeof hint === 'number' ? Math.max(hint, 0) : backoff);
    }
  }
}

/** A request gets this long to answer before the adapter gives up on it (and retries): a hung
 * endpoint must not stall a run. Cost Explorer and Cost Management answer large queries in tens of
 * seconds, BigQuery's jobs.query waits at most 10 s server-side before answering. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** Retry and timeout settings as the config holds them (`sources.retry`, `sources.requestTimeoutMs`). */
export interface RequestSettings {
  retry?: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  requestTimeoutMs?: number;
}

export function retryPolicyOf(s: RequestSettings): RetryPolicy {
  return s.retry ? { ...s.retry, sleep: realSleep } : DEFAULT_RETRY;
}

/** HTTP status of an SDK error, whichever SDK threw it (AWS `$metadata`, Google `code`, Azure `statusCode`). */
export function statusOf(e: unknown): number | undefined {
  const err = e as { $metadata?: { httpStatusCode?: number }; statusCode?: unknown; code?: unknown };
  const s = err?.$metadata?.httpStatusCode ?? err?.statusCode ?? err?.code;
  return typeof s === 'number' ? s : undefined;
}

// Transport failures worth a retry: a timeout we imposed, a connection that dropped or was refused.
const TRANSIENT_TRANSPORT = /timed? ?out|ETIMEDOUT|ECONNRESET|ECONNREFUSED|EPIPE|socket hang up|aborted/i;

/**
 * A failure a retry may fix: a 5xx answer (the cloud's own outage or overload) or a transport failure
 * (our request timeout, a dropped connection). Anything else (4xx: credentials, bad request) is final.
 */
export function isTransient(e: unknown): boolean {
  const status = statusOf(e);
  if (status !== undefined && status >= 500 && status < 600) return true;
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  return (
    e.name === 'TimeoutError' ||
    e.name === 'AbortError' ||
    TRANSIENT_TRANSPORT.test(`${typeof code === 'string' ? code : ''} ${e.message}`)
  );
}

/**
 * Runs a paged query (all its pages). When a next-page call fails because the cloud no longer honours
 * the token (it expired, or the results behind it were dropped), the query restarts from the first
 * page, once: the pages read so far are discarded, so nothing is counted twice. A second expiry fails.
 */
export async function withPageRestart<T>(
  readAll: () => Promise<T>,
  pageExpired: (e: unknown) => boolean,
  stats: { pageRestarts: number },
): Promise<T> {
  try {
    return await readAll();
  } catch (e) {
    if (!pageExpired(e)) throw e;
    stats.pageRestarts += 1;
    return readAll();
  }
}

/**
 * Rejects with a TimeoutError when `run` has not settled within `ms`. For clients whose own timeout
 * cannot be relied on: @google-cloud/common passes `timeout` to node-fetch, which ignores it since
 * v3, so a hung BigQuery request would otherwise wait forever. The abandoned request is left to the
 * connection's own end; the run goes on (and retries).
 */
export function withDeadline<T>(run: () => Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new Error(`${what}: no answer within ${ms} ms (request timed out)`);
      e.name = 'TimeoutError';
      reject(e);
    }, ms);
  });
  return Promise.race([run(), deadline]).finally(() => clearTimeout(timer));
}
