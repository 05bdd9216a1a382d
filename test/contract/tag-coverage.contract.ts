import { expect, it } from 'vitest';
import { parseMoney } from '../../src/core/money.js';
import type { TagCoverageReport, TagCoverageStore } from '../../src/core/tag-coverage.js';
import { contractSuite, type Harness } from '../helpers/store-harness.js';

const report = (source: string, takenAt: string, resources: number): TagCoverageReport => ({
  source,
  provider: 'AWS',
  takenAt,
  range: { from: '2026-09-28', to: '2026-10-03' },
  resources,
  missingModel: 1,
  missingStage: 2,
  untagged: [
    {
      resourceId: 'arn:aws:ec2:us-east-1:222222222222:instance/i-1',
      resourceType: 'ec2:instance',
      subAccountId: '222222222222',
      regionId: 'us-east-1',
      missing: ['model', 'stage'],
      modelBy: 'unattributed',
      stageBy: 'rule:gpu-pool',
    },
  ],
  spend: [
    {
      currency: 'USD',
      // 25 significant digits: a JS number would round them
      total: parseMoney('1234567890123.123456789012'),
      untaggedModel: parseMoney('0.000000000001'),
      unattributedModel: 0n,
      topUntaggedServices: [{ serviceName: 'Amazon SageMaker', cost: parseMoney('-0.5') }],
    },
  ],
});

/** The TagCoverageStore contract: every implementation runs this suite. */
export function tagCoverageContract(
  name: string,
  makeHarness: () => Promise<Harness<TagCoverageStore>>,
): void {
  contractSuite(`TagCoverageStore contract: ${name}`, makeHarness, (t) => {
    it('starts empty and returns the newest report per source, amounts exact', async () => {
      expect(await t.store.latest()).toEqual([]);
      const newest = report('aws', '2026-10-04T06:00:00.000Z', 30);
      await t.store.record(report('aws', '2026-10-03T06:00:00.000Z', 10));
      await t.store.record(newest);
      await t.store.record(report('aws', '2026-10-02T06:00:00.000Z', 20));
      await t.store.record(report('aaa', '2026-10-01T06:00:00.000Z', 5));
      const latest = await t.store.latest();
      expect(latest.map((r) => [r.source, r.resources])).toEqual([
        ['aaa', 5],
        ['aws', 30],
      ]);
      expect(latest[1]).toEqual(newest);
    });

    it('keeps reports across a reopen; recording the same run twice keeps one', async () => {
      await t.store.record(report('aws', '2026-10-04T06:00:00.000Z', 1));
      await t.store.record(report('aws', '2026-10-04T06:00:00.000Z', 2));
      t.store = await t.h.reopen();
      expect((await t.store.latest()).map((r) => r.resources)).toEqual([2]);
    });
  });
}
