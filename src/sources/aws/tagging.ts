import {
  GetResourcesCommand,
  type ResourceGroupsTaggingAPIClient,
  type ResourceTagMapping,
} from '@aws-sdk/client-resource-groups-tagging-api';
import type { PullStats } from '../../core/billing-source.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from '../retry.js';
import type { TagKeys } from './cost-explorer-mapper.js';
import { AwsSourceError } from './errors.js';

/** IAM actions the tag coverage report calls. */
export const TAGGING_PERMISSIONS = ['tag:GetResources'] as const;

export interface TagCoverage {
  resources: number;
  /** ARNs of resources without a non-empty model tag, sorted. */
  missingModel: string[];
  missingStage: string[];
}

/** Pure: which of a page's resources lack the model or stage tag (an empty value counts as missing). */
export function coverageOf(mappings: readonly ResourceTagMapping[], keys: TagKeys): TagCoverage {
  const has = (m: ResourceTagMapping, key: string) =>
    (m.Tags ?? []).some((t) => t.Key === key && (t.Value ?? '') !== '');
  const arns = (pred: (m: ResourceTagMapping) => boolean) =>
    mappings
      .filter(pred)
      .map((m) => m.ResourceARN ?? '')
      .sort();
  return {
    resources: mappings.length,
    missingModel: arns((m) => !has(m, keys.model)),
    missingStage: arns((m) => !has(m, keys.stage)),
  };
}

const isThrottle = (e: unknown) => e instanceof Error && e.name === 'ThrottledException';

/** Tag coverage of every taggable resource in the client's region (GetResources, paged). */
export async function tagCoverage(
  client: ResourceGroupsTaggingAPIClient,
  keys: TagKeys,
  stats: PullStats,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<TagCoverage> {
  const all: ResourceTagMapping[] = [];
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
    all.push(...(page.ResourceTagMappingList ?? []));
    // The Tagging API ends paging with an empty string, not an absent token.
    token = page.PaginationToken || undefined;
  } while (token);
  return coverageOf(all, keys);
}
