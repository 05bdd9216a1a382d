import type { RetryPolicy } from '../core/cloud-call.js';

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Five attempts, full-jitter backoff from 1 s up to 30 s between them. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  sleep: realSleep,
  random: Math.random,
};

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
  return s.retry ? { ...s.retry, sleep: realSleep, random: Math.random } : DEFAULT_RETRY;
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
