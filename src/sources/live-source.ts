import type { BillingPull, BillingSource, PullStats } from '../core/billing-source.js';
import type { RetryPolicy } from '../core/cloud-call.js';
import type { DayRange } from '../core/day.js';
import { DEFAULT_RETRY } from './retry.js';

/** What every live source is given besides its client: what to pull, and how to retry a request. */
export interface LiveSourceOptions<S> {
  settings: S;
  /** Default DEFAULT_RETRY. */
  retry?: RetryPolicy;
}

/** The part every live billing source (Cost Explorer, BigQuery export, Cost Management) shares. */
export abstract class LiveSource<S> implements BillingSource {
  abstract readonly name: string;
  abstract readonly provider: string;

  protected readonly settings: S;
  protected readonly retry: RetryPolicy;

  constructor(o: LiveSourceOptions<S>) {
    this.settings = o.settings;
    this.retry = o.retry ?? DEFAULT_RETRY;
  }

  abstract pull(range: DayRange, stats: PullStats): Promise<BillingPull>;
}
