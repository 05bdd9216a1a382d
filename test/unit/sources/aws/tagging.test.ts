import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ATTRIBUTION } from '../../../../src/core/attribution/types.js';
import { emptyStats } from '../../../../src/core/billing-source.js';
import { coverageReport } from '../../../../src/core/tag-coverage.js';
import {
  type FakeTagging,
  startFakeTagging,
  type TaggedResource,
} from '../../../../src/sim/fakes/aws-tagging.js';
import { listTaggedResources } from '../../../../src/sources/aws/tagging.js';

// i % 10: no tags; i % 7: empty stage; i % 11: model under another configured key and a cased stage key.
const tagsOf = (i: number): Record<string, string> =>
  i % 10 === 0
    ? {}
    : i % 7 === 0
      ? { model: 'llama', stage: '' }
      : i % 11 === 0
        ? { 'ml-model': 'bert', 'user:Stage': 'prod' }
        : { model: 'llama', stage: 'serve' };
const resources: TaggedResource[] = Array.from({ length: 230 }, (_, i) => ({
  arn: `arn:aws:ec2:us-east-1:222222222222:instance/i-${String(i).padStart(4, '0')}`,
  tags: tagsOf(i),
}));
const noWait = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };
let fake: FakeTagging | undefined;
afterEach(async () => fake?.close());

describe('tag coverage through the real Tagging API client', () => {
  it('pages through every resource; the attribution resolver decides which lack model or stage tags', async () => {
    fake = await startFakeTagging(resources, { throttle: 1 });
    const client = new ResourceGroupsTaggingAPIClient({
      region: 'us-east-1',
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    const stats = emptyStats();
    const listed = await listTaggedResources(client, {
      billingAccountId: '111111111111',
      stats,
      retry: noWait,
    });
    expect(stats.requests).toBe(4); // 1 throttled + 3 pages of 100
    expect(listed[1]).toMatchObject({
      provider: 'AWS',
      subAccountId: '222222222222',
      regionId: 'us-east-1',
      resourceType: 'ec2:instance',
      tags: { model: 'llama', stage: 'serve' },
    });
    const meta = {
      source: 'aws',
      provider: 'AWS',
      takenAt: '2026-10-04T08:00:00.000Z',
      range: { from: '2026-10-01', to: '2026-10-03' },
    };
    const c = coverageReport(meta, listed, [], DEFAULT_ATTRIBUTION);
    expect(c.resources).toBe(230);
    // no tags: 23 (i % 10). `ml-model` and `user:Stage` are configured keys, so i % 11 counts as tagged.
    expect(c.missingModel).toBe(23);
    // untagged (23) + empty stage value (i % 7 and not i % 10: 33 - 4 = 29)
    expect(c.missingStage).toBe(23 + 29);
    // the worst first: both tags missing
    expect(c.untagged[0]).toMatchObject({ resourceId: resources[0]?.arn, missing: ['model', 'stage'] });
    expect(c.untagged[23]?.missing).toEqual(['stage']);
  });
});
