import { DuckDBInstance } from '@duckdb/node-api';
import { StoreError } from '../errors.js';

/** What a store does when another process holds its file (DuckDB allows one writing process). */
export interface LockWait {
  /** Longest wait for the other process to let go, in milliseconds; 0 fails at once. */
  maxMs: number;
  /** Told after every attempt that found the file locked, the first one included. */
  onWait?: (w: LockWaiting) => void;
}

export interface LockWaiting {
  path: string;
  /** Who holds the file, as DuckDB names it ("/usr/bin/node, PID 18215"), when it says. */
  holder?: string;
  waitedMs: number;
  maxMs: number;
}

/** DuckDB's refusal when another process has the file: "Could not set lock on file ...". */
const LOCKED = /could not set lock/i;
const HOLDER = /conflicting lock is held in (.+?) \(PID (\d+)\)/i;

/** "/usr/bin/node, PID 18215" from DuckDB's lock message, when it names the holder. */
export function lockHolder(message: string): string | undefined {
  const m = HOLDER.exec(message);
  return m ? `${m[1]}, PID ${m[2]}` : undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Opens the DuckDB file, waiting while another process holds its lock: retries with a doubling pause
 * (50 ms up to 1 s, a busy `costguard import` ends at any moment) until `lock.maxMs` has passed. Any
 * other failure (a corrupt file, a missing folder) is refused at once.
 */
export async function openInstance(path: string, lock: LockWait): Promise<DuckDBInstance> {
  const started = Date.now();
  let pause = 50;
  for (;;) {
    try {
      return await DuckDBInstance.create(path);
    } catch (cause) {
      const message = (cause as Error).message;
      if (!LOCKED.test(message)) {
        throw new StoreError(
          'STORE_OPEN_FAILED',
          `cannot open the DuckDB store ${path}: ${message}. Pass --db to use another file.`,
          { cause },
        );
      }
      const holder = lockHolder(message);
      const waitedMs = Date.now() - started;
      if (waitedMs >= lock.maxMs) throw lockedError(path, holder, lock.maxMs, cause);
      lock.onWait?.({ path, ...(holder ? { holder } : {}), waitedMs, maxMs: lock.maxMs });
      await sleep(Math.min(pause, lock.maxMs - waitedMs));
      pause = Math.min(pause * 2, 1000);
    }
  }
}

function lockedError(path: string, holder: string | undefined, maxMs: number, cause: unknown) {
  const who = holder ? `another process (${holder})` : 'another process';
  const waited = maxMs > 0 ? ` and was still locked after ${seconds(maxMs)} s` : '';
  return new StoreError(
    'STORE_LOCKED',
    `the DuckDB store ${path} is in use by ${who}${waited}. Let that command finish (\`costguard slack ` +
      'serve` holds the file while it runs), wait longer with --lock-wait <seconds> or ' +
      'store.lockWaitSeconds, or pass --db to use another file.',
    { cause },
  );
}

export const seconds = (ms: number) => String(Math.round(ms / 100) / 10);
