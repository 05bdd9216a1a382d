import { type ColumnTable, optional, required } from '../columns.js';

/**
 * The CUR columns costguard reads: CUR 2.0 (Data Exports) snake_case names first, then the legacy CUR
 * `category/Name` spelling (legacy CUR in Parquet uses the snake_case names too). Sources: AWS Data
 * Exports table dictionary (line_item_*, bill_*, pricing_*, product_*, reservation_*, savings_plan_*,
 * resource_tags) and the legacy CUR data dictionary.
 */
export const CUR_COLUMNS = {
  usageStart: required('timestamp', 'line_item_usage_start_date', 'lineItem/UsageStartDate'),
  billingPeriodStart: optional('timestamp', 'bill_billing_period_start_date', 'bill/BillingPeriodStartDate'),
  billingPeriodEnd: optional('timestamp', 'bill_billing_period_end_date', 'bill/BillingPeriodEndDate'),
  payerAccount: required('text', 'bill_payer_account_id', 'bill/PayerAccountId'),
  usageAccount: required('text', 'line_item_usage_account_id', 'lineItem/UsageAccountId'),
  usageAccountName: optional('text', 'line_item_usage_account_name', 'lineItem/UsageAccountName'),
  lineItemType: required('text', 'line_item_line_item_type', 'lineItem/LineItemType'),
  productCode: required('text', 'line_item_product_code', 'lineItem/ProductCode'),
  productName: optional('text', 'product_product_name', 'product/ProductName'),
  productFamily: optional('text', 'product_product_family', 'product/productFamily'),
  /** CUR 2.0 keeps product attributes outside its static schema in this map (product_name among them). */
  product: optional('json', 'product'),
  region: optional('text', 'product_region_code', 'product/regionCode', 'product_region', 'product/region'),
  resourceId: optional('text', 'line_item_resource_id', 'lineItem/ResourceId'),
  currency: required('text', 'line_item_currency_code', 'lineItem/CurrencyCode'),
  unblendedCost: required('money', 'line_item_unblended_cost', 'lineItem/UnblendedCost'),
  publicOnDemandCost: optional('money', 'pricing_public_on_demand_cost', 'pricing/publicOnDemandCost'),
  spEffectiveCost: optional(
    'money',
    'savings_plan_savings_plan_effective_cost',
    'savingsPlan/SavingsPlanEffectiveCost',
  ),
  spTotalCommitmentToDate: optional(
    'money',
    'savings_plan_total_commitment_to_date',
    'savingsPlan/TotalCommitmentToDate',
  ),
  spUsedCommitment: optional('money', 'savings_plan_used_commitment', 'savingsPlan/UsedCommitment'),
  riEffectiveCost: optional('money', 'reservation_effective_cost', 'reservation/EffectiveCost'),
  riUnusedAmortizedUpfrontFee: optional(
    'money',
    'reservation_unused_amortized_upfront_fee_for_billing_period',
    'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod',
  ),
  riUnusedRecurringFee: optional(
    'money',
    'reservation_unused_recurring_fee',
    'reservation/UnusedRecurringFee',
  ),
  reservationArn: optional('text', 'reservation_reservation_a_r_n', 'reservation/ReservationARN'),
  /** CUR 2.0: a map of the activated cost allocation tags, keys `user_<key>` (JSON text in CSV). */
  resourceTags: optional('json', 'resource_tags'),
} as const satisfies ColumnTable;

export type CurField = keyof typeof CUR_COLUMNS;

/** line_item_line_item_type -> FOCUS ChargeCategory. Types not listed are Adjustment. */
export const CUR_CHARGE_CATEGORY: Readonly<Record<string, string>> = {
  Usage: 'Usage',
  DiscountedUsage: 'Usage',
  SavingsPlanCoveredUsage: 'Usage',
  SavingsPlanNegation: 'Usage',
  Fee: 'Purchase',
  RIFee: 'Purchase',
  SavingsPlanRecurringFee: 'Purchase',
  SavingsPlanUpfrontFee: 'Purchase',
  Tax: 'Tax',
  Credit: 'Credit',
  Refund: 'Credit',
  BundledDiscount: 'Credit',
  EdpDiscount: 'Credit',
  PrivateRateDiscount: 'Credit',
  DistributorDiscount: 'Credit',
};

/**
 * Effective (amortized) cost per line item type, as AWS defines amortized cost (the Cost Explorer
 * "amortized" view and the CUR query library's amortized_cost): the terms summed, each a money
 * column with its sign; an empty list is 0. Types not listed cost their unblended cost, except an RI
 * upfront `Fee` (one with a reservation ARN), which the DiscountedUsage and RIFee lines amortize.
 * - SavingsPlanCoveredUsage: the usage at its Savings Plan rate.
 * - SavingsPlanNegation: offsets the covered usage's on-demand cost on the bill; 0 amortized.
 * - SavingsPlanRecurringFee: only the unused part of the commitment (the used part is in the usage).
 * - SavingsPlanUpfrontFee: spread into the covered usage; 0.
 * - DiscountedUsage: the usage at its reservation's effective rate.
 * - RIFee: only the unused reservation's amortized upfront and recurring fee.
 */
export const CUR_EFFECTIVE: Readonly<Record<string, readonly (readonly [1 | -1, CurField])[]>> = {
  SavingsPlanCoveredUsage: [[1, 'spEffectiveCost']],
  SavingsPlanNegation: [],
  SavingsPlanRecurringFee: [
    [1, 'spTotalCommitmentToDate'],
    [-1, 'spUsedCommitment'],
  ],
  SavingsPlanUpfrontFee: [],
  DiscountedUsage: [[1, 'riEffectiveCost']],
  RIFee: [
    [1, 'riUnusedAmortizedUpfrontFee'],
    [1, 'riUnusedRecurringFee'],
  ],
};
