import { type GcpBillingDirectory, gpuSku } from '../../../../src/sim/fakes/gcp-billing.js';
import { COMPUTE_ENGINE_SERVICE } from '../../../../src/sources/gcp/catalog.js';

export const GCP_ACCOUNT = '01A2B3-C4D5E6-F7A8B9';

/** Billing accounts, linked projects and Compute Engine SKUs (GPU and not) for the Billing fakes. */
export const gcpDirectory = (over: Partial<GcpBillingDirectory> = {}): GcpBillingDirectory => ({
  accounts: [
    { id: '000000-111111-222222', displayName: 'Sandbox', open: false },
    { id: GCP_ACCOUNT, displayName: 'ML platform' },
    { id: '333333-444444-555555', displayName: 'Marketing' },
  ],
  projects: [
    { projectId: 'ml-train', billingAccount: GCP_ACCOUNT },
    { projectId: 'ml-serve', billingAccount: GCP_ACCOUNT },
    { projectId: 'ml-eu', billingAccount: GCP_ACCOUNT },
    { projectId: 'ml-old', billingAccount: GCP_ACCOUNT, billingEnabled: false },
    { projectId: 'web', billingAccount: '333333-444444-555555' },
  ],
  skus: {
    [COMPUTE_ENGINE_SERVICE]: [
      gpuSku({
        skuId: '039F-D0DA-4055',
        description: 'Nvidia Tesla T4 GPU running in Americas',
        regions: ['us-central1', 'us-east1'],
        price: '0.35',
      }),
      gpuSku({
        skuId: '1A2B-T4SP-0001',
        description: 'Spot Preemptible Nvidia Tesla T4 GPU running in Americas',
        regions: ['us-central1'],
        price: '0.14',
        usageType: 'Preemptible',
      }),
      gpuSku({
        skuId: 'A100-0000-0001',
        description: 'Nvidia Tesla A100 GPU running in Americas',
        regions: ['us-central1'],
        price: '2.933908',
      }),
      gpuSku({
        skuId: 'A100-80GB-0001',
        description: 'Nvidia A100 80GB GPU running in Belgium',
        regions: ['europe-west4'],
        price: '4.5184',
      }),
      gpuSku({
        skuId: 'L4-000000-0001',
        description: 'Nvidia L4 GPU running in Netherlands',
        regions: ['europe-west4'],
        price: '0.000198147',
        unit: 's',
      }),
      gpuSku({
        skuId: 'H100-00000-001',
        description: 'Nvidia H100 80GB GPU running in Americas',
        regions: ['us-central1'],
        price: '11.061250015',
      }),
      gpuSku({
        skuId: 'T4VW-00000-001',
        description: 'Nvidia Tesla T4 Virtual Workstation GPU running in Americas',
        regions: ['us-central1'],
        price: '0.55',
      }),
      gpuSku({
        skuId: 'CMT1-00000-001',
        description: 'Commitment v1: Nvidia Tesla T4 GPU in Americas for 1 Year',
        regions: ['us-central1'],
        price: '0.22',
        usageType: 'Commit1Yr',
      }),
      {
        ...gpuSku({
          skuId: 'N1CORE-0000001',
          description: 'N1 Predefined Instance Core running in Americas',
          regions: ['us-central1'],
          price: '0.031611',
        }),
        category: {
          serviceDisplayName: 'Compute Engine',
          resourceFamily: 'Compute',
          resourceGroup: 'N1Standard',
          usageType: 'OnDemand',
        },
      },
    ],
  },
  pageSize: 2,
  ...over,
});
