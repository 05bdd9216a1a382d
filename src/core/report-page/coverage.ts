import type { CostFact } from '../cost-fact.js';
import type { Money } from '../money.js';

/** Spend no tag attributes, and where it comes from. */
export interface Coverage {
  total: Money;
  /** Spend whose model did not come from a tag (a rule, a shared split, or nothing). */
  untaggedModel: Money;
  untaggedStage: Money;
  /** Spend with no model at all (attribution's `unattributed`). */
  unattributed: Money;
  /** The largest sources of spend without a model tag: sub-account and service. */
  offenders: { provider: string; subAccountId: string; serviceName: string; cost: Money }[];
}

const OFFENDERS = 10;

/** A value counts as tagged when it came from a tag (`tag:<key>`, or a Google project's label `project-tag:<key>`), not a rule or a split. */
export const fromTag = (by: string): boolean => by.startsWith('tag:') || by.startsWith('project-tag:');

export function coverageOf(facts: readonly CostFact[], amount: (f: CostFact) => Money): Coverage {
  const c: Coverage = { total: 0n, untaggedModel: 0n, untaggedStage: 0n, unattributed: 0n, offenders: [] };
  const worst = new Map<string, Coverage['offenders'][number]>();
  for (const f of facts) {
    const a = amount(f);
    c.total += a;
    if (!fromTag(f.stageBy)) c.untaggedStage += a;
    if (f.modelBy === 'unattributed') c.unattributed += a;
    if (fromTag(f.modelBy)) continue;
    c.untaggedModel += a;
    const id = `${f.provider}\u001f${f.subAccountId}\u001f${f.serviceName}`;
    const o = worst.get(id) ?? {
      provider: f.provider,
      subAccountId: f.subAccountId,
      serviceName: f.serviceName,
      cost: 0n,
    };
    o.cost += a;
    worst.set(id, o);
  }
  c.offenders = [...worst.values()]
    .filter((o) => o.cost > 0n)
    .sort((a, b) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : 0))
    .slice(0, OFFENDERS);
  return c;
}
