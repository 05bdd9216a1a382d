import { readFileSync } from 'node:fs';
import { ComputeManagementClient } from '@azure/arm-compute';
import { MonitorClient } from '@azure/arm-monitor';
import type { TokenCredential } from '@azure/identity';
import { DefaultAzureCredential } from '@azure/identity';
import { ConfigError } from '../../config/errors.js';
import type { IdleConfig } from '../../config/idle-schema.js';
import type { Fleet } from '../../core/idle/ports.js';
import type { FleetFactoryOptions } from '../prices.js';
import { type AzureScope, createAzureFleet } from './azure-fleet.js';

export type AzureConfig = NonNullable<IdleConfig['azure']>;

const staticToken = (token: string): TokenCredential => ({
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
});

function readCa(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`idle.azure.caFile ${file} cannot be read: ${(cause as Error).message}`, {
      cause,
    });
  }
}

export function azureFleetFromConfig(cfg: AzureConfig, o: FleetFactoryOptions): Fleet {
  return createAzureFleet({
    prices: o.prices,
    gpuMetric: cfg.gpuMetric,
    ...(o.pollIntervalMs !== undefined ? { pollIntervalMs: o.pollIntervalMs } : {}),
    scopes: azureScopesOf(cfg),
  });
}

/** One scope per subscription with its compute and monitor clients; doctor probes the same ones. */
export function azureScopesOf(cfg: AzureConfig): AzureScope[] {
  const credential = cfg.accessToken ? staticToken(cfg.accessToken) : new DefaultAzureCredential();
  const ca = readCa(cfg.caFile);
  const common = {
    ...(ca ? { tlsOptions: { ca } } : {}),
    ...(cfg.endpoint ? { credentials: { scopes: [`${cfg.endpoint.replace(/\/$/, '')}/.default`] } } : {}),
  };
  return cfg.subscriptions.map((subscription) => ({
    subscription,
    compute: new ComputeManagementClient(credential, subscription, {
      ...common,
      ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    }),
    // arm-monitor 7 builds request URLs from `$host` and uses `endpoint` for the pipeline: set both.
    monitor: new MonitorClient(credential, subscription, {
      ...(ca ? { tlsOptions: { ca } } : {}),
      ...(cfg.endpoint
        ? {
            endpoint: cfg.endpoint,
            $host: cfg.endpoint,
            credentialScopes: [`${cfg.endpoint.replace(/\/$/, '')}/.default`],
          }
        : {}),
    }),
  }));
}
