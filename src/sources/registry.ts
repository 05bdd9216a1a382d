import type { SourcesConfig } from '../config/sources-schema.js';
import type { BillingSource, PermissionSet } from '../core/billing-source.js';
import type { CloudId } from '../core/providers.js';
import { AWS_PERMISSIONS, makeAwsSource } from './aws/source.js';
import { AZURE_PERMISSIONS, makeAzureSource } from './azure/source.js';
import { GCP_PERMISSIONS, makeGcpSource } from './gcp/source.js';
import { retryPolicyOf } from './retry.js';
import type { SourceOptions } from './secrets.js';

export interface SourceFactory {
  permissions: PermissionSet;
  /**
   * The source as configured, or undefined when the config has no enabled section for it. The retry
   * policy defaults to `sources.retry`, the request timeout to `sources.requestTimeoutMs`.
   */
  make(config: SourcesConfig, o?: SourceOptions): BillingSource | undefined;
}

/** The factory options with the config's request settings filled in where the caller left them. */
const withDefaults = (c: SourcesConfig, o: SourceOptions = {}): SourceOptions => ({
  ...o,
  retry: o.retry ?? retryPolicyOf(c),
  ...((o.requestTimeoutMs ?? c.requestTimeoutMs)
    ? { requestTimeoutMs: o.requestTimeoutMs ?? c.requestTimeoutMs }
    : {}),
});

/** Live billing sources by name (the `--source` values and the config sections). */
export const SOURCE_REGISTRY: Readonly<Record<CloudId, SourceFactory>> = {
  aws: {
    permissions: AWS_PERMISSIONS,
    make: (c, o) => (c.aws?.enabled ? makeAwsSource(c.aws, withDefaults(c, o)) : undefined),
  },
  gcp: {
    permissions: GCP_PERMISSIONS,
    make: (c, o) => (c.gcp?.enabled ? makeGcpSource(c.gcp, withDefaults(c, o)) : undefined),
  },
  azure: {
    permissions: AZURE_PERMISSIONS,
    make: (c, o) => (c.azure?.enabled ? makeAzureSource(c.azure, withDefaults(c, o)) : undefined),
  },
};
