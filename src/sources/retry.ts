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
