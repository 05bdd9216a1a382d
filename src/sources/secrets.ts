import type { AzureClientSecret } from './azure/clients.js';

/**
 * Credentials a runtime read from a secret store (Lambda: SSM Parameter Store) and hands to the
 * adapters; without them each SDK uses its default chain (the CLI's case).
 */
export interface SourceSecrets {
  gcpServiceAccountKey?: { client_email: string; private_key: string };
  azureClientSecret?: AzureClientSecret;
}
