import { type ColumnSpec, type HeaderMap, mapHeader } from './columns.js';

/**
 * The FOCUS columns costguard reads (FOCUS 1.0 to 1.2; 1.3 renames ProviderName to
 * ServiceProviderName). Header names match ignoring case. Columns not listed here are read as text
 * and ignored.
 */
export type FocusColumn = ColumnSpec;

export const FOCUS_COLUMNS = {
  chargePeriodStart: { names: ['ChargePeriodStart'], required: true, kind: 'timestamp' },
  // The billing period a row belongs to (a correction row is dated in an earlier charge period).
  billingPeriodStart: { names: ['BillingPeriodStart'], required: false, kind: 'timestamp' },
  billingPeriodEnd: { names: ['BillingPeriodEnd'], required: false, kind: 'timestamp' },
  provider: { names: ['ProviderName', 'ServiceProviderName'], required: true, kind: 'text' },
  billingAccountId: { names: ['BillingAccountId'], required: true, kind: 'text' },
  subAccountId: { names: ['SubAccountId'], required: false, kind: 'text' },
  subAccountName: { names: ['SubAccountName'], required: false, kind: 'text' },
  serviceName: { names: ['ServiceName'], required: true, kind: 'text' },
  serviceCategory: { names: ['ServiceCategory'], required: false, kind: 'text' },
  regionId: { names: ['RegionId', 'Region'], required: false, kind: 'text' },
  resourceId: { names: ['ResourceId'], required: false, kind: 'text' },
  resourceName: { names: ['ResourceName'], required: false, kind: 'text' },
  chargeCategory: { names: ['ChargeCategory'], required: true, kind: 'text' },
  currency: { names: ['BillingCurrency'], required: true, kind: 'text' },
  billedCost: { names: ['BilledCost'], required: true, kind: 'money' },
  effectiveCost: { names: ['EffectiveCost'], required: true, kind: 'money' },
  listCost: { names: ['ListCost'], required: false, kind: 'money' },
  tags: { names: ['Tags'], required: false, kind: 'json' },
  // costguard's own columns (`costguard export --format focus`): the model and stage already attributed.
  xModel: { names: ['x_model'], required: false, kind: 'text' },
  xStage: { names: ['x_stage'], required: false, kind: 'text' },
  xModelBy: { names: ['x_model_by'], required: false, kind: 'text' },
  xStageBy: { names: ['x_stage_by'], required: false, kind: 'text' },
} as const satisfies Record<string, FocusColumn>;

export type FocusField = keyof typeof FOCUS_COLUMNS;

/** Field -> the header name the file uses, for the fields the file has. */
export type ColumnMap = HeaderMap<typeof FOCUS_COLUMNS>;

export function mapColumns(header: readonly string[]): { map: ColumnMap; missing: string[] } {
  return mapHeader(header, FOCUS_COLUMNS);
}
