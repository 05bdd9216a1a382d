import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../retry.js';

export interface AwsClientOptions {
  /** Named profile from ~/.aws; otherwise the default chain (env, SSO, role, instance metadata). */
  profile?: string;
  region?: string;
  /** Per-request timeout (no answer within it: the request fails and is retried). */
  requestTimeoutMs?: number;
}

// requestTimeout is the handler's socket inactivity timeout. Since @smithy/node-http-handler 4.x it only
// logs a warning when exceeded unless throwOnRequestTimeout is set: without it a hung endpoint stalls.
const handlerOf = (o: AwsClientOptions) => {
  const ms = o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return { requestHandler: { requestTimeout: ms, connectionTimeout: ms, throwOnRequestTimeout: true } };
};

// Endpoints are not set here on purpose: the SDK reads AWS_ENDPOINT_URL_COST_EXPLORER /
// AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API / AWS_ENDPOINT_URL itself (sovereign clouds, tests).
// maxAttempts 1: the adapters retry throttling themselves, so that every billed request is counted.
export function makeCostExplorerClient(o: AwsClientOptions): CostExplorerClient {
  // Cost Explorer has one endpoint, in us-east-1, whatever region the resources are in.
  return new CostExplorerClient({
    region: 'us-east-1',
    maxAttempts: 1,
    ...handlerOf(o),
    ...(o.profile ? { profile: o.profile } : {}),
  });
}

export function makeTaggingClient(o: AwsClientOptions): ResourceGroupsTaggingAPIClient {
  return new ResourceGroupsTaggingAPIClient({
    region: o.region ?? 'us-east-1',
    maxAttempts: 1,
    ...handlerOf(o),
    ...(o.profile ? { profile: o.profile } : {}),
  });
}
