import { type ColumnSpec, type HeaderMap, mapHeader, optional, required } from './columns.js';

/**
 * The FOCUS columns costguard reads (FOCUS 1.0 to 1.2; 1.3 renames ProviderName to
 * ServiceProviderName). Header names match ignoring case. Columns not listed here are read as text
 * and ignored.
 */
export type FocusColumn = ColumnSpec;

export const FOCUS_COLUMNS = {
  chargePeriodStart: required('timestamp', 'ChargePeriodStart'),
  // The billing period a row belongs to (a correction row is dated in an earlier charge period).
  billingPeriodStart: optional('timestamp', 'BillingPeriodStart'),
  billingPeriodEnd: optional('timestamp', 'BillingPeriodEnd'),
  provider: required('text', 'ProviderName', 'ServiceProviderName'),
  billingAccountId: required('text', 'BillingAccountId'),
  subAccountId: optional('text', 'SubAccountId'),
  subAccountName: optional('text', 'SubAccountName'),
  serviceName: required('text', 'ServiceName'),
  serviceCategory: optional('text', 'ServiceCategory'),
  regionId: optional('text', 'RegionId', 'Region'),
  resourceId: optional('text', 'ResourceId'),
  resourceName: optional('text', 'ResourceName'),
  chargeCategory: required('text', 'ChargeCategory'),
  currency: required('text', 'BillingCurrency'),
  billedCost: required('money', 'BilledCost'),
  effectiveCost: required('money', 'EffectiveCost'),
  listCost: optional('money', 'ListCost'),
  tags: optional('json', 'Tags'),
  // costguard's own columns (`costguard export --format focus`): the model and stage already attributed.
  xModel: optional('text', 'x_model'),
  xStage: optional('text', 'x_stage'),
  xModelBy: optional('text', 'x_model_by'),
  xStageBy: optional('text', 'x_stage_by'),
} as const satisfies Record<string, FocusColumn>;

export type FocusField = keyof typeof FOCUS_COLUMNS;

/** Field -> the header name the file uses, for the fields the file has. */
export type ColumnMap = HeaderMap<typeof FOCUS_COLUMNS>;

export function mapColumns(header: readonly string[]): { map: ColumnMap; missing: string[] } {
  return mapHeader(header, FOCUS_COLUMNS);
}
