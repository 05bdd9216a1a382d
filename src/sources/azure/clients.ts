import { readFileSync } from 'node:fs';
import { CostManagementClient } from '@azure/arm-costmanagement';
import { ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { ConfigError } from '../../config/errors.js';

export interface AzureClientOptions {
  /** ARM root for sovereign clouds and local endpoints (default https://management.azure.com). */
  endpoint?: string;
  credential: 'default' | 'anonymous';
  /** PEM to trust for `endpoint`, in this client only (never process-wide). */
  ca?: string;
  /** A service principal's secret read from a secret store; otherwise DefaultAzureCredential. */
  clientSecret?: AzureClientSecret;
}

export interface AzureClientSecret {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** For local endpoints only: a bearer token that no real endpoint accepts. */
export const anonymousCredential: TokenCredential = {
  getToken: async () => ({ token: 'anonymous', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

export function readCa(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`sources.azure.caFile: cannot read ${file}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

// maxRetries 0: the adapter retries 429s itself (it reads Cost Management's own retry header) and
// counts every query.
export function makeCostManagementClient(o: AzureClientOptions): CostManagementClient {
  const credential =
    o.credential === 'anonymous'
      ? anonymousCredential
      : o.clientSecret
        ? new ClientSecretCredential(
            o.clientSecret.tenantId,
            o.clientSecret.clientId,
            o.clientSecret.clientSecret,
          )
        : new DefaultAzureCredential();
  return new CostManagementClient(credential, {
    retryOptions: { maxRetries: 0 },
    ...(o.endpoint ? { endpoint: o.endpoint, $host: o.endpoint } : {}),
    ...(o.ca ? { tlsOptions: { ca: o.ca } } : {}),
  });
}
