import { z } from 'zod';
import { ingestClusters } from '../src/app/cluster-ingest.js';
import { ingest, type SourceResult } from '../src/app/ingest.js';
import type { AttributionConfig } from '../src/core/attribution/types.js';
import {
  type BillingSource,
  type SourceStatusStore,
  trailingWindow,
  type WindowSettings,
} from '../src/core/billing-source.js';
import type { ClusterPull } from '../src/core/clusters/pull.js';
import type { AllocationStore, ClusterSpec } from '../src/core/clusters/types.js';
import { utcDay } from '../src/core/day.js';
import { formatMoney } from '../src/core/money.js';
import type { IamGrant } from '../src/core/permissions.js';
import type { Clock, CostStore } from '../src/core/ports.js';
import { directPayload, isScheduled, payloadDay } from '../src/lambda/events.js';
import { awsPermissionGrants, invokeGrant, logGrant, parameterGrant } from '../src/lambda/grants.js';
import { type Logger, lambdaLogger } from '../src/lambda/logger.js';
import { parameterNames } from '../src/lambda/secrets.js';
import { coldStart } from '../src/lambda/wiring.js';
import { openCostPull } from '../src/sources/opencost/pull.js';
import { SOURCE_REGISTRY } from '../src/sources/registry.js';
import type { SourceSecrets } from '../src/sources/secrets.js';
import {
  ALLOCATION_STORE,
  COST_STORE_WRITE,
  SOURCE_STATUS_STORE,
} from '../src/store/dynamodb/permissions.js';

export interface IngestDeps {
  sources: readonly BillingSource[];
  attribution: AttributionConfig;
  window: WindowSettings;
  store: CostStore;
  status: SourceStatusStore;
  clock: Clock;
  log: Logger;
  /** Shared GPU clusters with an OpenCost URL (reachable from the function's network), and where their allocations go. */
  clusters?: readonly ClusterSpec[];
  pullCluster?: ClusterPull;
  allocations?: AllocationStore;
}

/** A direct invocation (`serverless invoke -f ingest -d '{...}'`): re-pull some days or sources. */
const onDemand = z.strictObject({
  from: payloadDay.optional(),
  to: payloadDay.optional(),
  sources: z.array(z.string()).min(1).optional(),
  dryRun: z.boolean().optional(),
});

/** What the function returns: Lambda Destinations hand it to `detect`. */
export interface IngestSummary {
  from: string;
  to: string;
  dryRun: boolean;
  sources: {
    source: string;
    ok: boolean;
    facts: number;
    completeUpTo?: string;
    error?: string;
    stale: boolean;
    /** Provider-days checked against the store after the write, and how many differed. */
    reconciliation?: { checked: number; mismatched: number };
  }[];
  /** OpenCost pulls of the shared clusters, when any is configured with a URL. */
  clusters?: { cluster: string; ok: boolean; allocations: number; error?: string }[];
}

export function makeHandler(load: () => Promise<IngestDeps>) {
  return async (event: unknown): Promise<IngestSummary> => {
    const deps = await load();
    const today = utcDay(deps.clock.now());
    const window = trailingWindow(today, deps.window);
    let req: z.output<typeof onDemand> = {};
    if (!isScheduled(event)) {
      req = directPayload('ingest', onDemand, event);
    }
    const range = { from: req.from ?? window.from, to: req.to ?? (req.from ? today : window.to) };
    const sources = req.sources ? deps.sources.filter((s) => req.sources?.includes(s.name)) : deps.sources;
    // Allocations first, so the clouds' cluster spend is split as it is written.
    const clusters = req.sources && !req.sources.includes('opencost') ? [] : (deps.clusters ?? []);
    const clusterResults =
      clusters.length && deps.pullCluster && deps.allocations
        ? await ingestClusters({
            clusters,
            pull: deps.pullCluster,
            range,
            store: deps.store,
            allocations: deps.allocations,
            attribution: deps.attribution,
            clock: deps.clock,
            dryRun: req.dryRun === true,
            onClusterDone: (r) =>
              (r.ok ? deps.log.info : deps.log.error)('cluster done', {
                cluster: r.cluster,
                ok: r.ok,
                allocations: r.allocations,
                requests: r.requests,
                ...(r.error ? { error: r.error } : {}),
              }),
          })
        : [];
    const results = await ingest({
      ...(deps.allocations ? { allocations: deps.allocations } : {}),
      sources,
      range,
      attribution: deps.attribution,
      store: deps.store,
      status: deps.status,
      clock: deps.clock,
      dryRun: req.dryRun === true,
      onSourceDone: (r) =>
        (r.ok && r.reconciliation?.ok !== false ? deps.log.info : deps.log.error)(
          'source done',
          logFields(r),
        ),
    });
    const summary: IngestSummary = {
      ...range,
      dryRun: req.dryRun === true,
      sources: results.map((r) => ({
        source: r.source,
        ok: r.ok,
        facts: r.facts,
        ...(r.completeUpTo ? { completeUpTo: r.completeUpTo } : {}),
        ...(r.error ? { error: r.error.message } : {}),
        stale: r.stale,
        ...(r.reconciliation
          ? {
              reconciliation: {
                checked: r.reconciliation.entries.length,
                mismatched: r.reconciliation.mismatches.length,
              },
            }
          : {}),
      })),
      ...(clusterResults.length
        ? {
            clusters: clusterResults.map((r) => ({
              cluster: r.cluster,
              ok: r.ok,
              allocations: r.allocations,
              ...(r.error ? { error: r.error.message } : {}),
            })),
          }
        : {}),
    };
    // Every source failed: fail the invocation, so Lambda retries it and `detect` is not chained.
    if (results.length > 0 && results.every((r) => !r.ok)) {
      throw new Error(
        `ingest: every source failed: ${summary.sources.map((s) => `${s.source}: ${s.error}`).join('; ')}`,
      );
    }
    return summary;
  };
}

const logFields = (r: SourceResult) => ({
  source: r.source,
  ok: r.ok,
  facts: r.facts,
  requests: r.stats.requests,
  bytesScanned: r.stats.bytesScanned,
  ...(r.error ? { error: r.error } : {}),
  ...(r.reconciliation?.ok === false
    ? {
        reconciliationMismatches: r.reconciliation.mismatches.slice(0, 10).map((e) => ({
          provider: e.provider,
          day: e.day,
          currency: e.currency,
          source: formatMoney(e.source.billedCost, 12),
          stored: formatMoney(e.stored.billedCost, 12),
        })),
      }
    : {}),
});

/** What this function's role may do: exactly the adapters the default wiring below uses. */
export const grants: readonly IamGrant[] = [
  logGrant('ingest'),
  parameterGrant('config'),
  parameterGrant('gcpServiceAccountKey'),
  parameterGrant('azureClientSecret'),
  ...awsPermissionGrants(SOURCE_REGISTRY.aws?.permissions ?? { cloud: 'aws', actions: [] }),
  ...COST_STORE_WRITE,
  ...SOURCE_STATUS_STORE,
  ...ALLOCATION_STORE,
  // Lambda Destinations invoke `detect` with this function's role after a successful run.
  invokeGrant('detect'),
];

async function sourceSecrets(config: { gcp?: boolean; azure?: boolean }): Promise<SourceSecrets> {
  const c = coldStart();
  const names = parameterNames(c.env.parameterPrefix);
  // Only the secrets of enabled sources are read, and only from the secret store.
  return {
    ...(config.gcp
      ? { gcpServiceAccountKey: JSON.parse(await c.params.get(names.gcpServiceAccountKey)) }
      : {}),
    ...(config.azure ? { azureClientSecret: JSON.parse(await c.params.get(names.azureClientSecret)) } : {}),
  };
}

export const handler = makeHandler(async () => {
  const c = coldStart();
  const config = await c.config();
  const remote = (s?: { enabled: boolean; credential: string }) =>
    s?.enabled === true && s.credential === 'default';
  const secrets = await sourceSecrets({
    gcp: remote(config.sources.gcp),
    azure: remote(config.sources.azure),
  });
  const sources = Object.values(SOURCE_REGISTRY).flatMap((f) => f.make(config.sources, { secrets }) ?? []);
  return {
    sources,
    attribution: config.attribution,
    window: config.sources,
    store: c.stores.cost,
    status: c.stores.sources,
    clock: c.clock,
    log: lambdaLogger('ingest'),
    clusters: config.attribution.clusters.filter((x) => x.opencost),
    pullCluster: openCostPull(config.sources),
    allocations: c.stores.allocations,
  };
});
