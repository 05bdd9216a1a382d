import type { Tags } from '../../../core/cost-line.js';
import { type ColumnTable, optional, required } from '../columns.js';
import { parseTags } from '../tags-json.js';

/**
 * Azure cost details (actual or amortized cost) columns costguard reads. Enterprise Agreement files use
 * PascalCase (`Date`, `CostInBillingCurrency`, `BillingCurrencyCode`), Microsoft Customer Agreement files
 * camelCase (`date`, `costInBillingCurrency`, `billingCurrency`); names match ignoring case, so one
 * list holds both, plus older spellings (`SubscriptionGuid`, `InstanceName`). Sources: the EA and MCA
 * "cost and usage details file schema" pages of Microsoft Cost Management.
 */
export const AZURE_COLUMNS = {
  date: required('timestamp', 'Date', 'UsageDate'),
  billingAccountId: required('text', 'BillingAccountId'),
  billingPeriodStart: optional('timestamp', 'BillingPeriodStartDate'),
  billingPeriodEnd: optional('timestamp', 'BillingPeriodEndDate'),
  subscriptionId: optional('text', 'SubscriptionId', 'SubscriptionGuid'),
  subscriptionName: optional('text', 'SubscriptionName'),
  meterCategory: optional('text', 'MeterCategory'),
  serviceFamily: optional('text', 'ServiceFamily'),
  location: optional('text', 'ResourceLocation', 'ResourceLocationNormalized', 'Location'),
  resourceId: optional('text', 'ResourceId', 'InstanceName', 'InstanceId'),
  resourceName: optional('text', 'ResourceName'),
  chargeType: optional('text', 'ChargeType'),
  pricingModel: optional('text', 'PricingModel'),
  currency: required('text', 'BillingCurrencyCode', 'BillingCurrency'),
  cost: required('money', 'CostInBillingCurrency', 'Cost', 'PreTaxCost'),
  paygCost: optional('money', 'PaygCostInBillingCurrency'),
  tags: optional('json', 'Tags'),
} as const satisfies ColumnTable;

/** ChargeType -> FOCUS ChargeCategory. Unused commitments (amortized files) are usage of the commitment. */
export const AZURE_CHARGE_CATEGORY: Readonly<Record<string, string>> = {
  Usage: 'Usage',
  UnusedReservation: 'Usage',
  UnusedSavingsPlan: 'Usage',
  Purchase: 'Purchase',
  Tax: 'Tax',
  Refund: 'Credit',
  Credit: 'Credit',
  RoundingAdjustment: 'Adjustment',
  Adjustment: 'Adjustment',
};

/**
 * Azure's Tags value: a JSON object, or the older form without braces (`"k": "v","k2": "v2"`). Keys
 * keep their case here (Azure tag names are case-insensitive; attribution compares them ignoring case).
 */
export function parseAzureTags(raw: string): Tags | undefined {
  const text = raw.trim();
  return parseTags(text.startsWith('{') ? text : `{${text}}`);
}
