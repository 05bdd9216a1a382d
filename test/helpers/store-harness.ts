import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe } from 'vitest';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';

/** What an implementation hands a contract suite: a fresh store, and the same data opened again. */
export interface Harness<S> {
  open(): Promise<S>;
  /** Closes the store opened last, where the store has anything to close, and opens the same data again. */
  reopen(): Promise<S>;
  cleanup(): Promise<void>;
}

/** The store a contract test works on, and the harness it came from (for `reopen`). */
export interface Fresh<S> {
  h: Harness<S>;
  store: S;
}

/**
 * A contract suite: `title`'s describe, with a fresh harness and its store before each test (in `t`),
 * and after each test the harness's cleanup; a suite whose store is closed by the suite, not by the
 * harness, passes `{ make, close }` instead of `make` and the store is closed first.
 */
export function contractSuite<S>(
  title: string,
  harness: (() => Promise<Harness<S>>) | { make: () => Promise<Harness<S>>; close(store: S): Promise<void> },
  tests: (t: Fresh<S>) => void,
): void {
  const { make, close } = typeof harness === 'function' ? { make: harness, close: undefined } : harness;
  describe(title, () => {
    const t = {} as Fresh<S>;
    beforeEach(async () => {
      t.h = await make();
      t.store = await t.h.open();
    });
    afterEach(async () => {
      await close?.(t.store);
      await t.h.cleanup();
    });
    tests(t);
  });
}

/** A harness over a store that needs no closing: every open is a new handle on the same data. */
export const handles = <S>(open: () => Promise<S>): Harness<S> => ({
  open,
  reopen: open,
  cleanup: async () => {},
});

/**
 * A harness on a DuckDB file in a temp directory: each open closes the cost store opened before and
 * opens the file again, with the store under test on it (`on`); cleanup closes it and removes the file.
 */
export function duckHarness<S>(on: (cost: DuckDbCostStore) => Promise<S>): () => Promise<Harness<S>> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'costguard-contract-'));
    const path = join(dir, 'costguard.duckdb');
    let cost: DuckDbCostStore | undefined;
    const open = async () => {
      await cost?.close();
      cost = await DuckDbCostStore.open(path);
      return on(cost);
    };
    return {
      open,
      reopen: open,
      cleanup: async () => {
        await cost?.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
}
