import type { Expression, GetCostAndUsageCommandInput, ResultByTime } from '@aws-sdk/client-cost-explorer';
import { badAnswer } from '../../core/cloud-call.js';
import type { CostLine, Tags } from '../../core/cost-line.js';
import { parseMoney } from '../../core/money.js';
import { PROVIDERS } from '../../core/providers.js';

export const AWS_PROVIDER = PROVIDERS.aws.focusName;
/** billed = what the invoice charges; effective = after Savings Plans and RIs are amortized. */
export const BILLED_METRIC = 'UnblendedCost';
export const EFFECTIVE_METRIC = 'AmortizedCost';

export interface TagKeys {
  model: string;
  stage: string;
}

/**
 * One GetCostAndUsage slice: one linked account and one stage value (or the cost without a stage tag).
 *
 * Why this plan is minimal. A fact needs account, model, stage and service, jointly: marginals cannot
 * be recombined into per-model-per-stage-per-service spend. Cost Explorer groups by at most two
 * dimensions, so two of the four must be filters, one request (times pages) per combination of their
 * values. Grouping by the two with many values (model: hundreds; service: dozens) and filtering on
 * the two with few (linked accounts, stage values) gives the fewest combinations: accounts x
 * (stages + 1), the +1 being resources without a stage tag (MatchOptions ABSENT). Region is the price:
 * it would be a fifth dimension, so API facts carry no region.
 */
export interface CeSlice {
  account: string;
  /** undefined = resources without the stage tag. */
  stage: string | undefined;
  /** Only resources with this tag (a cluster's, carved out of the unfiltered slices: core/clusters/carve.ts). */
  only?: { key: string; value: string };
}

export function sliceRequest(
  slice: CeSlice,
  keys: TagKeys,
  start: string,
  endExclusive: string,
): GetCostAndUsageCommandInput {
  const stageFilter: Expression =
    slice.stage === undefined
      ? { Tags: { Key: keys.stage, MatchOptions: ['ABSENT'] } }
      : { Tags: { Key: keys.stage, Values: [slice.stage], MatchOptions: ['EQUALS'] } };
  return {
    TimePeriod: { Start: start, End: endExclusive },
    Granularity: 'DAILY',
    Metrics: [BILLED_METRIC, EFFECTIVE_METRIC],
    GroupBy: [
      { Type: 'TAG', Key: keys.model },
      { Type: 'DIMENSION', Key: 'SERVICE' },
    ],
    Filter: {
      And: [
        { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [slice.account] } },
        stageFilter,
        ...(slice.only ? [onlyFilter(slice.only)] : []),
      ],
    },
  };
}

const onlyFilter = (only: { key: string; value: string }): Expression => ({
  Tags: { Key: only.key, Values: [only.value], MatchOptions: ['EQUALS'] },
});

/**
 * Cost Explorer names a tag group `<key>$<value>`; resources without the tag come back as `<key>$`
 * (empty value). Only the first `$` separates: values may contain `$`.
 */
export function parseTagGroupKey(groupKey: string): { key: string; value: string } {
  const i = groupKey.indexOf('$');
  if (i < 0)
    throw badAnswer('aws', 'Cost Explorer', 'CE_BAD_GROUP_KEY', `tag group "${groupKey}" has no "$"`);
  return { key: groupKey.slice(0, i), value: groupKey.slice(i + 1) };
}

export interface SliceContext extends CeSlice {
  billingAccountId: string;
  accountName?: string;
  keys: TagKeys;
}

export interface MappedPage {
  lines: CostLine[];
  /** Earliest day of the page that Cost Explorer marks `Estimated`. */
  firstEstimatedDay?: string;
}

/** Maps one GetCostAndUsage page (slice [TAG model, SERVICE]) to cost lines, one per day and group. */
export function mapCostAndUsagePage(results: readonly ResultByTime[], ctx: SliceContext): MappedPage {
  const lines: CostLine[] = [];
  let firstEstimatedDay: string | undefined;
  const tagCache = new Map<string, Tags>();
  const tagsFor = (model: string): Tags => {
    let t = tagCache.get(model);
    if (!t) {
      const tags: Record<string, string> = {};
      if (model !== '') tags[ctx.keys.model] = model;
      if (ctx.stage !== undefined) tags[ctx.keys.stage] = ctx.stage;
      t = tags;
      tagCache.set(model, t);
    }
    return t;
  };
  for (const r of results) {
    const day = r.TimePeriod?.Start;
    if (!day) throw badAnswer('aws', 'Cost Explorer', 'CE_BAD_RESULT', 'result without TimePeriod.Start');
    if (r.Estimated && (firstEstimatedDay === undefined || day < firstEstimatedDay)) firstEstimatedDay = day;
    for (const g of r.Groups ?? []) {
      const [tagKey, service] = g.Keys ?? [];
      if (tagKey === undefined || service === undefined) {
        throw badAnswer('aws', 'Cost Explorer', 'CE_BAD_RESULT', `group on ${day} lacks its two keys`);
      }
      const billed = g.Metrics?.[BILLED_METRIC];
      const effective = g.Metrics?.[EFFECTIVE_METRIC];
      if (!billed?.Amount || !effective?.Amount) {
        throw badAnswer(
          'aws',
          'Cost Explorer',
          'CE_BAD_RESULT',
          `group ${g.Keys?.join('/')} on ${day} lacks amounts`,
        );
      }
      const billedCost = parseMoney(billed.Amount);
      lines.push({
        day,
        provider: AWS_PROVIDER,
        billingAccountId: ctx.billingAccountId,
        subAccountId: ctx.account,
        ...(ctx.accountName ? { subAccountName: ctx.accountName } : {}),
        serviceName: service,
        serviceCategory: '',
        // No region, on purpose. Region would be a fifth joint dimension: as a GroupBy it must displace
        // model or service (GetCostAndUsage allows two groups), and as a filter it multiplies the
        // requests ($0.01 each) by the number of regions with spend, for every account x stage slice.
        // The facts
        // therefore carry '' and `report --by region` shows AWS API spend as one "(none)" row in a
        // table ('' in CSV and JSON); a CUR/FOCUS import of the same days (which has regions) replaces
        // them, since the store keeps one version per account and day.
        regionId: '',
        resourceId: '',
        resourceName: '',
        chargeCategory: 'Usage',
        currency: billed.Unit ?? 'USD',
        billedCost,
        effectiveCost: parseMoney(effective.Amount),
        // Cost Explorer has no public-price metric: list cost is the unblended cost.
        listCost: billedCost,
        tags: tagsFor(parseTagGroupKey(tagKey).value),
      });
    }
  }
  return firstEstimatedDay === undefined ? { lines } : { lines, firstEstimatedDay };
}
