import type { CostAmounts } from './cost-line.js';
import { foldBy } from './fold-by.js';
import type { Money } from './money.js';

/** What is summed per provider, day and currency: the billing source's lines or the stored facts. */
export interface DayAmounts extends Pick<CostAmounts, 'billedCost' | 'effectiveCost'> {
  provider: string;
  day: string;
  currency: string;
}

export interface ReconciliationTotals {
  billedCost: Money;
  effectiveCost: Money;
}

/** One provider, day and currency: the total the source sent against the total the store holds. */
export interface ReconciliationEntry {
  provider: string;
  day: string;
  currency: string;
  source: ReconciliationTotals;
  stored: ReconciliationTotals;
  ok: boolean;
}

export interface Reconciliation {
  entries: ReconciliationEntry[];
  /** Entries whose totals differ (any amount, by any fraction of a micro-unit). */
  mismatches: ReconciliationEntry[];
  ok: boolean;
}

const keyOf = (a: DayAmounts) => `${a.provider}\u001f${a.day}\u001f${a.currency}`;

function totals(items: Iterable<DayAmounts>): Map<string, DayAmounts> {
  return foldBy(
    items,
    keyOf,
    (x) => ({
      provider: x.provider,
      day: x.day,
      currency: x.currency,
      billedCost: x.billedCost,
      effectiveCost: x.effectiveCost,
    }),
    (into, x) => {
      into.billedCost += x.billedCost;
      into.effectiveCost += x.effectiveCost;
    },
  );
}

/**
 * Compares, per provider, day and currency, what a billing source sent (`source`: the lines the
 * adapter received) with what the store holds for the same scope after the write (`stored`), exactly
 * (bigint sums, no tolerance). A key present on one side only is compared with zero: a fact the store
 * lost and a fact it kept from an earlier version are both mismatches. Entries sort by day, provider,
 * currency.
 */
export function reconcile(source: Iterable<DayAmounts>, stored: Iterable<DayAmounts>): Reconciliation {
  const s = totals(source);
  const t = totals(stored);
  const entries: ReconciliationEntry[] = [];
  for (const k of new Set([...s.keys(), ...t.keys()])) {
    const a = s.get(k);
    const b = t.get(k);
    const any = (a ?? b) as DayAmounts;
    const src = { billedCost: a?.billedCost ?? 0n, effectiveCost: a?.effectiveCost ?? 0n };
    const sto = { billedCost: b?.billedCost ?? 0n, effectiveCost: b?.effectiveCost ?? 0n };
    entries.push({
      provider: any.provider,
      day: any.day,
      currency: any.currency,
      source: src,
      stored: sto,
      ok: src.billedCost === sto.billedCost && src.effectiveCost === sto.effectiveCost,
    });
  }
  entries.sort((x, y) =>
    x.day !== y.day
      ? x.day < y.day
        ? -1
        : 1
      : x.provider !== y.provider
        ? x.provider < y.provider
          ? -1
          : 1
        : x.currency < y.currency
          ? -1
          : x.currency > y.currency
            ? 1
            : 0,
  );
  const mismatches = entries.filter((e) => !e.ok);
  return { entries, mismatches, ok: mismatches.length === 0 };
}
