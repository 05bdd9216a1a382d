import { csv, DAYS, seeded, times } from './shared.js';

// An Azure cost details export of a Microsoft Customer Agreement account, actual and amortized cost,
// with the columns of the MCA "cost and usage details file schema" (version 2023-12-01-preview) in the
// schema's order (learn.microsoft.com/azure/cost-management-billing/dataset-schema/cost-usage-details-mca).
// Actual cost puts a reservation or savings plan on its purchase and its usage at 0; amortized cost
// spreads it over the usage and shows the unused part as UnusedReservation / UnusedSavingsPlan, with no
// purchase rows (learn.microsoft.com/azure/cost-management-billing/reservations/
// understand-reserved-instance-usage-ea and .../savings-plan/utilization-cost-reports).

export const MCA_COLUMNS = [
  'invoiceId', 'previousInvoiceId', 'billingAccountId', 'billingAccountName', 'billingProfileId',
  'billingProfileName', 'invoiceSectionId', 'invoiceSectionName', 'resellerName', 'resellerMpnId',
  'costCenter', 'billingPeriodEndDate', 'billingPeriodStartDate', 'servicePeriodEndDate',
  'servicePeriodStartDate', 'date', 'serviceFamily', 'productOrderId', 'productOrderName',
  'consumedService', 'meterId', 'meterName', 'meterCategory', 'meterSubCategory', 'meterRegion',
  'ProductId', 'ProductName', 'SubscriptionId', 'subscriptionName', 'publisherType', 'publisherId',
  'publisherName', 'resourceGroupName', 'ResourceId', 'resourceLocation', 'location', 'effectivePrice',
  'quantity', 'unitOfMeasure', 'chargeType', 'billingCurrency', 'pricingCurrency',
  'costInBillingCurrency', 'costInPricingCurrency', 'costInUsd', 'paygCostInBillingCurrency',
  'paygCostInUsd', 'exchangeRatePricingToBilling', 'exchangeRateDate', 'isAzureCreditEligible',
  'serviceInfo1', 'serviceInfo2', 'additionalInfo', 'tags', 'PayGPrice', 'frequency', 'term',
  'reservationId', 'reservationName', 'pricingModel', 'unitPrice', 'costAllocationRuleName',
  'benefitId', 'benefitName', 'provider',
] as const; // biome-ignore format: the schema's order, several to a line

type Row = Record<string, string>;
const ACCOUNT = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f:0f1e2d3c-4b5a-4968-8776-655443322110_2019-05-31';
const SUB = '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901';
const RG = `/subscriptions/${SUB}/resourceGroups/ml-prod/providers`;
const RESERVATION = '/providers/Microsoft.Capacity/reservationOrders/5a6b7c8d-1111-4222-8333-944455556666';
const SAVINGS_PLAN =
  '/providers/Microsoft.BillingBenefits/savingsPlanOrders/6b7c8d9e-2222-4333-8444-a55566667777';
const us = (day: string) => `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`;
const tags = (o: Record<string, string>) =>
  JSON.stringify(o).replaceAll('":"', '": "').replaceAll('","', '", "');

/** The rows of one day: the actual-cost and the amortized-cost versions side by side. */
function base(day: string): Row {
  return {
    billingAccountId: ACCOUNT,
    billingAccountName: 'Fabrikam ML, Inc.',
    billingProfileId: 'AB12-CD34-EF5-GH6',
    billingProfileName: 'Fabrikam ML US',
    invoiceSectionId: 'IJ78-KL9-MN0',
    invoiceSectionName: 'Research, Applied',
    billingPeriodStartDate: '10/01/2024',
    billingPeriodEndDate: '10/31/2024',
    date: us(day),
    SubscriptionId: SUB,
    subscriptionName: 'ml-prod',
    resourceGroupName: 'ml-prod',
    billingCurrency: 'USD',
    pricingCurrency: 'USD',
    exchangeRatePricingToBilling: '1',
    exchangeRateDate: '10/01/2024',
    isAzureCreditEligible: 'True',
    provider: 'Azure',
    publisherType: 'Microsoft',
    publisherName: 'Microsoft',
    chargeType: 'Usage',
    frequency: 'UsageBased',
    pricingModel: 'OnDemand',
  };
}

const withCost = (r: Row, cost: string, payg = cost): Row => ({
  ...r,
  costInBillingCurrency: cost,
  costInPricingCurrency: cost,
  costInUsd: cost,
  paygCostInBillingCurrency: payg,
  paygCostInUsd: payg,
});

export function azureMcaFixtures(): { actual: string; amortized: string } {
  const rnd = seeded(2023);
  const actual: Row[] = [];
  const amortized: Row[] = [];
  const both = (r: Row) => {
    actual.push(r);
    amortized.push(r);
  };
  for (const day of DAYS) {
    const vm = {
      ...base(day),
      serviceFamily: 'Compute',
      consumedService: 'Microsoft.Compute',
      meterCategory: 'Virtual Machines',
      meterSubCategory: 'NCads A100 v4 Series',
      meterName: 'NC24ads A100 v4',
      meterRegion: 'US East',
      ProductName: 'Virtual Machines NCads A100 v4 Series - NC24ads A100 v4 - US East',
      resourceLocation: 'eastus',
      location: 'US East',
      unitOfMeasure: '1 Hour',
      additionalInfo:
        '{"UsageType":"ComputeHR","ImageType":"Canonical","ServiceType":"Standard_NC24ads_A100_v4","VCPUs":24}',
    };
    // On-demand hours, tagged (the tags value is quoted: it holds commas and quotes)
    for (const n of [1, 2]) {
      const cost = rnd.amount(60, 80, 8);
      both(
        withCost(
          {
            ...vm,
            ResourceId: `${RG}/Microsoft.Compute/virtualMachines/train-a100-${n}`,
            effectivePrice: '3.673',
            quantity: '20',
            tags: tags({ model: 'llama3-70b', stage: 'train', team: 'research, applied' }),
          },
          cost,
        ),
      );
    }
    // Reserved hours: 0 in actual cost, the reservation's rate amortized
    const reserved = {
      ...vm,
      ResourceId: `${RG}/Microsoft.Compute/virtualMachines/serve-a100-1`,
      quantity: '24',
      pricingModel: 'Reservation',
      reservationId: `${RESERVATION}/reservations/7c8d9e0f-3333-4444-8555-b66677778888`,
      reservationName: 'serve-a100, 1 year',
      benefitId: RESERVATION,
      benefitName: 'serve-a100, 1 year',
      term: '12',
      tags: tags({ model: 'gemma-7b', stage: 'serve' }),
    };
    const ri = rnd.amount(40, 50, 8);
    actual.push(withCost({ ...reserved, effectivePrice: '0' }, '0', '88.152'));
    amortized.push(withCost({ ...reserved, effectivePrice: times(ri, 1 / 24, 8) }, ri, '88.152'));
    // Savings plan covered hours: likewise
    const covered = {
      ...vm,
      ResourceId: `${RG}/Microsoft.Compute/virtualMachines/eval-a100-1`,
      quantity: '10',
      pricingModel: 'SavingsPlan',
      benefitId: SAVINGS_PLAN,
      benefitName: 'compute-sp, 3 years',
      term: '36',
      tags: tags({ model: 'llama3-70b', stage: 'eval' }),
    };
    const sp = rnd.amount(20, 25, 8);
    actual.push(withCost({ ...covered, effectivePrice: '0' }, '0', '36.73'));
    amortized.push(withCost({ ...covered, effectivePrice: times(sp, 0.1, 8) }, sp, '36.73'));
    // Unused commitment, amortized cost only
    const unused = { ...base(day), serviceFamily: 'Compute', quantity: '1', unitOfMeasure: '1 Hour' };
    amortized.push(
      withCost(
        { ...unused, ...reserved, tags: '', ResourceId: '', chargeType: 'UnusedReservation' },
        rnd.amount(1, 3, 8),
      ),
      withCost(
        { ...unused, ...covered, tags: '', ResourceId: '', chargeType: 'UnusedSavingsPlan' },
        rnd.amount(0, 2, 8),
      ),
    );
    // Marketplace usage: names with commas
    both(
      withCost(
        {
          ...base(day),
          publisherType: 'Marketplace',
          publisherName: 'Contoso Data, Ltd.',
          publisherId: 'contoso-data',
          ProductName: 'Vector DB, Enterprise (per hour, billed hourly)',
          serviceFamily: 'Databases',
          meterCategory: 'SaaS',
          ResourceId: `${RG}/Microsoft.SaaS/resources/vector-db`,
          quantity: '24',
          unitOfMeasure: '1 Hour',
        },
        rnd.amount(2, 3, 6),
      ),
    );
  }
  // Month-start purchases: in actual cost only
  const purchase = {
    ...base('2024-10-01'),
    chargeType: 'Purchase',
    frequency: 'Recurring',
    serviceFamily: 'Compute',
  };
  actual.push(
    withCost(
      {
        ...purchase,
        pricingModel: 'Reservation',
        benefitId: RESERVATION,
        benefitName: 'serve-a100, 1 year',
        ProductName: 'Reserved VM Instance, NC24ads A100 v4, US East, 1 Year',
      },
      '1340.5',
    ),
    withCost(
      {
        ...purchase,
        pricingModel: 'SavingsPlan',
        benefitId: SAVINGS_PLAN,
        benefitName: 'compute-sp, 3 years',
        ProductName: 'Compute savings plan, 3 years',
      },
      '730',
    ),
  );
  // A refund and a rounding adjustment, in both
  both(
    withCost(
      { ...base('2024-10-02'), chargeType: 'Refund', ProductName: 'Refund, Virtual Machines' },
      '-12.34',
    ),
  );
  both(withCost({ ...base('2024-10-03'), chargeType: 'RoundingAdjustment' }, '0.000012'));
  return { actual: csv(MCA_COLUMNS, actual, '\r\n'), amortized: csv(MCA_COLUMNS, amortized, '\r\n') };
}
