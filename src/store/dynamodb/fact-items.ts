import type { CostFact } from '../../core/cost-fact.js';
import { replacedBy } from '../../core/import-scopes.js';
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
    ...(f.billingPeriod ? { bp: f.billingPeriod } : {}),
  };
}

// A cell keeps one version per sub-account and billing period: a file import's correction to an
// earlier month lives beside that month's own facts (see ImportScope.billingPeriod).
const PERIOD_SEP = '\u001d';

/** The key of a cell entry: the sub-account, with the billing period when the facts have one. */
export const cellKey = (sub: string, period?: string) => (period ? `${sub}${PERIOD_SEP}${period}` : sub);

/** The cell key of a fact item. */
export const itemCellKey = (i: Item) => cellKey(i.sub as string, i.bp as string | undefined);

function keyParts(key: string): { sub: string; period: string } {
  const at = key.indexOf(PERIOD_SEP);
  return at < 0 ? { sub: key, period: '' } : { sub: key.slice(0, at), period: key.slice(at + 1) };
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
 * The cell of `day` after an import: the entries `scope` replaces (replacedBy: a scope without
 * sub-accounts replaces them all, a narrowed scope only its listed ones, a billing-period scope only
 * its period's) give way to the entries (cellKey) the import has facts for. Entries of the import's own
 * `version` (staged by another of its scopes) stay.
 */
export function replaceCell(
  cur: Record<string, string>,
  scope: ImportScope,
  keysWithFacts: ReadonlySet<string>,
  version: string,
  day: string,
): Record<string, string> {
  const next: Record<string, string> = {};
  for (const [key, v] of Object.entries(cur)) {
    const { sub, period } = keyParts(key);
    if (v === version || !replacedBy(scope, { day, subAccountId: sub, billingPeriod: period })) next[key] = v;
  }
  for (const key of keysWithFacts) next[key] = version;
  return next;
}

/** (sub-account, version) pairs live in `before` and not in `after`: their items can go. */
export function superseded(before: Record<string, string>, after: Record<string, string>) {
  return Object.entries(before)
    .filter(([sub, v]) => after[sub] !== v)
    .map(([sub, version]) => ({ sub, version }));
}
