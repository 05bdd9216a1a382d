/**
 * Fault injection shared by the billing fakes. Tests and the demo change it between (or during)
 * runs; every fake consults it once per request, before answering, and answers a fault in its own
 * cloud's wire format.
 */
export interface Faults {
  /**
   * The next n requests are throttled (429 / LimitExceededException), then requests succeed again.
   * More than the client's retry budget in a row is a throttling storm: the source fails.
   */
  throttle?: number;
  /** The next n requests fail with a server error (500 and 503 in turn), then requests succeed. */
  serverError?: number;
  /** The next n requests hang: no answer for `hangMs` (default: until the fake is closed). */
  hang?: number;
  hangMs?: number;
  /**
   * The next n next-page requests (a paging token / nextLink) are answered with the cloud's own error
   * for an invalid or expired token; first-page requests are not affected.
   */
  expirePageToken?: number;
  /** Every request fails hard (expired credentials) while set. */
  fail?: boolean;
  /** The cloud is down: every request gets 503 Service Unavailable while set. */
  down?: boolean;
  /** After this many more successful requests, every request fails hard: a failure mid-way. */
  failAfter?: number;
  /**
   * Every request is refused for lack of permission while set, as the cloud refuses a principal whose
   * policy lacks the action: the refusal names the action (what `costguard doctor` turns into a fix).
   */
  deny?: boolean;
}

/** Who the fakes say was refused, in each cloud's refusal message. */
export const SIM_PRINCIPAL = {
  aws: 'arn:aws:iam::123456789012:user/costguard',
  azure: '11111111-2222-3333-4444-555555555555',
} as const;

export type FaultVerdict =
  | 'ok'
  | 'throttle'
  | 'fail'
  | 'server-error'
  | 'unavailable'
  | 'hang'
  | 'page-expired'
  | 'denied';

/** Decides what the current request gets, and counts it. */
export class FaultState {
  /** Requests received, faulty ones included. */
  requests = 0;
  /** Requests answered with each fault, for tests to check that the fault did happen. */
  injected: Partial<Record<FaultVerdict, number>> = {};
  private serverErrors = 0;

  constructor(public faults: Faults = {}) {}

  /** `nextPage`: the request carries a paging token (only those can get `page-expired`). */
  next(nextPage = false): FaultVerdict {
    this.requests += 1;
    const v = this.decide(nextPage);
    if (v !== 'ok') this.injected[v] = (this.injected[v] ?? 0) + 1;
    return v;
  }

  private decide(nextPage: boolean): FaultVerdict {
    const f = this.faults;
    if (f.down) return 'unavailable';
    if (f.fail) return 'fail';
    if (f.deny) return 'denied';
    if (take(f, 'throttle')) return 'throttle';
    // A burst alternates 500 and 503, the two 5xx answers the clouds' SDKs see in outages.
    if (take(f, 'serverError')) return this.serverErrors++ % 2 ? 'unavailable' : 'server-error';
    if (take(f, 'hang')) return 'hang';
    if (nextPage && take(f, 'expirePageToken')) return 'page-expired';
    if (f.failAfter !== undefined) {
      if (f.failAfter <= 0) return 'fail';
      f.failAfter -= 1;
    }
    return 'ok';
  }
}

function take(f: Faults, key: 'throttle' | 'serverError' | 'hang' | 'expirePageToken'): boolean {
  const n = f[key];
  if (!n || n <= 0) return false;
  f[key] = n - 1;
  return true;
}

/**
 * Holds a hung request: answers it with `answer` after `ms`, or never (the fake's close() drops the
 * connection). The timer is unref'd so a hung fake never keeps a process alive.
 */
export function holdRequest(ms: number | undefined, answer: () => void): void {
  if (ms === undefined) return;
  setTimeout(answer, ms).unref();
}
