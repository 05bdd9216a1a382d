import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  CloudCallError,
  callCloud,
  codeByKind,
  failureKindOf,
  type RetryPolicy,
  retryAfterMs,
  withPageRestart,
} from '../../../src/core/cloud-call.js';
import { withDeadline } from '../../../src/sources/retry.js';

const named = (name: string, message = name, extra: object = {}) =>
  Object.assign(Object.assign(new Error(message), { name }), extra);
const headers = (h: Record<string, string>) => ({ response: { headers: { get: (n: string) => h[n] } } });

/** A policy that records the waits instead of sleeping. */
function recording(over: Partial<RetryPolicy> = {}) {
  const waits: number[] = [];
  const policy: RetryPolicy = {
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 250,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...over,
  };
  return { policy, waits };
}

/** A call that fails with the given errors in turn, then answers 'ok'. */
function failing(...errors: unknown[]) {
  let n = 0;
  return () => (n < errors.length ? Promise.reject(errors[n++]) : Promise.resolve('ok'));
}

describe('callCloud', () => {
  it('counts every request, retries throttling with full-jitter backoff, then answers', async () => {
    const { policy, waits } = recording({ random: () => 0.5 });
    let requests = 0;
    const out = await callCloud(failing(named('ThrottlingException'), named('ThrottlingException')), {
      provider: 'aws',
      what: 'CloudWatch us-east-1',
      code: codeByKind('CW'),
      retry: policy,
      onAttempt: () => {
        requests += 1;
      },
    });
    expect(out).toBe('ok');
    expect(requests).toBe(3);
    // Caps 100 and 200 ms, half of each (the injected jitter).
    expect(waits).toEqual([50, 100]);
  });

  it('waits what the cloud asked for (retry-after headers) instead of the backoff', async () => {
    const { policy, waits } = recording({ random: () => 0.5 });
    const throttled = Object.assign(new Error('Too many requests'), {
      statusCode: 429,
      ...headers({ 'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after': '3' }),
    });
    await callCloud(failing(throttled), {
      provider: 'azure',
      what: 'Cost Management',
      code: 'X',
      retry: policy,
    });
    expect(waits).toEqual([3000]);
  });

  it('gives up after the budget with the request, the kind and the cloud error in one error', async () => {
    const { policy } = recording();
    const cause = named('ThrottlingException', 'Rate exceeded');
    const e = await callCloud(() => Promise.reject(cause), {
      provider: 'aws',
      what: 'AWS eu-west-1: cannot list instances',
      code: codeByKind('CE'),
      retry: policy,
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CloudCallError);
    expect(e).toMatchObject({
      code: 'CE_THROTTLED',
      provider: 'aws',
      kind: 'throttled',
      retryable: true,
      attempts: 4,
      request: 'AWS eu-west-1: cannot list instances',
      cause,
      message:
        'AWS eu-west-1: cannot list instances: ThrottlingException: Rate exceeded (still failing after 4 attempts)',
    });
  });

  it('throws at once on what a retry cannot fix, and without a policy tries once', async () => {
    const { policy, waits } = recording();
    let requests = 0;
    const denied = Object.assign(new Error('no'), {
      $metadata: { httpStatusCode: 403 },
      name: 'AccessDenied',
    });
    const onAttempt = () => {
      requests += 1;
    };
    await expect(
      callCloud(failing(denied), {
        provider: 'aws',
        what: 'x',
        code: 'FLEET_STOP_FAILED',
        retry: policy,
        onAttempt,
      }),
    ).rejects.toMatchObject({ code: 'FLEET_STOP_FAILED', kind: 'failed', retryable: false, attempts: 1 });
    await expect(
      callCloud(failing(named('TimeoutError')), { provider: 'aws', what: 'x', code: 'F', onAttempt }),
    ).rejects.toMatchObject({ kind: 'timeout', retryable: true, attempts: 1 });
    expect(requests).toBe(2);
    expect(waits).toEqual([]);
  });

  it('lets the adapter classify first, and passes an error of ours through unchanged', async () => {
    const { policy } = recording();
    const expired = named('InvalidNextTokenException');
    await expect(
      callCloud(failing(expired), {
        provider: 'aws',
        what: 'Cost Explorer',
        code: codeByKind('CE'),
        retry: policy,
        classify: (e) => ((e as Error).name === 'InvalidNextTokenException' ? 'page-expired' : undefined),
      }),
    ).rejects.toMatchObject({ code: 'CE_PAGE_EXPIRED', kind: 'page-expired', retryable: false });
    const ours = new CloudCallError({
      code: 'CE_BAD_RESULT',
      provider: 'aws',
      kind: 'bad-answer',
      request: 'r',
      message: 'm',
    });
    await expect(
      callCloud(failing(ours), { provider: 'aws', what: 'x', code: 'Y', retry: policy }),
    ).rejects.toBe(ours);
  });
});

describe('backoffMs', () => {
  it('doubles from the base up to the cap, scaled by the jitter, and honours a hint', () => {
    const p = recording({ baseDelayMs: 1_000, maxDelayMs: 30_000 }).policy;
    expect([1, 2, 3, 5, 6, 9].map((n) => backoffMs(p, n))).toEqual([
      1_000, 2_000, 4_000, 16_000, 30_000, 30_000,
    ]);
    expect(backoffMs({ ...p, random: () => 0 }, 3)).toBe(0);
    expect(backoffMs({ ...p, random: () => 0.999 }, 3)).toBe(3_996);
    expect(backoffMs(p, 3, 7_000)).toBe(7_000);
  });
});

describe('failureKindOf: the three SDKs', () => {
  it('reads throttling, timeouts, outages and the rest', async () => {
    expect(failureKindOf(named('RequestLimitExceeded'))).toBe('throttled'); // EC2
    expect(failureKindOf({ statusCode: 429 })).toBe('throttled'); // Azure
    expect(failureKindOf(Object.assign(new Error('quota'), { code: 8 }))).toBe('throttled'); // gRPC
    expect(failureKindOf({ code: 403, errors: [{ reason: 'rateLimitExceeded' }] })).toBe('throttled'); // BigQuery
    expect(failureKindOf({ $metadata: { httpStatusCode: 503 } })).toBe('unavailable');
    expect(failureKindOf({ statusCode: 500 })).toBe('unavailable');
    expect(failureKindOf(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(
      'unavailable',
    );
    expect(failureKindOf(new Error('The operation was aborted.'))).toBe('timeout');
    const late = await withDeadline(() => new Promise(() => {}), 5, 'x').catch((e: unknown) => e);
    expect(failureKindOf(late)).toBe('timeout');
    expect(await withDeadline(() => Promise.resolve(1), 1_000, 'x')).toBe(1);
    expect(failureKindOf({ code: 403 })).toBe('failed');
    expect(failureKindOf(new Error('denied'))).toBe('failed');
  });

  it('reads a retry-after in seconds, Cost Management header first', () => {
    expect(retryAfterMs(headers({ 'retry-after': '2' }))).toBe(2_000);
    expect(
      retryAfterMs(
        headers({ 'retry-after': '2', 'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after': '5' }),
      ),
    ).toBe(5_000);
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(new Error('x'))).toBeUndefined();
  });
});

describe('withPageRestart', () => {
  const expired = new CloudCallError({
    code: 'E',
    provider: 'gcp',
    kind: 'page-expired',
    request: 'r',
    message: 'm',
  });

  it('restarts a paged read once from the first page and counts it', async () => {
    const stats = { pageRestarts: 0 };
    let calls = 0;
    const out = await withPageRestart(async () => {
      calls += 1;
      if (calls === 1) throw expired;
      return ['a', 'b'];
    }, stats);
    expect(out).toEqual(['a', 'b']);
    expect(stats.pageRestarts).toBe(1);
  });

  it('fails when the token expires again on the restart, and on other errors at once', async () => {
    const stats = { pageRestarts: 0 };
    await expect(withPageRestart(() => Promise.reject(expired), stats)).rejects.toBe(expired);
    expect(stats.pageRestarts).toBe(1);
    const other = new CloudCallError({
      code: 'E',
      provider: 'gcp',
      kind: 'failed',
      request: 'r',
      message: 'm',
    });
    await expect(withPageRestart(() => Promise.reject(other), stats)).rejects.toBe(other);
    expect(stats.pageRestarts).toBe(1);
  });
});
