import type { CostFact } from './cost-fact.js';
import type { ImportScope } from './ports.js';

/** The scopes a batch of facts covers: per (provider, billing account), its first and last day. */
export function scopesOf(facts: Iterable<CostFact>): ImportScope[] {
  const scopes = new Map<string, ImportScope>();
  for (const f of facts) {
    const id = `${f.provider}\u001f${f.billingAccountId}`;
    const s = scopes.get(id);
    if (!s)
      scopes.set(id, { provider: f.provider, billingAccountId: f.billingAccountId, from: f.day, to: f.day });
    else {
      if (f.day < s.from) s.from = f.day;
      if (f.day > s.to) s.to = f.day;
    }
  }
  return [...scopes.values()].sort((a, b) =>
    a.provider === b.provider
      ? a.billingAccountId < b.billingAccountId
        ? -1
        : 1
      : a.provider < b.provider
        ? -1
        : 1,
  );
}

export function withinScopes(f: CostFact, scopes: readonly ImportScope[]): boolean {
  return scopes.some(
    (s) =>
      s.provider === f.provider &&
      s.billingAccountId === f.billingAccountId &&
      (s.subAccountIds === undefined || s.subAccountIds.includes(f.subAccountId)) &&
      f.day >= s.from &&
      f.day <= s.to,
  );
}
