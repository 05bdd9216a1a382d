import { describe, expect, it } from 'vitest';
import { DEFAULT_ATTRIBUTION } from '../../../src/core/attribution/types.js';
import { parseMoney } from '../../../src/core/money.js';
import { coverageReport, type TaggableResource } from '../../../src/core/tag-coverage.js';
import { fact } from '../../helpers/facts.js';

const meta = {
  source: 'aws',
  provider: 'AWS',
  takenAt: '2026-10-04T08:00:00.000Z',
  range: { from: '2026-10-01', to: '2026-10-03' },
};
const resource = (id: string, tags: Record<string, string>, regionId = 'us-east-1'): TaggableResource => ({
  provider: 'AWS',
  billingAccountId: '111111111111',
  subAccountId: '222222222222',
  regionId,
  resourceId: id,
  resourceType: 'ec2:instance',
  tags,
});

describe('coverageReport', () => {
  it('uses the attribution rules: a rule attributes an untagged resource but does not make it tagged', () => {
    const config = {
      ...DEFAULT_ATTRIBUTION,
      rules: [{ name: 'eu-dev', match: { region: 'eu-west-1' }, set: { stage: 'dev' } }],
    };
    const c = coverageReport(
      meta,
      [
        resource('b', { MODEL: 'x', environment: 'production' }),
        resource('a', { model: ' ' }, 'eu-west-1'),
        resource('c', { model_name: 'y' }),
      ],
      [],
      config,
    );
    expect(c).toMatchObject({ resources: 3, missingModel: 1, missingStage: 2 });
    expect(c.untagged).toEqual([
      expect.objectContaining({
        resourceId: 'a',
        missing: ['model', 'stage'],
        modelBy: 'unattributed',
        stageBy: 'rule:eu-dev',
      }),
      expect.objectContaining({ resourceId: 'c', missing: ['stage'], stageBy: 'unattributed' }),
    ]);
  });

  it('measures the untagged share of spend per currency: rules and nothing count, tags and shared splits do not', () => {
    const c = coverageReport(
      meta,
      [],
      [
        fact({ effective: '10', modelBy: 'tag:model' }),
        fact({ effective: '2.5', modelBy: 'rule:gpu', serviceName: 'EC2' }),
        fact({ effective: '0.000000000001', modelBy: 'unattributed', serviceName: 'S3' }),
        fact({ effective: '4', modelBy: 'shared:network' }),
        fact({ effective: '3', modelBy: 'unattributed', currency: 'EUR', serviceName: 'S3' }),
      ],
      DEFAULT_ATTRIBUTION,
    );
    expect(c.spend).toEqual([
      {
        currency: 'EUR',
        total: parseMoney('3'),
        untaggedModel: parseMoney('3'),
        unattributedModel: parseMoney('3'),
        topUntaggedServices: [{ serviceName: 'S3', cost: parseMoney('3') }],
      },
      {
        currency: 'USD',
        total: parseMoney('16.500000000001'),
        untaggedModel: parseMoney('2.500000000001'),
        unattributedModel: parseMoney('0.000000000001'),
        topUntaggedServices: [
          { serviceName: 'EC2', cost: parseMoney('2.5') },
          { serviceName: 'S3', cost: parseMoney('0.000000000001') },
        ],
      },
    ]);
  });
});
