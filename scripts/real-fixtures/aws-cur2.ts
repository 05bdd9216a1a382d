import { csv, DAYS, plus, seeded, times } from './shared.js';

// A CUR 2.0 (AWS Data Exports) CSV with every column of the CUR 2.0 table dictionary, in the dictionary's
// order: bill, cost_category, discount, identity, line_item, pricing, product, reservation,
// resource_tags, savings_plan, split_line_item (docs.aws.amazon.com/cur/latest/userguide/
// table-dictionary-cur2.html and its per-group pages). Map columns (cost_category, discount, product,
// resource_tags) are JSON text, as Data Exports writes them in CSV.

export const CUR2_ALL_COLUMNS = [
  ...['bill_type', 'billing_entity', 'billing_period_end_date', 'billing_period_start_date'].map(
    (c) => `bill_${c}`,
  ),
  ...['invoice_id', 'invoicing_entity', 'payer_account_id', 'payer_account_name'].map((c) => `bill_${c}`),
  'cost_category',
  'discount',
  'discount_bundled_discount',
  'discount_total_discount',
  'identity_line_item_id',
  'identity_time_interval',
  ...[
    'availability_zone',
    'blended_cost',
    'blended_rate',
    'currency_code',
    'legal_entity',
    'line_item_description',
    'line_item_type',
    'net_unblended_cost',
    'net_unblended_rate',
    'normalization_factor',
    'normalized_usage_amount',
    'operation',
    'product_code',
    'resource_id',
    'tax_type',
    'unblended_cost',
    'unblended_rate',
    'usage_account_id',
    'usage_account_name',
    'usage_amount',
    'usage_end_date',
    'usage_start_date',
    'usage_type',
  ].map((c) => `line_item_${c}`),
  ...['currency', 'lease_contract_length', 'offering_class', 'public_on_demand_cost'].map(
    (c) => `pricing_${c}`,
  ),
  ...['public_on_demand_rate', 'purchase_option', 'rate_code', 'rate_id', 'term', 'unit'].map(
    (c) => `pricing_${c}`,
  ),
  'product',
  ...[
    'comment',
    'fee_code',
    'fee_description',
    'from_location',
    'from_location_type',
    'from_region_code',
    'instanceSKU',
    'instance_family',
    'instance_type',
    'location',
    'location_type',
    'operation',
    'pricing_unit',
    'product_family',
    'region_code',
    'servicecode',
    'sku',
    'to_location',
    'to_location_type',
    'to_region_code',
    'usagetype',
  ].map((c) => `product_${c}`),
  ...[
    'amortized_upfront_cost_for_usage',
    'amortized_upfront_fee_for_billing_period',
    'availability_zone',
    'effective_cost',
    'end_time',
    'modification_status',
    'net_amortized_upfront_cost_for_usage',
    'net_amortized_upfront_fee_for_billing_period',
    'net_effective_cost',
    'net_recurring_fee_for_usage',
    'net_unused_amortized_upfront_fee_for_billing_period',
    'net_unused_recurring_fee',
    'net_upfront_value',
    'normalized_units_per_reservation',
    'number_of_reservations',
    'recurring_fee_for_usage',
    'reservation_a_r_n',
    'start_time',
    'subscription_id',
    'total_reserved_normalized_units',
    'total_reserved_units',
    'units_per_reservation',
    'unused_amortized_upfront_fee_for_billing_period',
    'unused_normalized_unit_quantity',
    'unused_quantity',
    'unused_recurring_fee',
    'upfront_value',
  ].map((c) => `reservation_${c}`),
  'resource_tags',
  ...[
    'amortized_upfront_commitment_for_billing_period',
    'end_time',
    'instance_type_family',
    'net_amortized_upfront_commitment_for_billing_period',
    'net_recurring_commitment_for_billing_period',
    'net_savings_plan_effective_cost',
    'offering_type',
    'payment_option',
    'purchase_term',
    'recurring_commitment_for_billing_period',
    'region',
    'savings_plan_a_r_n',
    'savings_plan_effective_cost',
    'savings_plan_rate',
    'start_time',
    'total_commitment_to_date',
    'used_commitment',
  ].map((c) => `savings_plan_${c}`),
  ...[
    'actual_usage',
    'net_split_cost',
    'net_unused_cost',
    'parent_resource_id',
    'public_on_demand_split_cost',
    'public_on_demand_unused_cost',
    'reserved_usage',
    'split_cost',
    'split_usage',
    'split_usage_ratio',
    'unused_cost',
  ].map((c) => `split_line_item_${c}`),
] as const;

type Row = Record<string, string>;
const PAYER = '210987654321';
const RESEARCH = { id: '310987654321', name: 'ml-research' };
const SERVING = { id: '410987654321', name: 'ml-serving' };
const RI_ARN = `arn:aws:rds:us-east-1:${SERVING.id}:ri:ml-serving-ri-1`;
const SP_ARN = `arn:aws:savingsplans::${PAYER}:savingsplan/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f`;
const EC2 = { code: 'AmazonEC2', name: 'Amazon Elastic Compute Cloud', family: 'Compute Instance' };
const RDS = { code: 'AmazonRDS', name: 'Amazon Relational Database Service', family: 'Database Instance' };
const S3 = { code: 'AmazonS3', name: 'Amazon Simple Storage Service', family: 'Storage' };
const json = (o: Record<string, string>) => JSON.stringify(o);

export function cur2Fixture(): string {
  const rnd = seeded(2002);
  const rows: Row[] = [];
  const base = (day: string, hour: number, type: string, product: typeof EC2, account = RESEARCH): Row => {
    const start = `${day}T${String(hour).padStart(2, '0')}:00:00Z`;
    const end = `${day}T${String(hour + 1).padStart(2, '0')}:00:00Z`;
    return {
      bill_bill_type: 'Anniversary',
      bill_billing_entity: 'AWS',
      bill_billing_period_end_date: '2024-11-01T00:00:00Z',
      bill_billing_period_start_date: '2024-10-01T00:00:00Z',
      bill_invoicing_entity: 'Amazon Web Services, Inc.',
      bill_payer_account_id: PAYER,
      bill_payer_account_name: 'Fabrikam ML, payer',
      cost_category: json({ team: account === RESEARCH ? 'research' : 'serving' }),
      discount: '{}',
      identity_line_item_id: `li${rnd.hex(12)}`,
      identity_time_interval: `${start}/${end}`,
      line_item_currency_code: 'USD',
      line_item_legal_entity: 'Amazon Web Services, Inc.',
      line_item_line_item_type: type,
      line_item_product_code: product.code,
      line_item_usage_account_id: account.id,
      line_item_usage_account_name: account.name,
      line_item_usage_start_date: start,
      line_item_usage_end_date: end,
      pricing_currency: 'USD',
      product: json({ product_name: product.name, servicename: product.name }),
      product_product_family: product.family,
      product_region_code: 'us-east-1',
      product_servicecode: product.code,
      resource_tags: '{}',
    };
  };
  const cost = (r: Row, unblended: string) => {
    r.line_item_unblended_cost = unblended;
    r.line_item_blended_cost = unblended;
    r.line_item_net_unblended_cost = unblended;
    return r;
  };

  for (const day of DAYS) {
    // On-demand GPU hours, tagged
    for (const hour of [0, 1, 2, 3]) {
      const odc = rnd.amount(32, 33, 8);
      const r = cost(base(day, hour, 'Usage', EC2), odc);
      Object.assign(r, {
        line_item_availability_zone: 'us-east-1a',
        line_item_line_item_description: '$32.7726 per On Demand Linux p4d.24xlarge Instance Hour, us-east-1',
        line_item_operation: 'RunInstances',
        line_item_resource_id: 'i-0f1e2d3c4b5a69780',
        line_item_usage_amount: '1',
        line_item_usage_type: 'USE1-BoxUsage:p4d.24xlarge',
        pricing_public_on_demand_cost: odc,
        pricing_term: 'OnDemand',
        pricing_unit: 'Hrs',
        product_instance_type: 'p4d.24xlarge',
        resource_tags: json({ user_model: 'llama3-70b', user_stage: 'train', user_team: 'research, eu' }),
      });
      rows.push(r);
    }
    // Savings Plan covered usage, its negation, and the hour's recurring fee
    for (const hour of [4, 5]) {
      const odc = rnd.amount(8, 9, 8);
      const spRate = times(odc, 0.72, 8);
      const tags = json({ user_model: 'gemma-7b', user_stage: 'serve' });
      const sp = {
        savings_plan_savings_plan_a_r_n: SP_ARN,
        savings_plan_offering_type: 'ComputeSavingsPlans',
        savings_plan_payment_option: 'Partial Upfront',
        savings_plan_purchase_term: '1yr',
        savings_plan_start_time: '2024-01-01T00:00:00.000Z',
        savings_plan_end_time: '2024-12-31T23:59:59.000Z',
      };
      const covered = cost(base(day, hour, 'SavingsPlanCoveredUsage', EC2, SERVING), odc);
      Object.assign(covered, sp, {
        line_item_resource_id: 'i-0a9b8c7d6e5f40312',
        line_item_usage_type: 'USE1-BoxUsage:g5.12xlarge',
        line_item_usage_amount: '1',
        pricing_public_on_demand_cost: odc,
        savings_plan_savings_plan_effective_cost: spRate,
        savings_plan_savings_plan_rate: spRate,
        resource_tags: tags,
      });
      const negation = cost(base(day, hour, 'SavingsPlanNegation', EC2, SERVING), `-${odc}`);
      Object.assign(negation, sp, {
        line_item_line_item_description: `SavingsPlanNegation used by AccountId : ${SERVING.id} and UsageSku : ABCD1234`,
        line_item_resource_id: 'i-0a9b8c7d6e5f40312',
        resource_tags: tags,
      });
      const fee = cost(
        base(day, hour, 'SavingsPlanRecurringFee', { ...EC2, code: 'ComputeSavingsPlans' }),
        '9.5',
      );
      Object.assign(fee, sp, {
        line_item_line_item_description: '1 year Partial Upfront Compute Savings Plan',
        savings_plan_recurring_commitment_for_billing_period: '7068',
        savings_plan_amortized_upfront_commitment_for_billing_period: '2.1',
        savings_plan_total_commitment_to_date: '11.6',
        savings_plan_used_commitment: spRate,
      });
      rows.push(covered, negation, fee);
    }
    // Reserved RDS hours: 0 on the bill, the reservation's rate amortized
    for (const hour of [6, 7]) {
      const upfront = rnd.amount(0.3, 0.4, 8);
      const recurring = rnd.amount(0.2, 0.3, 8);
      const r = cost(base(day, hour, 'DiscountedUsage', RDS, SERVING), '0');
      Object.assign(r, {
        line_item_resource_id: `arn:aws:rds:us-east-1:${SERVING.id}:db:feature-store`,
        line_item_usage_type: 'InstanceUsage:db.r6g.2xl',
        line_item_usage_amount: '1',
        pricing_public_on_demand_cost: '0.861',
        reservation_reservation_a_r_n: RI_ARN,
        reservation_amortized_upfront_cost_for_usage: upfront,
        reservation_recurring_fee_for_usage: recurring,
        reservation_effective_cost: plus(8, upfront, recurring),
        resource_tags: json({ user_model: 'llama3-70b', user_stage: 'serve' }),
      });
      rows.push(r);
    }
    // The day's EDP discount on the on-demand usage
    const edp = cost(base(day, 0, 'EdpDiscount', EC2), `-${rnd.amount(3, 4, 8)}`);
    edp.line_item_line_item_description = 'Enterprise Program Discount, 3%';
    rows.push(edp);
  }
  // Month-start purchases: the RI fee (unused part amortized), its upfront fee, the SP upfront fee
  const riFee = cost(base('2024-10-01', 0, 'RIFee', RDS, SERVING), '178.85');
  Object.assign(riFee, {
    reservation_reservation_a_r_n: RI_ARN,
    reservation_amortized_upfront_fee_for_billing_period: '248',
    reservation_unused_amortized_upfront_fee_for_billing_period: '3.12345678',
    reservation_unused_recurring_fee: '2.25',
    reservation_unused_quantity: '9',
  });
  const riUpfront = cost(base('2024-10-01', 0, 'Fee', RDS, SERVING), '2920');
  Object.assign(riUpfront, { bill_bill_type: 'Purchase', reservation_reservation_a_r_n: RI_ARN });
  const spUpfront = cost(
    base('2024-10-01', 0, 'SavingsPlanUpfrontFee', { ...EC2, code: 'ComputeSavingsPlans' }),
    '1533',
  );
  Object.assign(spUpfront, { bill_bill_type: 'Purchase', savings_plan_savings_plan_a_r_n: SP_ARN });
  // A tiny S3 charge, a credit, a refund and tax
  const s3 = cost(base('2024-10-02', 9, 'Usage', S3), '0.000000123');
  Object.assign(s3, {
    line_item_usage_type: 'USE1-Requests-Tier2',
    line_item_resource_id: 'fabrikam-ml-datasets',
  });
  const credit = cost(base('2024-10-02', 0, 'Credit', EC2), '-25');
  credit.line_item_line_item_description = 'AWS Credits: Activate, promo';
  const refund = cost(base('2024-10-03', 0, 'Refund', EC2), '-4.2');
  Object.assign(refund, {
    bill_bill_type: 'Refund',
    line_item_line_item_description: 'Refund, overcharge Sept',
  });
  const tax = cost(base('2024-10-03', 0, 'Tax', EC2), '17.38');
  Object.assign(tax, {
    line_item_tax_type: 'SalesTax',
    line_item_line_item_description: 'Tax for product code AmazonEC2',
  });
  rows.push(riFee, riUpfront, spUpfront, s3, credit, refund, tax);
  return csv(CUR2_ALL_COLUMNS, rows);
}
