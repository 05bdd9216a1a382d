import { formatMoney, type Money, parseMoney } from '../core/money.js';
import { clusterRows, simClusterSpecs } from './clusters.js';
import type { AwsBillingWorld } from './fakes/aws-cost-explorer.js';
import type { TaggedResource } from './fakes/aws-tagging.js';
import type { AzureBillingWorld } from './fakes/azure-cost-management.js';
import type { GcpBillingWorld } from './fakes/gcp-bigquery.js';
import { ACCOUNTS } from './org.js';
import { type SimSpend, type SpendRow, simulateSpend } from './spend.js';

export const SIM_BILLING = {
  aws: '110987654321',
  gcp: '01A2B3-C4D5E6-F7A8B9',
  azure: 'EA-8611537',
} as const;
export const SIM_BQ_TABLE = 'helix-billing.billing_export.gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9';

/** The simulated organisation's spend, served by each cloud's fake in its own shape. */
export interface SimWorld extends SimSpend {
  end: string;
  aws: AwsBillingWorld;
  gcp: GcpBillingWorld;
  azure: AzureBillingWorld;
  /** AWS resources as the Resource Groups Tagging API lists them (the tag coverage report). */
  taggedResources: TaggedResource[];
}

export function buildWorld(options: { seed?: number; end: string; days?: number }): SimWorld {
  const spend = simulateSpend(options.seed ?? 42, options.end, options.days ?? 120);
  // The shared GPU clusters bill every day, whatever the seed (src/sim/clusters.ts).
  for (const day of spend.days) spend.rows.push(...clusterRows(day));
  const of = (cloud: SpendRow['cloud']) => spend.rows.filter((r) => r.cloud === cloud);
  const names = (cloud: SpendRow['cloud']) =>
    Object.fromEntries(ACCOUNTS.filter((a) => a.cloud === cloud).map((a) => [a.id, a.name]));
  const resources = new Map<string, TaggedResource>();
  for (const r of of('aws')) {
    const kind = r.service.includes('Compute')
      ? 'instance'
      : r.service.includes('Private Cloud')
        ? 'natgateway'
        : 'bucket';
    const id = `${kind}/${r.model ?? 'shared'}-${r.stage ?? 'net'}`;
    const arn = `arn:aws:ec2:${r.region || 'us-east-1'}:${r.account}:${id}`;
    resources.set(arn, { arn, tags: r.tags });
  }
  return {
    ...spend,
    end: options.end,
    taggedResources: [...resources.values()],
    aws: {
      rows: of('aws').map((r) => ({
        day: r.day,
        account: r.account,
        service: r.service,
        tags: r.tags,
        unblended: r.billed,
        amortized: r.effective,
        currency: r.currency,
      })),
      accountNames: names('aws'),
      // Cost Explorer marks the last two days as estimates that may still change.
      estimatedFrom: spend.days.at(-2) ?? options.end,
      pageSize: 500,
    },
    gcp: {
      table: SIM_BQ_TABLE,
      rows: of('gcp').map((r) => ({
        day: r.day,
        project: r.account,
        projectName: names('gcp')[r.account],
        service: r.service,
        region: r.region,
        labels: r.tags,
        cost: r.billed,
        credits: formatMoney(parseMoney(r.effective) - parseMoney(r.billed), 12),
        currency: r.currency,
        exportRows: 24,
      })),
      pageSize: 1000,
    },
    azure: {
      rows: of('azure').map((r) => ({
        day: r.day,
        subscription: r.account,
        service: r.service,
        tags: r.tags,
        actual: r.billed,
        amortized: r.effective,
        currency: r.currency,
      })),
      pageSize: 1000,
    },
  };
}

export interface TruthRow {
  model: string;
  stage: string;
  currency: string;
  billed: Money;
  effective: Money;
}

/**
 * Ground truth per (model, stage, currency) over [from, to], from the world's own knowledge of whose
 * spend each row is: independent of costguard's attribution. Untagged spend is `unattributed`.
 */
export function truthByModelStage(
  world: SimSpend,
  from: string,
  to: string,
  unattributed = 'unattributed',
  /** Cluster spend as costguard shows it once OpenCost's allocations split it, or before ('unsplit'). */
  clusters: 'split' | 'unsplit' = 'split',
): TruthRow[] {
  const by = new Map<string, TruthRow>();
  const add = (model: string, stage: string, currency: string, billed: Money, effective: Money) => {
    const k = `${model}\u001f${stage}\u001f${currency}`;
    const t = by.get(k) ?? { model, stage, currency, billed: 0n, effective: 0n };
    t.billed += billed;
    t.effective += effective;
    by.set(k, t);
  };
  for (const r of world.rows) {
    if (r.day < from || r.day > to) continue;
    if (r.parts && (clusters === 'split' || r.parts.every((p) => p.byRule))) {
      // Cluster rows bill the same amount as billed and effective: each part is both.
      for (const p of r.parts) {
        const a = parseMoney(p.amount);
        add(p.model ?? unattributed, p.stage ?? unattributed, r.currency, a, a);
      }
      continue;
    }
    const model = r.cluster ? `${r.cluster} (unsplit)` : (r.model ?? unattributed);
    add(model, r.stage ?? unattributed, r.currency, parseMoney(r.billed), parseMoney(r.effective));
  }
  return [...by.values()].sort((a, b) =>
    a.effective < b.effective ? 1 : a.effective > b.effective ? -1 : 0,
  );
}

/** The attribution config that reads the world's tags: stage spellings fold back through aliases. */
export const SIM_ATTRIBUTION = {
  dimensions: {
    // app.kubernetes.io/name: a cluster workload labelled the Kubernetes way (src/sim/clusters.ts).
    model: { tagKeys: ['model', 'app.kubernetes.io/name'] },
    stage: {
      tagKeys: ['stage'],
      valueAliases: { production: 'serve', prod: 'serve', training: 'train', development: 'dev' },
    },
  },
  unattributed: 'unattributed',
  rules: [],
  sharedCosts: [],
  clusters: simClusterSpecs(),
};
