import type { QueryDefinition, QueryFilter, QueryResult } from '@azure/arm-costmanagement';
import { badAnswer } from '../../core/cloud-call.js';
import type { CostLine, Tags } from '../../core/cost-line.js';
import type { DayRange } from '../../core/day.js';
import { type Money, moneyFromNumber, parseMoney } from '../../core/money.js';
import { PROVIDERS } from '../../core/providers.js';

export const AZURE_PROVIDER = PROVIDERS.azure.focusName;
export type CostType = 'ActualCost' | 'AmortizedCost';

/**
 * Why these queries. Cost Management groups by at most two columns, and a TagKey grouping answers
 * one tag: grouping by the model tag and ServiceName, filtered on one stage value per query, gives
 * model x stage x service exactly. The cost without a stage tag has no filter of its own (there is no
 * "tag absent" operator), so one unfiltered query gives the total, and the untagged part is that
 * total minus the stage slices. Per subscription and cost type: stages + 1 queries.
 */
export function usageQuery(
  type: CostType,
  range: DayRange,
  grouping: { modelKey?: string; tagKey?: string },
  stage?: { key: string; value: string },
  /** At billing account and management group scope: one subscription's share (the sub-account). */
  subscription?: string,
  /** Only resources with this tag (a cluster's, carved out of the unfiltered answer). */
  only?: { key: string; value: string },
): QueryDefinition {
  const groupTag = grouping.tagKey ?? grouping.modelKey ?? '';
  const filters: QueryFilter[] = [
    ...(subscription
      ? [{ dimensions: { name: 'SubscriptionId', operator: 'In', values: [subscription] } }]
      : []),
    ...(stage ? [{ tags: { name: stage.key, operator: 'In', values: [stage.value] } }] : []),
    ...(only ? [{ tags: { name: only.key, operator: 'In', values: [only.value] } }] : []),
  ];
  const filter = filters.length > 1 ? { and: filters } : filters[0];
  return {
    type,
    timeframe: 'Custom',
    timePeriod: { from: new Date(`${range.from}T00:00:00Z`), to: new Date(`${range.to}T23:59:59Z`) },
    dataset: {
      granularity: 'Daily',
      aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
      grouping: grouping.tagKey
        ? [{ type: 'TagKey', name: groupTag }]
        : [
            { type: 'TagKey', name: groupTag },
            { type: 'Dimension', name: 'ServiceName' },
          ],
      ...(filter ? { filter } : {}),
    },
  };
}

/**
 * The subscriptions with cost under a billing account or management group scope, with their names:
 * one query grouped by SubscriptionId and SubscriptionName (the two-grouping limit is not hit).
 */
export function subscriptionsQuery(range: DayRange): QueryDefinition {
  return {
    type: 'ActualCost',
    timeframe: 'Custom',
    timePeriod: { from: new Date(`${range.from}T00:00:00Z`), to: new Date(`${range.to}T23:59:59Z`) },
    // No granularity: one total per subscription over the period.
    dataset: {
      aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
      grouping: [
        { type: 'Dimension', name: 'SubscriptionId' },
        { type: 'Dimension', name: 'SubscriptionName' },
      ],
    },
  };
}

/** Subscription id -> name from a subscriptionsQuery answer. */
export function mapSubscriptions(result: QueryResult): Map<string, string> {
  const names = (result.columns ?? []).map((c) => c.name ?? '');
  const id = names.indexOf('SubscriptionId');
  const name = names.indexOf('SubscriptionName');
  if (id < 0)
    throw badAnswer(
      'azure',
      'Azure Cost Management',
      'AZ_BAD_RESULT',
      `subscription query lacks SubscriptionId: ${names.join(', ')}`,
    );
  const out = new Map<string, string>();
  for (const r of result.rows ?? []) {
    const sub = String(r[id] ?? '');
    if (sub) out.set(sub, name >= 0 ? String(r[name] ?? '') : '');
  }
  return out;
}

/** One row of a query result, read by column name (the column order is not guaranteed). */
export interface UsageRow {
  day: string;
  tagValue: string;
  service: string;
  currency: string;
  cost: Money;
}

const COST_COLUMNS = ['Cost', 'PreTaxCost', 'CostUSD', 'totalCost'];

function dayOf(v: unknown): string {
  // UsageDate comes as a number 20261001 (Daily granularity).
  const s = String(v);
  if (!/^\d{8}$/.test(s))
    throw badAnswer('azure', 'Azure Cost Management', 'AZ_BAD_ROW', `UsageDate "${s}" is not yyyymmdd`);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

function money(v: unknown): Money {
  // Cost Management serializes amounts as JSON numbers. The adapter's exact-amounts policy hands them
  // over as the digits that were sent (strings); a plain number (a client without the policy) goes
  // through its shortest decimal form, which is exact only up to a double's 15-17 digits.
  if (typeof v === 'string') return parseMoney(v);
  if (typeof v === 'number') return moneyFromNumber(v);
  throw badAnswer('azure', 'Azure Cost Management', 'AZ_BAD_ROW', `cost "${String(v)}" is not a number`);
}

export function mapUsageRows(result: QueryResult): UsageRow[] {
  const names = (result.columns ?? []).map((c) => c.name ?? '');
  const at = (name: string) => names.indexOf(name);
  const cost = COST_COLUMNS.map(at).find((i) => i >= 0);
  const date = at('UsageDate');
  if (cost === undefined || date < 0) {
    throw badAnswer(
      'azure',
      'Azure Cost Management',
      'AZ_BAD_RESULT',
      `query result lacks a cost or UsageDate column: ${names.join(', ')}`,
    );
  }
  const value = at('TagValue');
  const service = at('ServiceName');
  const currency = at('Currency');
  return (result.rows ?? []).map((r) => ({
    day: dayOf(r[date]),
    tagValue: value >= 0 ? String(r[value] ?? '') : '',
    service: service >= 0 ? String(r[service] ?? '') : '',
    currency: currency >= 0 ? String(r[currency] ?? 'USD') : 'USD',
    cost: money(r[cost]),
  }));
}

export interface SliceRows {
  /** undefined = the unfiltered total. */
  stage: string | undefined;
  type: CostType;
  rows: readonly UsageRow[];
}

export interface LineContext {
  billingAccountId: string;
  subscriptionId: string;
  subscriptionName?: string;
  keys: { model: string; stage: string };
}

/**
 * Joins the slices of one subscription into cost lines: billed from ActualCost, effective from
 * AmortizedCost, and the no-stage remainder as total minus the stage slices (per day, model, service,
 * currency), so that every line sums back to the unfiltered totals exactly.
 */
export function linesFromSlices(slices: readonly SliceRows[], ctx: LineContext): CostLine[] {
  const acc = new Map<string, { row: UsageRow; stage: string; billed: Money; effective: Money }>();
  const add = (stage: string, type: CostType, row: UsageRow, sign: 1n | -1n) => {
    const id = [row.day, row.tagValue, row.service, row.currency, stage].join('\u001f');
    const a = acc.get(id) ?? { row, stage, billed: 0n, effective: 0n };
    if (type === 'ActualCost') a.billed += sign * row.cost;
    else a.effective += sign * row.cost;
    acc.set(id, a);
  };
  for (const s of slices) {
    for (const row of s.rows) {
      if (s.stage === undefined) add('', s.type, row, 1n);
      else {
        add(s.stage, s.type, row, 1n);
        add('', s.type, row, -1n);
      }
    }
  }
  const lines: CostLine[] = [];
  for (const { row, stage, billed, effective } of acc.values()) {
    if (billed === 0n && effective === 0n) continue;
    const tags: Record<string, string> = {};
    if (row.tagValue) tags[ctx.keys.model] = row.tagValue;
    if (stage) tags[ctx.keys.stage] = stage;
    lines.push({
      day: row.day,
      provider: AZURE_PROVIDER,
      billingAccountId: ctx.billingAccountId,
      subAccountId: ctx.subscriptionId,
      ...(ctx.subscriptionName ? { subAccountName: ctx.subscriptionName } : {}),
      serviceName: row.service,
      serviceCategory: '',
      regionId: '',
      resourceId: '',
      resourceName: '',
      chargeCategory: 'Usage',
      currency: row.currency,
      billedCost: billed,
      effectiveCost: effective,
      // Cost Management's query API has no list price: list cost is the actual cost.
      listCost: billed,
      tags: tags as Tags,
    });
  }
  return lines;
}
