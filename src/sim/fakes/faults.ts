/**
 * Fault injection shared by the billing fakes. Tests and the demo change it between (or during)
 * runs; every fake consults it once per request, before answering.
 */
export interface Faults {
  /** The next n requests are throttled (429 / LimitExceededException), then requests succeed again. */
  throttle?: number;
  /** Every request fails hard (expired credentials, outage) while set. */
  fail?: boolean;
  /** After this many more successful requests, every request fails hard: a failure mid-way. */
  failAfter?: number;
}

export type FaultVerdict = 'ok' | 'throttle' | 'fail';

/** Decides what the current request gets, and counts it. */
export class FaultState {
  /** Requests received, faulty ones included. */
  requests = 0;

  constructor(public faults: Faults = {}) {}

  next(): FaultVerdict {
    this.requests += 1;
    const f = this.faults;
    if (f.fail) return 'fail';
    if (f.throttle && f.throttle > 0) {
      f.throttle -= 1;
      return 'throttle';
    }
    if (f.failAfter !== undefined) {
      if (f.failAfter <= 0) return 'fail';
      f.failAfter -= 1;
    }
    return 'ok';
  }
}
