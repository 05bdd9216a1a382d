import { describe, expect, it } from 'vitest';
import { explain } from '../../../../src/core/anomaly/explain.js';
import { suppressingMark } from '../../../../src/core/anomaly/feedback.js';
import { rootCause } from '../../../../src/core/anomaly/root-cause.js';
import { buildSeries } from '../../../../src/core/anomaly/series.js';
import type { AnomalyMark } from '../../../../src/core/anomaly/types.js';
import { dayNumber, dayString } from '../../../../src/core/day.js';
import { parseMoney } from '../../../../src/core/money.js';
import { fact } from '../../../helpers/facts.js';

describe('rootCause', () => {
  it('ranks the dimensions that explain the change by their share, exactly', () => {
    const facts = [];
    for (let n = dayNumber('2026-11-01'); n <= dayNumber('2026-11-29'); n++) {
      const day = dayString(n);
      facts.push(fact({ day, subAccountId: 'a', regionId: 'us-east-1', billed: '100' }));
      facts.push(fact({ day, subAccountId: 'b', regionId: 'eu-west-1', billed: '50' }));
    }
    facts.push(fact({ day: '2026-11-29', subAccountId: 'b', regionId: 'us-west-2', billed: '300' }));
    const [s] = buildSeries(facts, 'effective', '2026-11-01', '2026-11-29', ['model-stage']);
    const causes = rootCause(s as NonNullable<typeof s>, 28, 'effective');
    expect(causes.slice(0, 2)).toEqual([
      { dimension: 'subAccount', value: 'b', change: parseMoney('300'), share: 1 },
      { dimension: 'region', value: 'us-west-2', change: parseMoney('300'), share: 1 },
    ]);
  });
});

describe('suppressingMark', () => {
  const mark: AnomalyMark = {
    anomalyId: 'x',
    verdict: 'expected',
    by: 'alice',
    at: '2026-11-03T10:00:00.000Z',
    seriesId: 's',
    day: '2026-11-03',
    direction: 'up',
    cause: 'subAccount=b',
  };
  const a = { seriesId: 's', day: '2026-11-10', direction: 'up', cause: 'subAccount=b' };

  it('silences the same series, direction and cause within the period only', () => {
    expect(suppressingMark(a, [mark], 14)).toBe(mark);
    expect(suppressingMark({ ...a, cause: 'subAccount=c' }, [mark], 14)).toBeUndefined();
    // A later day of the same episode: the mark applies to the episode, whatever today's cause.
    expect(suppressingMark({ ...a, cause: 'subAccount=c' }, [mark], 14, true)).toBe(mark);
    expect(
      suppressingMark({ ...a, cause: 'subAccount=c', direction: 'down' }, [mark], 14, true),
    ).toBeUndefined();
    expect(suppressingMark({ ...a, direction: 'down' }, [mark], 14)).toBeUndefined();
    expect(suppressingMark({ ...a, day: '2026-11-30' }, [mark], 14)).toBeUndefined();
  });

  it('a later mark of real lifts the silence', () => {
    const real = { ...mark, verdict: 'real' as const, at: '2026-11-04T10:00:00.000Z', by: 'bob' };
    expect(suppressingMark(a, [mark, real], 14)).toBeUndefined();
  });
});

describe('explain', () => {
  it('writes the one Slack line', () => {
    expect(
      explain({
        label: 'llama3-70b serve',
        day: '2026-11-03',
        currency: 'USD',
        actual: parseMoney('1650'),
        expected: parseMoney('1200'),
        impact: parseMoney('450'),
        reason: 'weekday',
      }),
    ).toBe(
      'llama3-70b serve on 2026-11-03: expected $1,200.00 (usual for a Tuesday), got $1,650.00, +37.5%, impact +$450.00',
    );
  });
});
