import {
  GetResourcesCommand,
  type ResourceGroupsTaggingAPIClient,
  type ResourceTagMapping,
} from '@aws-sdk/client-resource-groups-tagging-api';
import type { PullStats } from '../../core/billing-source.js';
import { callCloud, codeByKind, type RetryPolicy } from '../../core/cloud-call.js';
import type { TaggableResource } from '../../core/tag-coverage.js';
import { DEFAULT_RETRY } from '../retry.js';
import { AWS_PROVIDER } from './cost-explorer-mapper.js';

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

/** Every taggable resource the client's region holds (GetResources, paged; throttling retried). */
export async function listTaggedResources(
  client: ResourceGroupsTaggingAPIClient,
  o: { billingAccountId: string; stats: PullStats; retry?: RetryPolicy },
): Promise<TaggableResource[]> {
  const region = await client.config.region();
  const all: TaggableResource[] = [];
  let token: string | undefined;
  do {
    const page = await callCloud(
      () => client.send(new GetResourcesCommand({ ResourcesPerPage: 100, PaginationToken: token })),
      {
        provider: 'aws',
        what: `Resource Groups Tagging API ${region}`,
        code: codeByKind('TAGGING'),
        retry: o.retry ?? DEFAULT_RETRY,
        onAttempt: () => {
          o.stats.requests += 1;
        },
      },
    );
    for (const m of page.ResourceTagMappingList ?? []) all.push(resourceOf(m, o.billingAccountId));
    o.stats.rows += page.ResourceTagMappingList?.length ?? 0;
    // The Tagging API ends paging with an empty string, not an absent token.
    token = page.PaginationToken || undefined;
  } while (token);
  return all;
}
