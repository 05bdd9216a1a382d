// npm run bench:anomalies [-- --series 1000 --speed-series 20000 --days 400 --reps 5 --out bench-out]
// Accuracy of `costguard anomalies --input` on NAB-daily and on the seeded synthetic cost suite (scored
// by the benchmark's own score.py), against the rolling median/MAD baseline in the same run; detector
// speed on 20,000 series x 400 days against the same baseline; month-end forecast MAPE on days 10 and 20.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AnomalyPool, packSeries } from '../src/app/anomaly-pool.js';
import { alertsOf } from '../src/core/anomaly/alerts.js';
import { DEFAULT_DETECTOR, judgeSeries } from '../src/core/anomaly/detector.js';
import { DetectorScratch } from '../src/core/anomaly/detector-scratch.js';
import { parseSeriesCsv } from '../src/core/anomaly/series-csv.js';
import { forecastMonth } from '../src/core/budget/forecast.js';
import { civilFromDays, dayString, daysInMonth } from '../src/core/day.js';
import { baselineAlerts } from './anomaly-baseline.js';
import { generateSuite, type Suite, suiteCsv } from './anomaly-suite.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: '1000' },
    'speed-series': { type: 'string', default: '20000' },
    days: { type: 'string', default: '400' },
    reps: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20261101' },
    out: { type: 'string', default: 'bench-out' },
  },
});
const OUT = resolve(ROOT, args.out);
mkdirSync(OUT, { recursive: true });
const BENCH = [join(ROOT, '../shared/bench/anomaly'), '/work/shared/bench/anomaly'].find((p) =>
  existsSync(join(p, 'score.py')),
);

type Score = Record<string, number | null | Record<string, number>>;

function score(seriesCsv: string, labels: string, alertsJsonl: string): Score {
  if (!BENCH) throw new Error('score.py not found in ../shared/bench/anomaly or /work/shared/bench/anomaly');
  const out = execFileSync('python3', [join(BENCH, 'score.py'), seriesCsv, labels, alertsJsonl, '--json'], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as Score;
}

/** The real CLI in scoring mode, as the issue specifies it. */
function costguardScore(input: string, out: string, extra: string[] = []): void {
  const r = spawnSync(
    process.execPath,
    ['bin/costguard.js', 'anomalies', '--input', input, '--format', 'jsonl', ...extra],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  if (r.status !== 0) throw new Error(`costguard anomalies failed: ${r.stderr}`);
  writeFileSync(out, r.stdout);
}

function baselineJsonl(csvPath: string, out: string): void {
  const lines: string[] = [];
  for (const s of parseSeriesCsv(readFileSync(csvPath, 'utf8'))) {
    for (const i of baselineAlerts(s.values)) {
      lines.push(JSON.stringify({ series: s.name, date: dayString(s.days[i] as number) }));
    }
  }
  writeFileSync(out, lines.join('\n'));
}

function accuracy(name: string, csv: string, labels: string, extra: string[]) {
  const ours = join(OUT, `${name}-costguard.jsonl`);
  const base = join(OUT, `${name}-baseline.jsonl`);
  costguardScore(csv, ours, extra);
  baselineJsonl(csv, base);
  return { costguard: score(csv, labels, ours), baseline: score(csv, labels, base) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * Detector speed: costguard on worker threads (AnomalyPool, one per core; packing the series into
 * shared memory is inside the timing, starting the threads is not: a pool serves many batches),
 * costguard on this thread alone, and the baseline on this thread; interleaved, medians of `reps`.
 */
async function speed(suite: Suite, reps: number) {
  let sink = 0;
  const opts = { ...DEFAULT_DETECTOR, drops: true };
  const pool = AnomalyPool.start();
  const pooled = async () => {
    sink += (await pool.judge(packSeries(suite.series), opts)).found.length;
  };
  const scratch = new DetectorScratch(opts);
  const single = async () => {
    for (const s of suite.series)
      sink += alertsOf(s.values, judgeSeries(s.days, s.values, opts, scratch)).length;
  };
  const base = async () => {
    for (const s of suite.series) sink += baselineAlerts(s.values).length;
  };
  const fns = { pooled, single, base };
  for (const fn of Object.values(fns)) await fn(); // warm-up: JIT everything before timing
  const t: Record<keyof typeof fns, number[]> = { pooled: [], single: [], base: [] };
  const order = Object.keys(fns) as (keyof typeof fns)[];
  for (let k = 0; k < reps; k++) {
    for (let o = 0; o < order.length; o++) {
      const which = order[(o + k) % order.length] as keyof typeof fns;
      const t0 = process.hrtime.bigint();
      await fns[which]();
      t[which].push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
  }
  await pool.close();
  return {
    threads: pool.size,
    oursSeconds: median(t.pooled),
    oursOneThreadSeconds: median(t.single),
    baselineSeconds: median(t.base),
    runs: t,
    sink,
  };
}

/** Month-end forecasts made at the end of day 10 and day 20 of each full month, against the actual. */
function forecastMape(suite: Suite) {
  const errs: Record<'day10' | 'day20', number[]> = { day10: [], day20: [] };
  for (const s of suite.series) {
    const first = s.days[0] as number;
    for (let i = 28; i < s.values.length; i++) {
      const { y, m, d } = civilFromDays(first + i);
      if (d !== 1) continue;
      const len = daysInMonth(y, m);
      if (i + len > s.values.length) break;
      const actual = s.values.slice(i, i + len).reduce((a, b) => a + b, 0);
      if (actual <= 0 || (s.values[i - 28] as number) <= 0) continue; // a new series: no history yet
      for (const [key, day] of [
        ['day10', 10],
        ['day20', 20],
      ] as const) {
        const asOf = i + day - 1;
        const history = Array.from(s.values.slice(Math.max(0, asOf - 59), asOf + 1));
        const mtd = s.values.slice(i, asOf + 1).reduce((a, b) => a + b, 0);
        const f = forecastMonth(history, first + asOf, mtd);
        errs[key].push(Math.abs(f.total - actual) / actual);
      }
    }
  }
  const mape = (xs: number[]) => (100 * xs.reduce((a, b) => a + b, 0)) / Math.max(1, xs.length);
  return { day10: mape(errs.day10), day20: mape(errs.day20), months: errs.day10.length };
}

const nSeries = Number(args.series);
const nDays = Number(args.days);
const seed = Number(args.seed);
console.log(
  `bench:anomalies  seed ${seed}, suite ${nSeries} x ${nDays} days, speed ${args['speed-series']} x ${nDays}`,
);

const suite = generateSuite(seed, nSeries, nDays);
const synCsv = join(OUT, 'synthetic-series.csv');
const synLabels = join(OUT, 'synthetic-labels.json');
writeFileSync(synCsv, suiteCsv(suite));
writeFileSync(synLabels, JSON.stringify(suite.labels));
const synthetic = accuracy('synthetic', synCsv, synLabels, []);
const nab = BENCH
  ? accuracy('nab', join(BENCH, 'nab-daily/series.csv'), join(BENCH, 'nab-daily/labels.json'), [
      '--min-impact',
      '0',
    ])
  : undefined;
const forecast = forecastMape(suite);
const speedSuite = generateSuite(seed + 1, Number(args['speed-series']), nDays);
const sp = await speed(speedSuite, Number(args.reps));

const row = (label: string, s: Score | undefined) =>
  s
    ? `${label.padEnd(28)} F1 ${s.f1}  recall ${s.recall}  precision ${s.precision}  false/100 series-days ${s.false_alerts_per_100_series_days}  by kind ${JSON.stringify(s.recall_by_kind)}`
    : `${label.padEnd(28)} (score.py not found)`;
console.log(row('NAB-daily costguard', nab?.costguard));
console.log(row('NAB-daily baseline', nab?.baseline));
console.log(row('synthetic costguard', synthetic.costguard));
console.log(row('synthetic baseline', synthetic.baseline));
console.log(
  `forecast MAPE  day 10: ${forecast.day10.toFixed(2)}%  day 20: ${forecast.day20.toFixed(2)}%  (${forecast.months} series-months)`,
);
console.log(
  `speed ${args['speed-series']} x ${nDays}: costguard ${sp.oursSeconds.toFixed(3)} s on ${sp.threads} threads ` +
    `(${sp.oursOneThreadSeconds.toFixed(3)} s on one), baseline ${sp.baselineSeconds.toFixed(3)} s on one, ` +
    `ratio ${(sp.oursSeconds / sp.baselineSeconds).toFixed(2)} (medians of ${args.reps})`,
);
writeFileSync(
  join(OUT, 'bench-anomalies.json'),
  JSON.stringify(
    { seed, nSeries, nDays, nab, synthetic, forecast, speed: { ...sp, sink: undefined } },
    null,
    1,
  ),
);
