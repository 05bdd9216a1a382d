import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LocalServer, startLocalServer } from '../local-server.js';
import { awsJsonError } from './aws-cost-explorer.js';
import { FaultState, type Faults } from './faults.js';

export interface TaggedResource {
  arn: string;
  tags: Readonly<Record<string, string>>;
}

export interface FakeTagging extends LocalServer {
  faults: FaultState;
}

/**
 * A local Resource Groups Tagging API (AWS JSON 1.1, X-Amz-Target:
 * ResourceGroupsTaggingAPI_20170126.GetResources) serving the world's resources, paged.
 */
export async function startFakeTagging(
  resources: readonly TaggedResource[],
  faults: Faults = {},
): Promise<FakeTagging> {
  const state = new FaultState(faults);
  const handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const verdict = state.next();
    if (verdict === 'throttle') return awsJsonError(res, 400, 'ThrottledException', 'Rate exceeded');
    if (verdict === 'fail') return awsJsonError(res, 400, 'InternalServiceException', 'Service unavailable');
    if (!String(req.headers['x-amz-target']).endsWith('.GetResources'))
      return awsJsonError(res, 400, 'UnknownOperationException', 'unknown operation');
    const input = JSON.parse(body.toString() || '{}') as {
      PaginationToken?: string;
      ResourcesPerPage?: number;
    };
    const size = input.ResourcesPerPage ?? 50;
    const offset = Number(input.PaginationToken || '0');
    const next = offset + size < resources.length ? String(offset + size) : '';
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(
      JSON.stringify({
        PaginationToken: next,
        ResourceTagMappingList: resources.slice(offset, offset + size).map((r) => ({
          ResourceARN: r.arn,
          Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
        })),
      }),
    );
  };
  const server = await startLocalServer(handler);
  return Object.assign(server, { faults: state });
}
