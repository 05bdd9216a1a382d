import type { CostFact } from '../../core/cost-fact.js';
import { formatMoney, MONEY_SCALE, parseMoney } from '../../core/money.js';
import type { ImportScope } from '../../core/ports.js';
import { type Item, SEP } from './table.js';

// Pure mapping between facts, cells and items; the store does the I/O.

/** Money as an exact decimal string with all 12 digits: never a JS number. */
const money = (v: bigint) => formatMoney(v, MONEY_SCALE);

export const factPk = (day: string) => `F#${day}`;
export const factSkPrefix = (provider: string, account: string, version: string) =>
  `F${SEP}${provider}${SEP}${account}${SEP}${version}${SEP}`;

export function factItem(f: CostFact, version: string, seq: number): Item {
  return {
    pk: factPk(f.day),
    sk: `${factSkPrefix(f.provider, f.billingAccountId, version)}${String(seq).padStart(9, '0')}`,
    gsi1pk: `M#${f.model}`,
    gsi1sk: `${f.day}${SEP}${f.provider}${SEP}${f.billingAccountId}${SEP}${version}${SEP}${seq}`,
    v: version,
    day: f.day,
    provider: f.provider,
    account: f.billingAccountId,
    sub: f.subAccountId,
    service: f.serviceName,
    region: f.regionId,
    model: f.model,
    stage: f.stage,
    currency: f.currency,
    modelBy: f.modelBy,
    stageBy: f.stageBy,
    billed: money(f.billedCost),
    effective: money(f.effectiveCost),
    list: money(f.listCost),
    rows: f.rowCount,
  };
}

export function itemFact(i: Item): CostFact {
  return {
    day: i.day as string,
    provider: i.provider as string,
    billingAccountId: i.account as string,
    subAccountId: i.sub as string,
    serviceName: i.service as string,
    regionId: i.region as string,
    model: i.model as string,
    stage: i.stage as string,
    currency: i.currency as string,
    modelBy: i.modelBy as string,
    stageBy: i.stageBy as string,
    billedCost: parseMoney(i.billed as string),
    effectiveCost: parseMoney(i.effective as string),
    listCost: parseMoney(i.list as string),
    rowCount: Number(i.rows),
  };
}

/**
 * A cell is one (day, provider, billing account): the unit the store keeps one version of. `cur` maps
 * each sub-account to the version whose items are live; `nxt` is a replacement written by an import
 * that becomes live the moment that import's record is committed.
 */
export interface Cell {
  day: string;
  provider: string;
  account: string;
  cur: Record<string, string>;
  nxt?: { importId: string; version: string; subs: Record<string, string> };
}

export const cellSk = (day: string, provider: string, account: string) =>
  `${day}${SEP}${provider}${SEP}${account}`;

export function cellItem(c: Cell): Item {
  return {
    pk: 'CELLS',
    sk: cellSk(c.day, c.provider, c.account),
    day: c.day,
    provider: c.provider,
    account: c.account,
    // JSON text: sub-account ids may be '' and DynamoDB map keys may not.
    cur: JSON.stringify(c.cur),
    ...(c.nxt ? { nxt: JSON.stringify(c.nxt) } : {}),
  };
}

export function itemCell(i: Item): Cell {
  return {
    day: i.day as string,
    provider: i.provider as string,
    account: i.account as string,
    cur: JSON.parse(i.cur as string),
    ...(typeof i.nxt === 'string' ? { nxt: JSON.parse(i.nxt) } : {}),
  };
}

/**
 * The cell after an import: a scope without sub-accounts replaces the whole cell with the sub-accounts
 * the import has facts for; a narrowed scope replaces only its listed sub-accounts.
 */
export function replaceCell(
  cur: Record<string, string>,
  scope: ImportScope,
  subsWithFacts: ReadonlySet<string>,
  version: string,
): Record<string, string> {
  const next: Record<string, string> = {};
  if (scope.subAccountIds !== undefined) {
    for (const [sub, v] of Object.entries(cur)) if (!scope.subAccountIds.includes(sub)) next[sub] = v;
  }
  for (const sub of subsWithFacts) next[sub] = version;
  return next;
}

/** (sub-account, version) pairs live in `before` and not in `after`: their items can go. */
export function superseded(before: Record<string, string>, after: Record<string, string>) {
  return Object.entries(before)
    .filter(([sub, v]) => after[sub] !== v)
    .map(([sub, version]) => ({ sub, version }));
}
