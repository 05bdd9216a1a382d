import type { PullStats } from '../../core/billing-source.js';
import { callCloud, codeByKind, type RetryPolicy } from '../../core/cloud-call.js';
import { DEFAULT_RETRY } from '../retry.js';

/** google-gax call options for one page: no auto-paging and no retries of its own (we count requests). */
export const ONE_PAGE = { autoPaginate: false, retry: null } as const;

export interface PagesOptions {
  stats: PullStats;
  retry?: RetryPolicy;
  /** Names the list in an error: "Cloud Billing billingAccounts.list". */
  what: string;
}

/**
 * Every item of a paged list call of a generated Google client (`[items, nextRequest, response]` when
 * auto-paging is off), page by page, retrying rate limits (RESOURCE_EXHAUSTED) and outages, and
 * counting each request sent.
 */
export async function listAllPages<Req, Item>(
  call: (req: Req) => Promise<[Item[], Req | null | undefined, unknown]>,
  first: Req,
  o: PagesOptions,
): Promise<Item[]> {
  const all: Item[] = [];
  let req: Req | null | undefined = first;
  while (req) {
    const current: Req = req;
    const [items, next] = await callCloud(() => call(current), {
      provider: 'gcp',
      what: o.what,
      code: codeByKind('GCP'),
      retry: o.retry ?? DEFAULT_RETRY,
      onAttempt: () => {
        o.stats.requests += 1;
      },
    });
    all.push(...items);
    req = next;
  }
  return all;
}
