import { InstancesClient, MachineTypesClient, ZoneOperationsClient } from '@google-cloud/compute';
import { MetricServiceClient } from '@google-cloud/monitoring';
import type { IdleConfig } from '../../config/idle-schema.js';
import type { Fleet } from '../../core/idle/ports.js';
import type { FleetFactoryOptions } from '../prices.js';
import { createGcpFleet, type GcpClients } from './gcp-fleet.js';

export type GcpConfig = NonNullable<IdleConfig['gcp']>;

/**
 * A fixed bearer token as an auth client. google-gax's REST transport calls `authClient.fetch(url,
 * init)` (gaxios-style; a WHATWG Response satisfies it) and GoogleAuth asks for request headers; both
 * are here. For local endpoints and tokens minted elsewhere; otherwise Application Default Credentials.
 */
function staticToken(token: string) {
  const headers = () => new Headers({ authorization: `Bearer ${token}` });
  return {
    getRequestHeaders: async () => headers(),
    fetch: (url: string | URL, init: RequestInit = {}) => {
      const h = new Headers(init.headers);
      for (const [k, v] of headers()) h.set(k, v);
      return fetch(url, { ...init, headers: h });
    },
  };
}

/** Where a REST client connects: host, port and protocol from an endpoint URL. */
function endpointOptions(url: string | undefined) {
  if (!url) return {};
  const u = new URL(url);
  const protocol = u.protocol.replace(':', '');
  return {
    apiEndpoint: u.hostname,
    port: Number(u.port || (protocol === 'http' ? 80 : 443)),
    protocol,
  };
}

export function gcpFleetFromConfig(cfg: GcpConfig, o: FleetFactoryOptions): Fleet {
  return createGcpFleet({ projects: cfg.projects, prices: o.prices, clients: gcpClientsOf(cfg) });
}

/** The Compute Engine and Cloud Monitoring clients of the config; doctor probes the same ones. */
export function gcpClientsOf(cfg: GcpConfig): GcpClients {
  // The generated clients type `authClient` as google-auth-library's AuthClient class; at run time
  // GoogleAuth only calls getRequestHeaders on it, which staticToken provides.
  const auth = cfg.accessToken ? { authClient: staticToken(cfg.accessToken) as never } : {};
  const compute = { ...endpointOptions(cfg.endpoints?.compute), ...auth };
  return {
    instances: new InstancesClient(compute),
    machineTypes: new MachineTypesClient(compute),
    zoneOperations: new ZoneOperationsClient(compute),
    // Cloud Monitoring's Node client speaks gRPC by default; `fallback: 'rest'` is HTTP/1.1 JSON,
    // which works through proxies and against the local fake.
    metrics: new MetricServiceClient({
      ...endpointOptions(cfg.endpoints?.monitoring),
      ...auth,
      fallback: 'rest',
    }),
  };
}
