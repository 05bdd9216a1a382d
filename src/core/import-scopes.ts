import type { CostFact } from './cost-fact.js';
import type { ImportRecord, ImportScope } from './ports.js';

/** Billing period first day -> last day, as the imported files declare them. */
export type BillingPeriods = ReadonlyMap<string, string>;

/**
 * The scopes a batch of facts covers: per (provider, billing account), its first and last day; for facts
 * of a billing period (file imports), one scope per (provider, billing account, billing period) that
 * covers the whole period (`periods` gives its last day) and any earlier or later day a correction
 * row of that period is dated.
 */
export function scopesOf(facts: Iterable<CostFact>, periods: BillingPeriods = new Map()): ImportScope[] {
  const scopes = new Map<string, ImportScope>();
  for (const f of facts) {
    const period = f.billingPeriod;
    const id = `${f.provider}\u001f${f.billingAccountId}\u001f${period ?? ''}`;
    const s = scopes.get(id);
    if (!s) {
      const scope: ImportScope = {
        provider: f.provider,
        billingAccountId: f.billingAccountId,
        from: f.day,
        to: f.day,
      };
      if (period !== undefined) {
        const last = periods.get(period) ?? period;
        scope.billingPeriod = { from: period, to: last };
        if (period < scope.from) scope.from = period;
        if (last > scope.to) scope.to = last;
      }
      scopes.set(id, scope);
    } else {
      if (f.day < s.from) s.from = f.day;
      if (f.day > s.to) s.to = f.day;
    }
  }
  const key = (s: ImportScope) => [s.provider, s.billingAccountId, s.billingPeriod?.from ?? ''];
  return [...scopes.values()].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as string) < (y[i] as string) ? -1 : 1;
    return 0;
  });
}

/** True when `f` may be written by an import of `scopes`: it lies in one, of the same billing period. */
export function withinScopes(f: CostFact, scopes: readonly ImportScope[]): boolean {
  return scopes.some(
    (s) =>
      s.provider === f.provider &&
      s.billingAccountId === f.billingAccountId &&
      (s.subAccountIds === undefined || s.subAccountIds.includes(f.subAccountId)) &&
      f.day >= s.from &&
      f.day <= s.to &&
      (f.billingPeriod ?? '') === (s.billingPeriod?.from ?? ''),
  );
}

/** A stored fact as replacement sees it: where it is, and the billing period it came from ('' none). */
export interface StoredFactPlace {
  day: string;
  subAccountId: string;
  billingPeriod: string;
}

/**
 * True when an import of `s` replaces a stored fact of the same provider and billing account: it lies
 * in the scope's days (and sub-accounts); for a billing-period scope it is of that period, or of none
 * and on one of the period's own days. Both stores implement exactly this (see the contract tests).
 */
export function replacedBy(s: ImportScope, f: StoredFactPlace): boolean {
  if (f.day < s.from || f.day > s.to) return false;
  if (s.subAccountIds !== undefined && !s.subAccountIds.includes(f.subAccountId)) return false;
  const p = s.billingPeriod;
  if (!p) return true;
  return f.billingPeriod === p.from || (f.billingPeriod === '' && f.day >= p.from && f.day <= p.to);
}

/**
 * The scopes, overlapping [from, to], whose billed cost the store does not have: imported from files
 * without billed cost (ImportScope.billedUnavailable) and not replaced since by a later import of the
 * same provider and billing account on those days that had it.
 */
export function billedGaps(
  imports: readonly ImportRecord[],
  range: { from: string; to: string },
): ImportScope[] {
  const overlaps = (a: { from: string; to: string }, b: { from: string; to: string }) =>
    a.from <= b.to && b.from <= a.to;
  const gaps: ImportScope[] = [];
  for (const r of imports) {
    for (const s of r.scopes) {
      if (!s.billedUnavailable || !overlaps(s, range)) continue;
      const replaced = imports.some(
        (later) =>
          later.importedAt > r.importedAt &&
          later.scopes.some(
            (x) =>
              !x.billedUnavailable &&
              x.provider === s.provider &&
              x.billingAccountId === s.billingAccountId &&
              x.from <= s.from &&
              x.to >= s.to,
          ),
      );
      if (!replaced) gaps.push(s);
    }
  }
  return gaps;
}
