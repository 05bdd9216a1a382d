import { BigQuery } from '@google-cloud/bigquery';
import { CloudBillingClient, CloudCatalogClient } from '@google-cloud/billing';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../retry.js';

export interface GcpClientOptions {
  /** Project that runs the query jobs. */
  projectId: string;
  /** API root for sovereign clouds and local endpoints, e.g. http://127.0.0.1:9050. */
  endpoint?: string;
  credential: 'default' | 'anonymous';
  /** A service-account key (parsed JSON) read from a secret store; otherwise the default chain. */
  serviceAccountKey?: { client_email: string; private_key: string };
  /** Per-request timeout of the REST calls (jobs.query, getQueryResults). */
  requestTimeoutMs?: number;
}

/**
 * For local endpoints only: an auth client that adds no credentials, so that no token is fetched from
 * Google. The client libraries accept any object with these methods in place of a google-auth-library
 * client, which we do not depend on directly: BigQuery asks for headers, google-gax's REST transport
 * sends through `fetch`.
 */
export function anonymousAuthClient() {
  return {
    getRequestHeaders: async () => new Headers(),
    fetch: (url: string | URL, init?: RequestInit) => fetch(url, init),
  };
}

// autoRetry off: the adapter retries rate limits itself and counts every request.
export function makeBigQuery(o: GcpClientOptions): BigQuery {
  return new BigQuery({
    projectId: o.projectId,
    autoRetry: false,
    // Each HTTP request gives up after this (a hung endpoint must not stall the run); the adapter
    // retries. @google-cloud/common's Service reads `timeout` from these options; BigQueryOptions
    // does not declare it.
    ...({ timeout: o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS } as object),
    ...(o.endpoint ? { apiEndpoint: o.endpoint } : {}),
    ...(o.serviceAccountKey ? { credentials: o.serviceAccountKey } : {}),
    // biome-ignore lint/suspicious/noExplicitAny: the library types its authClient as google-auth-library's class; see anonymousAuthClient.
    ...(o.credential === 'anonymous' ? { authClient: anonymousAuthClient() as any } : {}),
  });
}

export interface GapicClientOptions {
  /** API root, e.g. https://cloudbilling.googleapis.com or http://127.0.0.1:9051 (a local endpoint). */
  endpoint?: string;
  credential: 'default' | 'anonymous';
}

/**
 * Options for the generated (gapic) clients. `fallback: true` selects google-gax's HTTP/1.1 REST
 * transport (JSON over the same URLs as the public REST API) instead of gRPC: one transport in Lambda,
 * on a laptop and against the local fakes, and no long-lived HTTP/2 channel in a short-lived function.
 */
function gapicOptions(o: GapicClientOptions) {
  const url = o.endpoint ? new URL(o.endpoint) : undefined;
  return {
    fallback: true,
    ...(url
      ? {
          apiEndpoint: url.hostname,
          port: Number(url.port || (url.protocol === 'http:' ? 80 : 443)),
          protocol: url.protocol.replace(':', ''),
        }
      : {}),
    ...(o.credential === 'anonymous' ? { authClient: anonymousAuthClient() } : {}),
  };
}

export function makeCloudBillingClient(o: GapicClientOptions): CloudBillingClient {
  // biome-ignore lint/suspicious/noExplicitAny: `protocol` and a plain authClient are accepted by google-gax but not in the typed options.
  return new CloudBillingClient(gapicOptions(o) as any);
}

export function makeCloudCatalogClient(o: GapicClientOptions): CloudCatalogClient {
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  return new CloudCatalogClient(gapicOptions(o) as any);
}
