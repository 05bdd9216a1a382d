import { describe, expect, it } from 'vitest';
import { isTransient, withDeadline, withPageRestart } from '../../../src/sources/retry.js';

const expired = new Error('page token expired');
const isExpired = (e: unknown) => e === expired;

describe('withPageRestart', () => {
  it('restarts a paged read once from the first page and counts it', async () => {
    const stats = { pageRestarts: 0 };
    let calls = 0;
    const out = await withPageRestart(
      async () => {
        calls += 1;
        if (calls === 1) throw expired;
        return ['a', 'b'];
      },
      isExpired,
      stats,
    );
    expect(out).toEqual(['a', 'b']);
    expect(stats.pageRestarts).toBe(1);
  });

  it('fails when the token expires again on the restart, and on other errors at once', async () => {
    const stats = { pageRestarts: 0 };
    await expect(withPageRestart(() => Promise.reject(expired), isExpired, stats)).rejects.toBe(expired);
    expect(stats.pageRestarts).toBe(1);
    const other = new Error('denied');
    await expect(withPageRestart(() => Promise.reject(other), isExpired, stats)).rejects.toBe(other);
    expect(stats.pageRestarts).toBe(1);
  });
});

describe('isTransient and withDeadline', () => {
  it('retries 5xx and timeouts, not 4xx', async () => {
    expect(isTransient({ $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isTransient({ statusCode: 500 })).toBe(true);
    expect(isTransient({ code: 403 })).toBe(false);
    const late = await withDeadline(() => new Promise(() => {}), 5, 'x').catch((e: unknown) => e);
    expect(isTransient(late)).toBe(true);
    expect(await withDeadline(() => Promise.resolve(1), 1_000, 'x')).toBe(1);
  });
});
