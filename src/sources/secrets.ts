import type { RetryPolicy } from '../core/cloud-call.js';
import type { AzureClientSecret } from './azure/clients.js';

/**
 * Credentials a runtime read from a secret store (Lambda: SSM Parameter Store) and hands to the
 * adapters; without them each SDK uses its default chain (the CLI's case).
 */
export interface SourceSecrets {
  gcpServiceAccountKey?: { client_email: string; private_key: string };
  azureClientSecret?: AzureClientSecret;
}

/** What every source factory takes besides its config section. */
export interface SourceOptions {
  /** Default: the config's `sources.retry`, else DEFAULT_RETRY. */
  retry?: RetryPolicy;
  secrets?: SourceSecrets;
  /** Per-request timeout (`sources.requestTimeoutMs`); default DEFAULT_REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
}
