import type { Money } from './money.js';

/** The three cost figures every line and fact carries (FOCUS names). */
export interface CostAmounts {
  /** What the invoice charges (FOCUS BilledCost; AWS unblended cost). */
  billedCost: Money;
  /** Amortized cost after commitments and discounts (FOCUS EffectiveCost). */
  effectiveCost: Money;
  /** Public on-demand price (FOCUS ListCost). */
  listCost: Money;
}

export type Metric = 'billed' | 'effective' | 'list';
export const METRICS: readonly Metric[] = ['billed', 'effective', 'list'];

export function amountOf(a: CostAmounts, metric: Metric): Money {
  return metric === 'billed' ? a.billedCost : metric === 'effective' ? a.effectiveCost : a.listCost;
}

export type Tags = Readonly<Record<string, string>>;

/**
 * One normalized cost line, named after FOCUS 1.x columns. Sources may roll several source rows of one
 * UTC day into one line (for example the 24 hourly rows of a resource); `rowCount` says how many.
 * Unknown text fields are '' (never null) so that keys compare simply.
 */
export interface CostLine extends CostAmounts {
  /** UTC day of ChargePeriodStart, YYYY-MM-DD. */
  day: string;
  /** ProviderName: 'AWS', 'Google Cloud', 'Microsoft', ... as the source writes it. */
  provider: string;
  billingAccountId: string;
  /** AWS account, GCP project, Azure subscription. */
  subAccountId: string;
  subAccountName?: string;
  serviceName: string;
  serviceCategory: string;
  regionId: string;
  resourceId: string;
  resourceName: string;
  skuId?: string;
  /** FOCUS ChargeCategory: Usage, Purchase, Tax, Credit, Adjustment. */
  chargeCategory: string;
  /** BillingCurrency, ISO 4217. */
  currency: string;
  tags: Tags;
  /**
   * Tags of the sub-account the line belongs to (Google Cloud: the export's `project.labels`), when the
   * source reads them: attribution takes a dimension from them only when no key of `tags` gives it.
   */
  projectTags?: Tags;
  rowCount?: number;
  /** First day (YYYY-MM-DD) of the billing period the export declares for the line, if it declares one. */
  billingPeriod?: string;
  /**
   * Set when the source already attributed the line (costguard's own FOCUS export, columns x_model and
   * x_stage): attribution keeps these instead of resolving tags, rules and shared costs again.
   */
  attributed?: { model: string; stage: string; modelBy: string; stageBy: string };
  /**
   * Optional, set by sources that know it: lines carrying the same key (compared by identity) agree on
   * every field but day and amounts, so attribution resolves the key once instead of once per line.
   */
  attributionKey?: object;
}
