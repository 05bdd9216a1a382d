/**
 * The FOCUS columns costguard reads (FOCUS 1.0 to 1.2; 1.3 renames ProviderName to
 * ServiceProviderName). Header names match ignoring case. Columns not listed here are read as text
 * and ignored.
 */
export interface FocusColumn {
  /** Names in order of preference. */
  names: readonly string[];
  required: boolean;
  kind: 'money' | 'timestamp' | 'text' | 'json';
}

export const FOCUS_COLUMNS = {
  chargePeriodStart: { names: ['ChargePeriodStart'], required: true, kind: 'timestamp' },
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
} as const satisfies Record<string, FocusColumn>;

export type FocusField = keyof typeof FOCUS_COLUMNS;

/** Field -> the header name the file uses, for the fields the file has. */
export type ColumnMap = Partial<Record<FocusField, string>>;

export function mapColumns(header: readonly string[]): { map: ColumnMap; missing: string[] } {
  const byLower = new Map(
    header.map((h) => [
      h
        .replace(/^\uFEFF/, '')
        .trim()
        .toLowerCase(),
      h,
    ]),
  );
  const map: ColumnMap = {};
  const missing: string[] = [];
  for (const [field, col] of Object.entries(FOCUS_COLUMNS) as [FocusField, FocusColumn][]) {
    const found = col.names.map((n) => byLower.get(n.toLowerCase())).find((h) => h !== undefined);
    if (found !== undefined) map[field] = found;
    else if (col.required) missing.push(col.names.join(' or '));
  }
  return { map, missing };
}
