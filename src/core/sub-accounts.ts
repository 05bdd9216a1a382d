import type { CostLine } from './cost-line.js';

/** A sub-account's display name (AWS account name, GCP project name, Azure subscription name). */
export interface SubAccount {
  provider: string;
  billingAccountId: string;
  subAccountId: string;
  name: string;
  /** ISO timestamp of the run that saw the name last. */
  updatedAt: string;
}

/** Display names of sub-accounts, kept apart from the facts (a name is not part of a fact's key). */
export interface SubAccountStore {
  /** Inserts or renames; the latest name seen wins. */
  upsert(accounts: readonly SubAccount[]): Promise<void>;
  list(): Promise<SubAccount[]>;
}

/** The names the lines carry, one per sub-account (the last line's name wins), sorted by id. */
export function subAccountsOf(lines: Iterable<CostLine>, updatedAt: string): SubAccount[] {
  const by = new Map<string, SubAccount>();
  for (const l of lines) {
    if (!l.subAccountName) continue;
    const id = `${l.provider}\u001f${l.billingAccountId}\u001f${l.subAccountId}`;
    by.set(id, {
      provider: l.provider,
      billingAccountId: l.billingAccountId,
      subAccountId: l.subAccountId,
      name: l.subAccountName,
      updatedAt,
    });
  }
  return [...by.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, s]) => s);
}

/**
 * Sub-account id -> name, for reports. Ids do not collide across clouds in practice (12-digit AWS
 * accounts, GCP project ids, Azure subscription GUIDs), and report rows need not carry the provider.
 */
export function nameIndex(accounts: readonly SubAccount[]): ReadonlyMap<string, string> {
  return new Map(accounts.map((a) => [a.subAccountId, a.name]));
}
