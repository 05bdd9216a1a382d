import { BigQuery } from '@google-cloud/bigquery';

export interface GcpClientOptions {
  /** Project that runs the query jobs. */
  projectId: string;
  /** API root for sovereign clouds and local endpoints, e.g. http://127.0.0.1:9050. */
  endpoint?: string;
  credential: 'default' | 'anonymous';
  /** A service-account key (parsed JSON) read from a secret store; otherwise the default chain. */
  serviceAccountKey?: { client_email: string; private_key: string };
}

/**
 * For local endpoints only: an auth client that adds no credentials, so that no token is fetched from
 * Google. The client library accepts any object with this method in place of a google-auth-library
 * client, which we do not depend on directly.
 */
export function anonymousAuthClient() {
  return { getRequestHeaders: async () => new Headers() };
}

// autoRetry off: the adapter retries rate limits itself and counts every request.
export function makeBigQuery(o: GcpClientOptions): BigQuery {
  return new BigQuery({
    projectId: o.projectId,
    autoRetry: false,
    ...(o.endpoint ? { apiEndpoint: o.endpoint } : {}),
    ...(o.serviceAccountKey ? { credentials: o.serviceAccountKey } : {}),
    // biome-ignore lint/suspicious/noExplicitAny: the library types its authClient as google-auth-library's class; see anonymousAuthClient.
    ...(o.credential === 'anonymous' ? { authClient: anonymousAuthClient() as any } : {}),
  });
}
