import { describe, expect, it } from 'vitest';
import { anomalyId } from '../../../../src/core/anomaly/anomaly-id.js';
import { coveredBy, explains, oneAlertPerChange } from '../../../../src/core/anomaly/same-change.js';
import type { AnomalyRecord, Contribution, SeriesKey } from '../../../../src/core/anomaly/types.js';
import { parseMoney } from '../../../../src/core/money.js';
import { anomalyAlert } from '../../../../src/slack/blocks/anomaly-blocks.js';
import { anomaly } from '../../../contract/anomaly-store.contract.js';

/** An anomaly of `series` with `impact`, on 2026-11-03 unless told. */
function on(
  series: Omit<SeriesKey, 'currency'>,
  impact: string,
  p: Partial<AnomalyRecord> = {},
): AnomalyRecord {
  const key: SeriesKey = { currency: 'USD', ...series };
  const seriesId = [key.level, key.provider, key.service, key.model, key.stage, 'USD']
    .filter(Boolean)
    .join('|');
  const day = p.day ?? '2026-11-03';
  const direction = p.direction ?? (impact.startsWith('-') ? 'down' : 'up');
  return anomaly({
    id: anomalyId({ seriesId, day, direction }),
    seriesId,
    series: key,
    day,
    direction,
    impact: parseMoney(impact),
    expected: parseMoney('1000'),
    actual: parseMoney('1000') + parseMoney(impact),
    rootCause: [],
    ...p,
  });
}

const cause = (dimension: Contribution['dimension'], value: string, share: number): Contribution => ({
  dimension,
  value,
  share,
  change: 0n,
});

describe('one alert per change across levels', () => {
  it('a model-stage that carries 80% of its model change alerts for both; the model is its context', () => {
    const model = on({ level: 'model', model: 'churn' }, '100');
    const train = on({ level: 'model-stage', model: 'churn', stage: 'train' }, '85');
    const changes = oneAlertPerChange([model, train]);
    expect(changes.map((c) => [c.alert.seriesId, c.context.map((x) => x.seriesId)])).toEqual([
      ['model-stage|churn|train|USD', ['model|churn|USD']],
    ]);
  });

  it('a stage with less than 80% of the change, another model, day, direction or currency: separate alerts', () => {
    const model = on({ level: 'model', model: 'churn' }, '100');
    expect(explains(on({ level: 'model-stage', model: 'churn', stage: 'train' }, '79'), model)).toBe(false);
    expect(explains(on({ level: 'model-stage', model: 'other', stage: 'train' }, '95'), model)).toBe(false);
    expect(
      explains(
        on({ level: 'model-stage', model: 'churn', stage: 'train' }, '95', { day: '2026-11-04' }),
        model,
      ),
    ).toBe(false);
    expect(explains(on({ level: 'model-stage', model: 'churn', stage: 'train' }, '-95'), model)).toBe(false);
    expect(explains(model, on({ level: 'model-stage', model: 'churn', stage: 'train' }, '95'))).toBe(false);
    const eur = on({ level: 'model-stage', model: 'churn', stage: 'train' }, '95', { currency: 'EUR' });
    expect(explains(eur, model)).toBe(false);
  });

  it('a service and the model that drives it: the model alerts, by either root cause', () => {
    const service = on({ level: 'service', provider: 'Google Cloud', service: 'Compute Engine' }, '100', {
      rootCause: [cause('model', 'churn', 0.9)],
    });
    const model = on({ level: 'model', model: 'churn' }, '90');
    expect(coveredBy([service, model]).get(service.id)).toBe(model.id);
    const service2 = on({ level: 'service', provider: 'AWS', service: 'EC2' }, '100');
    const model2 = on({ level: 'model', model: 'llama' }, '95', {
      rootCause: [cause('service', 'EC2', 0.97)],
    });
    expect(coveredBy([service2, model2]).get(service2.id)).toBe(model2.id);
    // The same actual and expectation to the digit is the same spend, whatever the keys say.
    const same = on({ level: 'service', provider: 'AWS', service: 'EC2' }, '90');
    expect(coveredBy([same, model]).get(same.id)).toBe(model.id);
    // Neither root cause ties them: both alert.
    expect(coveredBy([on({ level: 'service', provider: 'AWS', service: 'S3' }, '100'), model]).size).toBe(0);
  });

  it('chains to the most specific: all spend and the provider point to the stage', () => {
    const total = on({ level: 'total' }, '110');
    const provider = on({ level: 'provider', provider: 'AWS' }, '105');
    const model = on({ level: 'model', model: 'llama' }, '100', { rootCause: [cause('provider', 'AWS', 1)] });
    const stage = on({ level: 'model-stage', model: 'llama', stage: 'serve' }, '98', {
      rootCause: [cause('provider', 'AWS', 1)],
    });
    const covered = coveredBy([total, provider, model, stage]);
    expect([covered.get(total.id), covered.get(provider.id), covered.get(model.id)]).toEqual([
      stage.id,
      stage.id,
      stage.id,
    ]);
    const [only] = oneAlertPerChange([total, provider, model, stage]);
    expect(only?.context.map((c) => c.series.level).sort()).toEqual(['model', 'provider', 'total']);
    // The alert names the broader series as context, in words.
    const text = JSON.stringify(anomalyAlert(stage, only?.context ?? []).blocks);
    expect(text).toContain(
      'Also seen as: all spend (USD) +$110.00 · AWS (USD) +$105.00 · llama (USD) +$100.00',
    );
  });
});
