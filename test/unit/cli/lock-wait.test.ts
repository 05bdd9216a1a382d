import { describe, expect, it } from 'vitest';
import { lockWaitReporter } from '../../../src/cli/wiring.js';
import { lockHolder } from '../../../src/store/duckdb/open-instance.js';

describe('waiting for a locked store', () => {
  it('says who holds the file and how long it waits, then a line every 5 s, then that it got it', () => {
    const lines: string[] = [];
    const r = lockWaitReporter((l) => lines.push(l));
    const at = (waitedMs: number) =>
      r.waiting({ path: 'cg.duckdb', holder: '/usr/bin/node, PID 42', waitedMs, maxMs: 60_000 });
    // Act: refused attempts as the backoff makes them
    for (const ms of [0, 50, 150, 1000, 5200, 9000, 10_100, 12_000]) at(ms);
    r.opened();
    // Assess
    expect(lines).toEqual([
      'costguard: the store cg.duckdb is in use by another process (/usr/bin/node, PID 42); waiting up to 60 s for it (--lock-wait, store.lockWaitSeconds)',
      'costguard: still waiting for cg.duckdb: 5 s of 60 s',
      'costguard: still waiting for cg.duckdb: 10 s of 60 s',
      expect.stringMatching(/^costguard: got the store after \d+ s$/),
    ]);
  });

  it('says nothing when the store was free', () => {
    const lines: string[] = [];
    lockWaitReporter((l) => lines.push(l)).opened();
    expect(lines).toEqual([]);
  });

  it("reads the holder from DuckDB's lock message", () => {
    const m =
      'IO Error: Could not set lock on file "/tmp/x.duckdb": Conflicting lock is held in /usr/bin/node (PID 18215). See also https://duckdb.org/docs/stable/connect/concurrency';
    expect(lockHolder(m)).toBe('/usr/bin/node, PID 18215');
    expect(lockHolder('IO Error: Could not set lock on file "/tmp/x.duckdb"')).toBeUndefined();
  });
});
