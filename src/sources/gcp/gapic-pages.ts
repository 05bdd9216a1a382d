import type { PullStats } from '../../core/billing-source.js';
import { type RetryPolicy, withRetry } from '../retry.js';
import { GcpSourceError } from './errors.js';

/** google-gax call options for one page: no auto-paging and no retries of its own (we count requests). */
export const ONE_PAGE = { autoPaginate: false, retry: null } as const;

// gRPC status RESOURCE_EXHAUSTED (HTTP 429): Google's quota / rate limit answer.
const RESOURCE_EXHAUSTED = 8;
const isThrottle = (e: unknown) => (e as { code?: unknown }).code === RESOURCE_EXHAUSTED;

/**
 * Every item of a paged list call of a generated Google client (`[items, nextRequest, response]` when
 * auto-paging is off), page by page, retrying rate limits and counting each request sent.
 */
export async function listAllPages<Req, Item>(
  call: (req: Req) => Promise<[Item[], Req | null | undefined, unknown]>,
  first: Req,
  stats: PullStats,
  retry: RetryPolicy,
  what: string,
): Promise<Item[]> {
  const all: Item[] = [];
  let req: Req | null | undefined = first;
  while (req) {
    const current: Req = req;
    const [items, next] = await withRetry(
      () => call(current),
      isThrottle,
      retry,
      () => {
        stats.requests += 1;
      },
    ).catch((cause: unknown) => {
      throw new GcpSourceError(
        isThrottle(cause) ? 'GCP_THROTTLED' : 'GCP_FAILED',
        `${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    });
    all.push(...items);
    req = next;
  }
  return all;
}
