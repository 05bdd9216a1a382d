import { afterAll, describe, expect, it } from 'vitest';
import { generateSuite } from '../../../scripts/anomaly-suite.js';
import { AnomalyPool, packSeries } from '../../../src/app/anomaly-pool.js';
import { alertsOf } from '../../../src/core/anomaly/alerts.js';
import { DEFAULT_DETECTOR, FLAG, judgeSeries } from '../../../src/core/anomaly/detector.js';

describe('AnomalyPool', () => {
  const pool = AnomalyPool.start(2);
  afterAll(() => pool.close());

  it('judges packed series on worker threads with the same flags as judgeSeries in process', async () => {
    // Prepare: series of different lengths, so the split between threads is uneven, and more than
    // two 256-series tasks, so the threads take turns and the answers must come back in series order
    const suite = generateSuite(7, 600, 200);
    const series = suite.series.map((s, k) => ({
      days: s.days.subarray(k % 30),
      values: s.values.subarray(k % 30),
    }));
    const opts = { ...DEFAULT_DETECTOR, drops: true };
    // Act
    const packed = packSeries(series);
    const r = await pool.judge(packed, opts);
    // Assess
    let onsets = 0;
    const want: { series: number; alert: ReturnType<typeof alertsOf>[number] }[] = [];
    series.forEach((s, k) => {
      const j = judgeSeries(s.days, s.values, opts);
      const at = packed.offsets[k] as number;
      expect(Array.from(r.flags.subarray(at, at + s.values.length))).toEqual(Array.from(j.flag));
      onsets += j.flag.filter((f) => f === FLAG.alert).length;
      for (const alert of alertsOf(s.values, j)) want.push({ series: k, alert });
    });
    expect(onsets).toBeGreaterThan(0);
    expect(r.found.length).toBe(onsets);
    // The onsets themselves, by series then day, as alertsOf finds them in process.
    expect(r.found).toEqual(want);
  });
});
