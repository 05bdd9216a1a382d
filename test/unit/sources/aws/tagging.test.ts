import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyStats } from '../../../../src/core/billing-source.js';
import {
  type FakeTagging,
  startFakeTagging,
  type TaggedResource,
} from '../../../../src/sim/fakes/aws-tagging.js';
import { tagCoverage } from '../../../../src/sources/aws/tagging.js';

const tagsOf = (i: number): Record<string, string> =>
  i % 10 === 0 ? {} : i % 7 === 0 ? { model: 'llama', stage: '' } : { model: 'llama', stage: 'serve' };
const resources: TaggedResource[] = Array.from({ length: 230 }, (_, i) => ({
  arn: `arn:aws:ec2:us-east-1:222222222222:instance/i-${String(i).padStart(4, '0')}`,
  tags: tagsOf(i),
}));
const keys = { model: 'model', stage: 'stage' };
const noWait = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };
let fake: FakeTagging | undefined;
afterEach(async () => fake?.close());

describe('tag coverage through the real Tagging API client', () => {
  it('pages through every resource and lists those without model or stage tags', async () => {
    fake = await startFakeTagging(resources, { throttle: 1 });
    const client = new ResourceGroupsTaggingAPIClient({
      region: 'us-east-1',
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    const stats = emptyStats();
    const c = await tagCoverage(client, keys, stats, noWait);
    expect(c.resources).toBe(230);
    expect(c.missingModel).toHaveLength(23);
    // untagged (23) + empty stage value (i % 7 === 0 and not i % 10 === 0: 33 - 4 = 29)
    expect(c.missingStage).toHaveLength(23 + 29);
    expect(stats.requests).toBe(4); // 1 throttled + 3 pages of 100
  });
});
