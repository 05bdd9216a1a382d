import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/config/load.js';
import { attribute } from '../../../../src/core/attribution/attribute.js';
import { compileResolver } from '../../../../src/core/attribution/resolve.js';
import { DEFAULT_ATTRIBUTION } from '../../../../src/core/attribution/types.js';
import type { CostLine } from '../../../../src/core/cost-line.js';
import { coverageReport } from '../../../../src/core/tag-coverage.js';
import { config, line } from './lines.js';

// Issue 21: a Google project's labels (project.labels) are a fallback tag source: a line whose own
// labels give no model or stage takes it from its project's; its own labels win.

const resolve = compileResolver(DEFAULT_ATTRIBUTION);
const dims = (l: CostLine, r = resolve) => {
  const { model, stage, modelBy, stageBy } = r(l);
  return { model, stage, modelBy, stageBy };
};
const project = { model: 'gemma-7b', stage: 'serve' };

describe('project labels (CostLine.projectTags)', () => {
  it('fill a line without tags: both dimensions, marked project-tag:<key>', () => {
    // Act / Assess
    expect(dims(line({ projectTags: project }))).toEqual({
      model: 'gemma-7b',
      stage: 'serve',
      modelBy: 'project-tag:model',
      stageBy: 'project-tag:stage',
    });
  });

  it("lose to the line's own tag; fill only the dimension the line lacks", () => {
    // Act / Assess
    expect(dims(line({ tags: { model: 'Gemma-2B' }, projectTags: project }))).toEqual({
      model: 'gemma-2b',
      stage: 'serve',
      modelBy: 'tag:model',
      stageBy: 'project-tag:stage',
    });
  });

  it('lose to any configured key of the line, even one of lower priority than the project key', () => {
    // Prepare: tagKeys of stage are [stage, env, environment]; the line says env, the project stage
    const l = line({ tags: { env: 'prod' }, projectTags: { stage: 'train' } });

    // Act / Assess: the resource's own label decides the dimension
    expect(dims(l)).toMatchObject({ stage: 'serve', stageBy: 'tag:env' });
  });

  it('go through the same key matching, value case and aliases as tags', () => {
    // Act / Assess
    expect(dims(line({ projectTags: { ' Environment ': 'Production' } }))).toMatchObject({
      stage: 'serve',
      stageBy: 'project-tag:environment',
    });
  });

  it('win over rules, which still fill what neither gives', () => {
    // Prepare
    const withRule = compileResolver(
      config({
        rules: [
          {
            name: 'gce',
            match: { service: 'Amazon Elastic Compute Cloud' },
            set: { model: 'x', stage: 'dev' },
          },
        ],
      }),
    );

    // Act / Assess
    expect(dims(line({ projectTags: { model: 'gemma-7b' } }), withRule)).toEqual({
      model: 'gemma-7b',
      stage: 'dev',
      modelBy: 'project-tag:model',
      stageBy: 'rule:gce',
    });
  });

  it('are not read with attribution.projectLabels: ignore', () => {
    // Prepare
    const ignore = compileResolver(parseConfig({ attribution: { projectLabels: 'ignore' } }).attribution);

    // Act / Assess
    expect(dims(line({ projectTags: project }), ignore)).toMatchObject({
      model: 'unattributed',
      modelBy: 'unattributed',
    });
    expect(parseConfig({}).attribution.projectLabels).toBe('fallback');
    expect(() => parseConfig({ attribution: { projectLabels: 'always' } })).toThrow(/projectLabels/);
  });

  it('count as tagged spend in the tag coverage report', () => {
    // Prepare
    const facts = attribute(
      [line({ projectTags: project, cost: '2' }), line({ resourceId: 'i-1', cost: '3' })],
      DEFAULT_ATTRIBUTION,
    );

    // Act
    const report = coverageReport(
      { source: 'gcp', provider: 'Google Cloud', takenAt: '', range: { from: '', to: '' } },
      [],
      facts,
      DEFAULT_ATTRIBUTION,
    );

    // Assess: only the 3 without any label is untagged
    expect(report.spend[0]).toMatchObject({ total: 5_000_000_000_000n, untaggedModel: 3_000_000_000_000n });
  });
});
