import { type Money, parseMoney } from '../core/money.js';

/**
 * On-demand Linux list prices in USD per hour, from each cloud's public price list (AWS us-east-1,
 * Google Cloud us-central1, Azure eastus), November 2026. Savings are estimates: discounts, other
 * regions and Windows licences are not modelled. `idle.prices` in the config replaces entries, so a
 * team can refresh or localize the table without a release.
 */
export const SHIPPED_PRICES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws: {
    'g4dn.xlarge': '0.526',
    'g4dn.12xlarge': '3.912',
    'g5.xlarge': '1.006',
    'g5.12xlarge': '5.672',
    'g5.48xlarge': '16.288',
    'g6.xlarge': '0.8048',
    'g6e.xlarge': '1.861',
    'p3.2xlarge': '3.06',
    'p3.8xlarge': '12.24',
    'p4d.24xlarge': '32.7726',
    'p5.48xlarge': '98.32',
    'inf2.xlarge': '0.7582',
    'inf2.48xlarge': '12.9813',
    'trn1.2xlarge': '1.3438',
    'trn1.32xlarge': '21.50',
  },
  gcp: {
    'a2-highgpu-1g': '3.673385',
    'a2-highgpu-8g': '29.387081',
    'a2-ultragpu-1g': '5.06879789',
    'a3-highgpu-8g': '88.253',
    'g2-standard-4': '0.70683228',
    'g2-standard-8': '0.85362',
    'n1-standard-4': '0.189999',
    'n1-standard-8': '0.379998',
    'n1-standard-16': '0.759996',
    // Guest accelerators are billed per GPU on top of the machine type.
    'gpu:nvidia-tesla-t4': '0.35',
    'gpu:nvidia-tesla-v100': '2.48',
    'gpu:nvidia-l4': '0.5599',
  },
  azure: {
    Standard_NC4as_T4_v3: '0.526',
    Standard_NC6s_v3: '3.06',
    Standard_NC24ads_A100_v4: '3.673',
    Standard_ND96asr_v4: '27.197',
    Standard_NV6ads_A10_v5: '0.454',
    Standard_NV36ads_A10_v5: '3.20',
  },
};

export interface Accelerator {
  type: string;
  count: number;
}

export type PriceLookup = (
  provider: string,
  instanceType: string,
  accelerators?: readonly Accelerator[],
) => Money | undefined;

/** What every fleet factory (aws/gcp/azure *-from-config.ts) takes besides its config section. */
export interface FleetFactoryOptions {
  prices: PriceLookup;
  /** Azure: poll interval of long-running operations (deallocate, tag); tests shorten it. */
  pollIntervalMs?: number;
}

/**
 * Looks prices up in the shipped table with `overrides` on top. An instance with an accelerator the
 * table lacks has no price (undefined) rather than a price too low.
 */
export function priceTable(
  overrides: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
): PriceLookup {
  const table = new Map<string, Money>();
  for (const source of [SHIPPED_PRICES, overrides]) {
    for (const [provider, types] of Object.entries(source)) {
      for (const [type, price] of Object.entries(types)) table.set(`${provider}/${type}`, parseMoney(price));
    }
  }
  return (provider, instanceType, accelerators = []) => {
    const base = table.get(`${provider}/${instanceType}`);
    if (base === undefined) return undefined;
    let total = base;
    for (const a of accelerators) {
      const each = table.get(`${provider}/gpu:${a.type}`);
      if (each === undefined) return undefined;
      total += each * BigInt(a.count);
    }
    return total;
  };
}
