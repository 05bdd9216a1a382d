import { expect, it } from 'vitest';
import { anomalyId, legacyAnomalyId } from '../../src/core/anomaly/anomaly-id.js';
import type {
  AlertMessageStore,
  AnomalyStore,
  BudgetAlertRecord,
  BudgetAlertStore,
} from '../../src/core/anomaly/ports.js';
import type { AnomalyMark, AnomalyRecord } from '../../src/core/anomaly/types.js';
import { parseMoney } from '../../src/core/money.js';
import { contractSuite, type Harness } from '../helpers/store-harness.js';

export function anomaly(p: Partial<AnomalyRecord> = {}): AnomalyRecord {
  const day = p.day ?? '2026-11-03';
  const seriesId = p.seriesId ?? 'model-stage|llama3-70b|train|USD';
  const direction = p.direction ?? 'up';
  return {
    id: anomalyId({ seriesId, day, direction }),
    seriesId,
    series: { level: 'model-stage', currency: 'USD', model: 'llama3-70b', stage: 'train' },
    day,
    currency: 'USD',
    actual: parseMoney('1250.123456789012'),
    expected: parseMoney('400.5'),
    impact: parseMoney('849.623456789012'),
    score: 12.345,
    direction,
    reason: 'weekday',
    explanation:
      'llama3-70b train on 2026-11-03: expected $400.50 (usual for a Tuesday), got $1,250.12, +212.1%, impact +$849.62',
    rootCause: [
      { dimension: 'subAccount', value: '222', change: parseMoney('800.000000000001'), share: 0.94 },
    ],
    status: 'new',
    detectedAt: '2026-11-04T06:00:00.000Z',
    ...p,
  };
}

const mark = (a: AnomalyRecord, p: Partial<AnomalyMark> = {}): AnomalyMark => ({
  anomalyId: a.id,
  verdict: 'expected',
  by: 'alice@example.com',
  at: '2026-11-04T09:30:00.000Z',
  seriesId: a.seriesId,
  day: a.day,
  direction: a.direction,
  cause: 'subAccount=222',
  ...p,
});

/** A budget alert of November 2026, sent on the 20th. */
const budgetAlert = (
  budget: string,
  kind: BudgetAlertRecord['kind'],
  threshold: number,
  message: string,
): BudgetAlertRecord => ({
  budget,
  period: '2026-11',
  kind,
  threshold,
  at: '2026-11-20T06:00:00.000Z',
  message,
});

/** The AnomalyStore + BudgetAlertStore contract: every implementation runs this suite. */
export function anomalyStoreContract(
  name: string,
  makeHarness: () => Promise<Harness<AnomalyStore & BudgetAlertStore & AlertMessageStore>>,
): void {
  contractSuite(`AnomalyStore contract: ${name}`, makeHarness, (t) => {
    it("keeps each first alert's message (channel and ts) by anomaly id, the latest winning, across a reopen", async () => {
      const a = anomaly();
      await t.store.saveAnomalies([a]);
      expect(await t.store.alertMessage(a.id)).toBeUndefined();
      await t.store.saveAlertMessage({ anomalyId: a.id, channel: 'C0COSTS', ts: '1700000001.000100' });
      await t.store.saveAlertMessage({ anomalyId: a.id, channel: 'C0COSTS', ts: '1700000002.000100' });
      t.store = await t.h.reopen();
      expect(await t.store.alertMessage(a.id)).toEqual({
        anomalyId: a.id,
        channel: 'C0COSTS',
        ts: '1700000002.000100',
      });
      // The message item never shows as an anomaly.
      expect((await t.store.listAnomalies({ from: a.day, to: a.day })).map((x) => x.id)).toEqual([a.id]);
      expect(await t.store.getAnomaly(a.id)).toEqual(a);
    });

    it('round-trips an anomaly exactly, money to the pico-unit', async () => {
      const a = anomaly({ suppressedBy: 'x|2026-10-30|up', status: 'suppressed' });
      await t.store.saveAnomalies([a]);
      expect(await t.store.getAnomaly(a.id)).toEqual(a);
      expect(await t.store.getAnomaly('nope')).toBeUndefined();
    });

    it('upserts by id: judging a day again replaces, never doubles', async () => {
      const a = anomaly();
      await t.store.saveAnomalies([a]);
      await t.store.saveAnomalies([{ ...a, status: 'ongoing', score: 5 }]);
      const got = await t.store.listAnomalies({ from: '2026-11-01', to: '2026-11-30' });
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ status: 'ongoing', score: 5 });
    });

    it('lists by day range (inclusive) and series', async () => {
      const xs = [
        anomaly({ day: '2026-10-31' }),
        anomaly({ day: '2026-11-01' }),
        anomaly({ day: '2026-11-30', seriesId: 'total|USD' }),
        anomaly({ day: '2026-12-01' }),
      ];
      await t.store.saveAnomalies(xs);
      const nov = await t.store.listAnomalies({ from: '2026-11-01', to: '2026-11-30' });
      expect(nov.map((a) => a.day)).toEqual(['2026-11-01', '2026-11-30']);
      const one = await t.store.listAnomalies({
        from: '2026-01-01',
        to: '2026-12-31',
        seriesId: 'total|USD',
      });
      expect(one.map((a) => a.id)).toEqual([
        anomalyId({ seriesId: 'total|USD', day: '2026-11-30', direction: 'up' }),
      ]);
    });

    it('an anomaly stored under its old long id is found by it, and judged again is replaced, not doubled', async () => {
      // Prepare: a record judged before short ids.
      const now = anomaly();
      const old = { ...now, id: legacyAnomalyId(now) };
      await t.store.saveAnomalies([old]);

      // Act + Assess: the old id (a Slack button posted then) finds it; marks may name it.
      expect(await t.store.getAnomaly(old.id)).toEqual(old);
      await t.store.markAnomaly(mark(old));

      // Act: judged again, under its short id.
      await t.store.saveAnomalies([{ ...now, status: 'ongoing' }]);

      // Assess: one record, found by either id.
      const got = await t.store.listAnomalies({ from: '2026-11-01', to: '2026-11-30' });
      expect(got.map((a) => a.id)).toEqual([now.id]);
      expect(await t.store.getAnomaly(old.id)).toMatchObject({ id: now.id, status: 'ongoing' });
      expect(await t.store.getAnomaly(now.id)).toMatchObject({ id: now.id });
    });

    it('keeps every mark with who and when, and rejects marks of unknown anomalies', async () => {
      const a = anomaly();
      await t.store.saveAnomalies([a]);
      await t.store.markAnomaly(mark(a, { note: 'planned fine-tune' }));
      await t.store.markAnomaly(mark(a, { verdict: 'real', by: 'bob', at: '2026-11-05T10:00:00.000Z' }));
      const marks = await t.store.listMarks({ from: '2026-11-01', to: '2026-11-30' });
      expect(marks).toEqual([
        mark(a, { note: 'planned fine-tune' }),
        mark(a, { verdict: 'real', by: 'bob', at: '2026-11-05T10:00:00.000Z' }),
      ]);
      expect(await t.store.listMarks({ from: '2026-12-01', to: '2026-12-31' })).toEqual([]);
      await expect(t.store.markAnomaly(mark(anomaly({ day: '2026-11-09' })))).rejects.toMatchObject({
        code: 'UNKNOWN_ANOMALY',
      });
    });

    it('claims each budget threshold once per period', async () => {
      const alert = budgetAlert('llama serve', 'actual', 80, 'llama serve: 80%');
      expect(await t.store.claimBudgetAlert(alert)).toBe(true);
      expect(await t.store.claimBudgetAlert({ ...alert, at: '2026-11-21T06:00:00.000Z' })).toBe(false);
      expect(await t.store.claimBudgetAlert({ ...alert, kind: 'forecast' })).toBe(true);
      expect(await t.store.claimBudgetAlert({ ...alert, period: '2026-12' })).toBe(true);
      const both = await Promise.all([
        t.store.claimBudgetAlert({ ...alert, threshold: 100 }),
        t.store.claimBudgetAlert({ ...alert, threshold: 100 }),
      ]);
      expect(both.filter(Boolean)).toHaveLength(1);
      expect((await t.store.listBudgetAlerts('2026-11')).map((x) => `${x.kind}:${x.threshold}`)).toEqual([
        'actual:80',
        'actual:100',
        'forecast:80',
      ]);
    });

    it('gives a released budget alert back, so the next claim wins again', async () => {
      const alert = budgetAlert('gcp', 'forecast', 100, 'gcp: forecast 100%');
      expect(await t.store.claimBudgetAlert(alert)).toBe(true);
      await t.store.releaseBudgetAlert(alert);
      expect(await t.store.listBudgetAlerts('2026-11')).toEqual([]);
      expect(await t.store.claimBudgetAlert(alert)).toBe(true);
      expect(await t.store.claimBudgetAlert(alert)).toBe(false);
    });

    it('keeps anomalies, marks and alert state across reopen', async () => {
      const a = anomaly();
      await t.store.saveAnomalies([a]);
      await t.store.markAnomaly(mark(a));
      await t.store.claimBudgetAlert({
        budget: 'b',
        period: '2026-11',
        kind: 'actual',
        threshold: 50,
        at: '2026-11-04T06:00:00.000Z',
        message: 'm',
      });
      t.store = await t.h.reopen();
      expect(await t.store.getAnomaly(a.id)).toEqual(a);
      expect(await t.store.listMarks({ from: '2026-11-01', to: '2026-11-30' })).toHaveLength(1);
      expect(await t.store.listBudgetAlerts('2026-11')).toHaveLength(1);
    });
  });
}
