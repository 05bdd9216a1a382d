// Seeded synthetic cost suite for bench:anomalies: daily cost series with the shapes real ML spend has
// (weekday/weekend, slow trends, 1st-of-month charges, recurring training bursts, new series from zero)
// and injected anomalies (spikes, level shifts, ramps, new series) with labels in score.py's format.
import { civilFromDays, dayNumber, dayString, weekdayOf } from '../src/core/day.js';
import { rng } from '../src/sim/rng.js';

export { rng };

export const SUITE_VERSION = 3;

export interface SuiteLabel {
  start: string;
  end: string;
  kind: 'spike' | 'level_shift' | 'ramp' | 'new_series' | 'monthly_first_seen' | 'training_first_seen';
  ignore?: boolean;
}

export interface SuiteSeries {
  name: string;
  shapes: string[];
  days: Int32Array;
  values: Float64Array;
  /** The same series without injected anomalies (for forecast accuracy on clean months). */
  clean: Float64Array;
}

export interface Suite {
  series: SuiteSeries[];
  labels: Record<string, SuiteLabel[]>;
}

const START = '2025-01-06';
/** score.py's warm-up (days of each series it does not score). */
const WARMUP = 14;

/**
 * `count` series of `length` days. With `anomalies` false the series carry only normal shapes (the
 * speed benchmark uses that too; labels are then empty).
 */
export function generateSuite(seed: number, count: number, length: number, anomalies = true): Suite {
  const r = rng(seed);
  const u = (a: number, b: number) => a + (b - a) * r();
  const first = dayNumber(START);
  const days = Int32Array.from({ length }, (_, i) => first + i);
  const series: SuiteSeries[] = [];
  const labels: Record<string, SuiteLabel[]> = {};
  for (let k = 0; k < count; k++) {
    const name = `syn-${String(k).padStart(5, '0')}`;
    const level = Math.exp(u(Math.log(30), Math.log(5000)));
    const cv = u(0.03, 0.12);
    const shapes: string[] = [];
    const weekend = r() < 0.5 ? u(0.1, 0.7) : 1;
    if (weekend < 1) shapes.push('weekday');
    const trend = r() < 0.4 ? u(-0.002, 0.004) : 0;
    if (trend !== 0) shapes.push('trend');
    const monthly = r() < 0.25 ? u(0.5, 3) * level : 0;
    if (monthly) shapes.push('monthly');
    const training = r() < 0.2;
    if (training) shapes.push('training');
    const burstHeight = training ? u(3, 8) : 0;
    const startAt = anomalies && r() < 0.15 ? Math.floor(u(30, length - 30)) : 0;
    const lab: SuiteLabel[] = [];
    // Recurring bursts: a run of 2-4 days every 7-14 days (a training job's cadence).
    const burst = new Uint8Array(length);
    if (training) {
      for (let i = Math.floor(u(0, 5)); i < length; i += Math.floor(u(7, 15))) {
        const len = Math.floor(u(2, 5));
        for (let j = i; j < Math.min(length, i + len); j++) burst[j] = 1;
      }
    }
    const clean = new Float64Array(length);
    // The monthly charge is a subscription: it does not grow when usage shifts or ramps, so it is kept
    // apart and added after the anomalies are injected into usage.
    const charge = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const d = days[i] as number;
      const dow = weekdayOf(d);
      let v = level * (1 + trend) ** i * (dow === 0 || dow === 6 ? weekend : 1);
      if (training) v = burst[i] ? v * burstHeight : v * 0.3;
      v *= 1 + cv * (r() + r() + r() - 1.5) * 2; // roughly normal noise with sd ~ cv
      if (monthly && civilFromDays(d).d === 1 && i >= startAt) charge[i] = monthly * (1 + trend) ** i;
      clean[i] = i < startAt ? 0 : Math.max(0, v);
    }
    const values = Float64Array.from(clean);
    if (startAt > 0) {
      shapes.push('new');
      lab.push({ start: dayString(first + startAt), end: dayString(first + startAt), kind: 'new_series' });
    }
    if (monthly) {
      // The first 1st of the month (with spend) has no month before it: nothing could expect it.
      const firstFirst = [...days].findIndex((d, i) => civilFromDays(d).d === 1 && i >= startAt);
      if (firstFirst >= 0) {
        const day = dayString(first + firstFirst);
        lab.push({ start: day, end: day, kind: 'monthly_first_seen', ignore: true });
      }
    }
    if (training) {
      // Until a job has run twice, nothing could know its bursts are the series' pattern: the first
      // two bursts (with spend) are don't-care, like the first monthly charge.
      let seenRuns = 0;
      for (let i = startAt; i < length && seenRuns < 2; i++) {
        if (!burst[i] || (i > startAt && burst[i - 1])) continue;
        let end = i;
        while (end + 1 < length && burst[end + 1]) end += 1;
        // score.py drops an event that starts in its 14-day warm-up, which would turn the rest of a
        // run that straddles the warm-up into false alerts: the window starts at the first scored day.
        lab.push({
          start: dayString(first + Math.max(i, Math.min(end, WARMUP))),
          end: dayString(first + end),
          kind: 'training_first_seen',
          ignore: true,
        });
        seenRuns += 1;
      }
    }
    if (anomalies) injectAnomalies(values, Math.max(30, startAt + 30), level, burstHeight, u, r, lab, first);
    for (let i = 0; i < length; i++) {
      clean[i] = (clean[i] as number) + (charge[i] as number);
      values[i] = (values[i] as number) + (charge[i] as number);
    }
    series.push({ name, shapes, days, values, clean });
    labels[name] = lab;
  }
  return { series, labels };
}

function injectAnomalies(
  values: Float64Array,
  from: number,
  level: number,
  burstHeight: number,
  u: (a: number, b: number) => number,
  r: () => number,
  lab: SuiteLabel[],
  first: number,
): void {
  const n = values.length;
  const count = Math.floor(u(0, 3.5));
  let at = from + Math.floor(u(0, 40));
  for (let c = 0; c < count && at < n - 20; c++) {
    const kind = r();
    // Anomalies scale with the series' normal peak (bursts for training series): a spike is clearly
    // beyond what the series does on its own, and at least $25 a day.
    const peak = burstHeight ? level * burstHeight : level;
    if (kind < 0.5) {
      const len = r() < 0.7 ? 1 : 2;
      const add = Math.max(25, peak * u(burstHeight ? 1.5 : 0.6, 3));
      for (let j = at; j < at + len; j++) values[j] = (values[j] as number) + add;
      lab.push({ start: dayString(first + at), end: dayString(first + at + len - 1), kind: 'spike' });
      at += len + Math.floor(u(20, 60));
    } else if (kind < 0.75) {
      const f = u(1.5, 2.5);
      const add = Math.max(25, level * (f - 1));
      for (let j = at; j < n; j++) values[j] = (values[j] as number) * f + (add - level * (f - 1));
      lab.push({ start: dayString(first + at), end: dayString(first + at), kind: 'level_shift' });
      at = n; // a permanent shift ends the series' story
    } else {
      const len = Math.floor(u(7, 15));
      const f = u(2, 3);
      for (let j = at; j < n; j++) {
        const p = Math.min(1, (j - at + 1) / len);
        values[j] = (values[j] as number) * (1 + p * (f - 1));
      }
      lab.push({ start: dayString(first + at), end: dayString(first + at + len - 1), kind: 'ramp' });
      at = n;
    }
  }
}

/** score.py input: `series,date,value` rows. */
export function suiteCsv(s: Suite): string {
  const lines = ['series,date,value'];
  for (const x of s.series) {
    for (let i = 0; i < x.values.length; i++) {
      lines.push(`${x.name},${dayString(x.days[i] as number)},${(x.values[i] as number).toFixed(4)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
