import type { InstancesClient } from '@google-cloud/compute';

export type CallOptions = NonNullable<Parameters<InstancesClient['aggregatedListAsync']>[1]>;

/**
 * Google's generated clients retry only UNAVAILABLE and DEADLINE_EXCEEDED by default; quota errors
 * (HTTP 429, RESOURCE_EXHAUSTED = 8) are what a sweep over many projects meets, so retry those too,
 * with exponential backoff. Codes: 4 DEADLINE_EXCEEDED, 8 RESOURCE_EXHAUSTED, 14 UNAVAILABLE.
 */
export function retrying(initialDelayMs = 200): CallOptions {
  return {
    // The *Async iterators page themselves; gax warns (once per process) unless this is said.
    autoPaginate: false,
    retry: {
      retryCodes: [4, 8, 14],
      backoffSettings: {
        initialRetryDelayMillis: initialDelayMs,
        retryDelayMultiplier: 2,
        maxRetryDelayMillis: 10_000,
        initialRpcTimeoutMillis: 60_000,
        rpcTimeoutMultiplier: 1,
        maxRpcTimeoutMillis: 60_000,
        totalTimeoutMillis: 120_000,
      },
    },
  } as CallOptions;
}
