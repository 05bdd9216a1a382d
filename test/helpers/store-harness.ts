import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';

/** What an implementation hands a contract suite: a fresh store, and the same data opened again. */
export interface Harness<S> {
  open(): Promise<S>;
  /** Closes the store opened last, where the store has anything to close, and opens the same data again. */
  reopen(): Promise<S>;
  cleanup(): Promise<void>;
}

/**
 * A contract suite's per-test setup (call it inside the suite's describe): a fresh harness and its
 * store before each test, handed to `use`; after each test `close` (if given), then the harness's
 * cleanup.
 */
export function freshPerTest<S>(
  makeHarness: () => Promise<Harness<S>>,
  use: (h: Harness<S>, store: S) => void,
  close?: () => Promise<void>,
): void {
  let harness: Harness<S> | undefined;
  beforeEach(async () => {
    harness = await makeHarness();
    use(harness, await harness.open());
  });
  afterEach(async () => {
    await close?.();
    await harness?.cleanup();
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
