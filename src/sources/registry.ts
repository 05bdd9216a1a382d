import type { SourcesConfig } from '../config/sources-schema.js';
import type { BillingSource, PermissionSet } from '../core/billing-source.js';
import type { CloudId } from '../core/providers.js';
import { AWS_PERMISSIONS, makeAwsSource } from './aws/source.js';
import { AZURE_PERMISSIONS, makeAzureSource } from './azure/source.js';
import { GCP_PERMISSIONS, makeGcpSource } from './gcp/source.js';
import { type RetryPolicy, retryPolicyOf } from './retry.js';
import type { SourceSecrets } from './secrets.js';

export interface SourceFactory {
  permissions: PermissionSet;
  /**
   * The source as configured, or undefined when the config has no enabled section for it. The retry
   * policy defaults to `sources.retry`, the request timeout is `sources.requestTimeoutMs`.
   */
  make(config: SourcesConfig, retry?: RetryPolicy, secrets?: SourceSecrets): BillingSource | undefined;
}

/** Live billing sources by name (the `--source` values and the config sections). */
export const SOURCE_REGISTRY: Readonly<Record<CloudId, SourceFactory>> = {
  aws: {
    permissions: AWS_PERMISSIONS,
    make: (c, retry) =>
      c.aws?.enabled ? makeAwsSource(c.aws, retry ?? retryPolicyOf(c), c.requestTimeoutMs) : undefined,
  },
  gcp: {
    permissions: GCP_PERMISSIONS,
    make: (c, retry, secrets) =>
      c.gcp?.enabled
        ? makeGcpSource(c.gcp, retry ?? retryPolicyOf(c), secrets, c.requestTimeoutMs)
        : undefined,
  },
  azure: {
    permissions: AZURE_PERMISSIONS,
    make: (c, retry, secrets) =>
      c.azure?.enabled
        ? makeAzureSource(c.azure, retry ?? retryPolicyOf(c), secrets, c.requestTimeoutMs)
        : undefined,
  },
};
