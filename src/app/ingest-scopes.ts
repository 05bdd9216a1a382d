import type { PullScope } from '../core/billing-source.js';
import type { DayRange } from '../core/day.js';
import type { CostStore, ImportScope } from '../core/ports.js';

/**
 * The scopes a pull replaces. A configured scope stays as it is. A discovered one (the cloud listed
 * the sub-accounts with cost) would miss a sub-account whose cost dropped to zero in the window, and
 * leave its old days in the store: so it is widened to every sub-account that earlier runs of the same
 * source stored in the window for that provider and billing account.
 *
 * Only sub-accounts that this source wrote (listed in one of its earlier imports) are added, not every
 * stored one: a discovered scope may cover part of a billing account only (an Azure management group),
 * and a FOCUS import of the other sub-accounts must stay.
 */
export async function widenDiscovered(
  scopes: readonly PullScope[],
  importSource: string,
  range: DayRange,
  store: CostStore,
): Promise<ImportScope[]> {
  const discovered = scopes.filter((s) => s.discovered && s.subAccountIds !== undefined);
  const plain = (s: PullScope): ImportScope => {
    const { discovered: _, ...scope } = s;
    return scope;
  };
  if (discovered.length === 0) return scopes.map(plain);
  const written = new Map<string, Set<string>>();
  for (const rec of await store.listImports()) {
    if (rec.source !== importSource) continue;
    for (const s of rec.scopes) {
      if (s.to < range.from || s.from > range.to || !s.subAccountIds) continue;
      const id = `${s.provider}\u001f${s.billingAccountId}`;
      const set = written.get(id) ?? new Set<string>();
      for (const sub of s.subAccountIds) set.add(sub);
      written.set(id, set);
    }
  }
  const providers = [...new Set(discovered.map((s) => s.provider))];
  const stored = new Map<string, Set<string>>();
  for (const f of await store.queryFacts({ ...range, providers })) {
    const id = `${f.provider}\u001f${f.billingAccountId}`;
    if (!written.get(id)?.has(f.subAccountId)) continue;
    const set = stored.get(id) ?? new Set<string>();
    set.add(f.subAccountId);
    stored.set(id, set);
  }
  return scopes.map((s) => {
    if (!s.discovered || s.subAccountIds === undefined) return plain(s);
    const extra = stored.get(`${s.provider}\u001f${s.billingAccountId}`) ?? new Set<string>();
    return { ...plain(s), subAccountIds: [...new Set([...s.subAccountIds, ...extra])].sort() };
  });
}
