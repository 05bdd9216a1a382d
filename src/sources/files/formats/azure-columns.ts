import type { Tags } from '../../../core/cost-line.js';
import type { ColumnTable } from '../columns.js';
import { parseTags } from '../tags-json.js';

/**
 * Azure cost details (actual or amortized cost) columns costguard reads. Enterprise Agreement files use
 * PascalCase (`Date`, `CostInBillingCurrency`, `BillingCurrencyCode`), Microsoft Customer Agreement files
 * camelCase (`date`, `costInBillingCurrency`, `billingCurrency`); names match ignoring case, so one
 * list holds both, plus older spellings (`SubscriptionGuid`, `InstanceName`). Sources: the EA and MCA
 * "cost and usage details file schema" pages of Microsoft Cost Management.
 */
export const AZURE_COLUMNS = {
  date: { names: ['Date', 'UsageDate'], required: true, kind: 'timestamp' },
  billingAccountId: { names: ['BillingAccountId'], required: true, kind: 'text' },
  billingPeriodStart: { names: ['BillingPeriodStartDate'], required: false, kind: 'timestamp' },
  billingPeriodEnd: { names: ['BillingPeriodEndDate'], required: false, kind: 'timestamp' },
  subscriptionId: { names: ['SubscriptionId', 'SubscriptionGuid'], required: false, kind: 'text' },
  subscriptionName: { names: ['SubscriptionName'], required: false, kind: 'text' },
  meterCategory: { names: ['MeterCategory'], required: false, kind: 'text' },
  serviceFamily: { names: ['ServiceFamily'], required: false, kind: 'text' },
  location: {
    names: ['ResourceLocation', 'ResourceLocationNormalized', 'Location'],
    required: false,
    kind: 'text',
  },
  resourceId: { names: ['ResourceId', 'InstanceName', 'InstanceId'], required: false, kind: 'text' },
  resourceName: { names: ['ResourceName'], required: false, kind: 'text' },
  chargeType: { names: ['ChargeType'], required: false, kind: 'text' },
  pricingModel: { names: ['PricingModel'], required: false, kind: 'text' },
  currency: { names: ['BillingCurrencyCode', 'BillingCurrency'], required: true, kind: 'text' },
  cost: { names: ['CostInBillingCurrency', 'Cost', 'PreTaxCost'], required: true, kind: 'money' },
  paygCost: { names: ['PaygCostInBillingCurrency'], required: false, kind: 'money' },
  tags: { names: ['Tags'], required: false, kind: 'json' },
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
