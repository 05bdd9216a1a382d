import type { CloudCatalogClient, protos } from '@google-cloud/billing';
import type { PullStats } from '../../core/billing-source.js';
import type { RetryPolicy } from '../../core/cloud-call.js';
import type { Money } from '../../core/money.js';
import { listAllPages, ONE_PAGE } from './gapic-pages.js';

type Sku = protos.google.cloud.billing.v1.ISku;
type SkusRequest = protos.google.cloud.billing.v1.IListSkusRequest;

/** Compute Engine in the Cloud Catalog (GPUs are Compute Engine SKUs). */
export const COMPUTE_ENGINE_SERVICE = 'services/6F81-5844-456A';

export type GpuUsageType = 'OnDemand' | 'Preemptible';

export interface GpuPrice {
  /** Compute Engine accelerator type, as instances and `gcloud compute accelerator-types` name it. */
  acceleratorType: string;
  region: string;
  usageType: GpuUsageType;
  currency: string;
  /** Price of one GPU for one hour. */
  hourly: Money;
  skuId: string;
  description: string;
}

// Catalog descriptions name GPUs in prose ("Nvidia Tesla T4 GPU running in Americas", "Nvidia H100
// 80GB GPU running in Americas"). Longer names first: "A100 80GB" before "A100", "H100 Mega" before "H100".
const ACCELERATORS: readonly [RegExp, string][] = [
  [/\bH100\b.*\bMega\b/i, 'nvidia-h100-mega-80gb'],
  [/\bH100\b/i, 'nvidia-h100-80gb'],
  [/\bH200\b/i, 'nvidia-h200-141gb'],
  [/\bB200\b/i, 'nvidia-b200'],
  [/\bA100\b.*\b80\s?GB\b/i, 'nvidia-a100-80gb'],
  [/\bA100\b/i, 'nvidia-tesla-a100'],
  [/\bL4\b/i, 'nvidia-l4'],
  [/\bT4\b/i, 'nvidia-tesla-t4'],
  [/\bV100\b/i, 'nvidia-tesla-v100'],
  [/\bP100\b/i, 'nvidia-tesla-p100'],
  [/\bP4\b/i, 'nvidia-tesla-p4'],
  [/\bK80\b/i, 'nvidia-tesla-k80'],
];

// Not a plain hourly rate of the GPU: commitments, reservations, DWS/calendar capacity, and licences.
const NOT_HOURLY = /commitment|reserv|\bDWS\b|calendar|flex[- ]start|licen[cs]e/i;

/** The accelerator type a catalog description names, or undefined when it is no (plain) GPU SKU. */
export function acceleratorTypeOf(description: string): string | undefined {
  if (!/\bGPU\b/i.test(description) || NOT_HOURLY.test(description)) return undefined;
  const hit = ACCELERATORS.find(([re]) => re.test(description));
  if (!hit) return undefined;
  // Virtual Workstation SKUs include the NVIDIA RTX licence: Compute Engine names them apart.
  return /virtual workstation/i.test(description) ? `${hit[1]}-vws` : hit[1];
}

const SECONDS_PER: Readonly<Record<string, bigint>> = { h: 3600n, min: 60n, s: 1n };

/** google.type.Money (int64 units as a string in JSON, nanos) to Money, exactly. */
function moneyOf(units: unknown, nanos: unknown): Money {
  return BigInt(String(units ?? '0')) * 10n ** 12n + BigInt(Number(nanos ?? 0)) * 1000n;
}

/**
 * Pure: the hourly GPU prices among catalog SKUs. Keeps on-demand and spot (Preemptible) SKUs whose
 * description names a known accelerator; takes the latest pricing and its first tier (GPU SKUs have
 * one tier) and converts the usage unit to hours. One price per SKU and region it is sold in.
 */
export function gpuPricesFromSkus(skus: readonly Sku[]): GpuPrice[] {
  const out: GpuPrice[] = [];
  for (const sku of skus) {
    const usageType = sku.category?.usageType;
    if (usageType !== 'OnDemand' && usageType !== 'Preemptible') continue;
    const acceleratorType = acceleratorTypeOf(sku.description ?? '');
    if (!acceleratorType) continue;
    const pricing = [...(sku.pricingInfo ?? [])].sort((a, b) =>
      String(a.effectiveTime ?? '') < String(b.effectiveTime ?? '') ? 1 : -1,
    )[0];
    const expr = pricing?.pricingExpression;
    const perUnit = SECONDS_PER[expr?.usageUnit ?? ''];
    const tier = [...(expr?.tieredRates ?? [])].sort(
      (a, b) => Number(a.startUsageAmount ?? 0) - Number(b.startUsageAmount ?? 0),
    )[0];
    if (!perUnit || !tier?.unitPrice) continue;
    const price = moneyOf(tier.unitPrice.units, tier.unitPrice.nanos);
    for (const region of sku.serviceRegions ?? []) {
      out.push({
        acceleratorType,
        region,
        usageType,
        currency: tier.unitPrice.currencyCode ?? 'USD',
        hourly: price * (3600n / perUnit),
        skuId: sku.skuId ?? '',
        description: sku.description ?? '',
      });
    }
  }
  return out;
}

/** Hourly GPU prices by accelerator type, region and usage type: what the idle guard multiplies by. */
export class GpuPriceTable {
  private readonly byKey = new Map<string, GpuPrice>();

  constructor(prices: readonly GpuPrice[]) {
    for (const p of prices) {
      const key = GpuPriceTable.key(p.acceleratorType, p.region, p.usageType);
      // Two SKUs for one key would be a catalog oddity; the first (catalog order) stays, deterministically.
      if (!this.byKey.has(key)) this.byKey.set(key, p);
    }
  }

  private static key(type: string, region: string, usage: GpuUsageType): string {
    return `${type}\u001f${region}\u001f${usage}`;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The price of one GPU-hour, or undefined when the catalog sells no such GPU in the region. */
  hourly(acceleratorType: string, region: string, usage: GpuUsageType = 'OnDemand'): GpuPrice | undefined {
    return this.byKey.get(GpuPriceTable.key(acceleratorType, region, usage));
  }

  all(): GpuPrice[] {
    return [...this.byKey.values()];
  }
}

/** Lists every Compute Engine SKU (paged) and builds the GPU price table, prices in `currency`. */
export async function loadGpuPriceTable(
  client: CloudCatalogClient,
  stats: PullStats,
  o: { currency?: string; retry?: RetryPolicy } = {},
): Promise<GpuPriceTable> {
  const skus = await listAllPages(
    (req: SkusRequest) => client.listSkus(req, ONE_PAGE),
    { parent: COMPUTE_ENGINE_SERVICE, pageSize: 5000, ...(o.currency ? { currencyCode: o.currency } : {}) },
    { stats, ...(o.retry ? { retry: o.retry } : {}), what: `Cloud Catalog ${COMPUTE_ENGINE_SERVICE}/skus` },
  );
  stats.rows += skus.length;
  return new GpuPriceTable(gpuPricesFromSkus(skus));
}
