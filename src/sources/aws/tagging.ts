import {
  GetResourcesCommand,
  type ResourceGroupsTaggingAPIClient,
  type ResourceTagMapping,
} from '@aws-sdk/client-resource-groups-tagging-api';
import type { PullStats } from '../../core/billing-source.js';
import type { TaggableResource } from '../../core/tag-coverage.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from '../retry.js';
import { AWS_PROVIDER } from './cost-explorer-mapper.js';
import { AwsSourceError } from './errors.js';

/** IAM actions the tag coverage report calls. */
export const TAGGING_PERMISSIONS = ['tag:GetResources'] as const;

/**
 * Pure: a GetResources mapping as a taggable resource. The ARN carries the rest:
 * arn:<partition>:<service>:<region>:<account>:<type>/<id> (or <type>:<id>; S3 buckets have neither
 * region nor account, so they take the payer's).
 */
export function resourceOf(m: ResourceTagMapping, billingAccountId: string): TaggableResource {
  const arn = m.ResourceARN ?? '';
  const [, , service = '', region = '', account = '', rest = ''] = arn.split(':');
  const type = /^[^/:]+(?=[/:])/.exec(rest)?.[0];
  const tags: Record<string, string> = {};
  for (const t of m.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  return {
    provider: AWS_PROVIDER,
    billingAccountId,
    subAccountId: account || billingAccountId,
    regionId: region,
    resourceId: arn,
    resourceType: type ? `${service}:${type}` : service,
    tags,
  };
}

const isThrottle = (e: unknown) => e instanceof Error && e.name === 'ThrottledException';

/** Every taggable resource the client's region holds (GetResources, paged; throttling retried). */
export async function listTaggedResources(
  client: ResourceGroupsTaggingAPIClient,
  billingAccountId: string,
  stats: PullStats,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<TaggableResource[]> {
  const all: TaggableResource[] = [];
  let token: string | undefined;
  do {
    const page = await withRetry(
      () => client.send(new GetResourcesCommand({ ResourcesPerPage: 100, PaginationToken: token })),
      isThrottle,
      retry,
      () => {
        stats.requests += 1;
      },
    ).catch((cause: unknown) => {
      throw new AwsSourceError('TAGGING_FAILED', `Resource Groups Tagging API: ${(cause as Error).message}`, {
        cause,
      });
    });
    for (const m of page.ResourceTagMappingList ?? []) all.push(resourceOf(m, billingAccountId));
    stats.rows += page.ResourceTagMappingList?.length ?? 0;
    // The Tagging API ends paging with an empty string, not an absent token.
    token = page.PaginationToken || undefined;
  } while (token);
  return all;
}
