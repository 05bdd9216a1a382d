// npm run diagnose:anomalies [-- --series 1000 --verbose]
// Where the detector's misses and false alerts are: per-kind confusion on the synthetic suite (false
// episodes by the shapes of their series and by where they fall), and per-series hits, misses and false
// episodes on NAB-daily. Scores in-process with the same rules as score.py (bench:anomalies calls the
// real score.py); this is for looking, not for the recorded figures.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DETECTOR } from '../src/core/anomaly/detector.js';
import { type NamedSeries, parseSeriesCsv, scoreSeries } from '../src/core/anomaly/series-csv.js';
import { dayNumber, dayString } from '../src/core/day.js';
import { generateSuite } from './anomaly-suite.js';

const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: '1000' },
    days: { type: 'string', default: '400' },
    seed: { type: 'string', default: '20261101' },
    verbose: { type: 'boolean', default: false },
  },
});

interface Ev {
  start: number;
  end: number;
  kind: string;
  ignore: boolean;
}
type Labels = Record<string, (string | { start: string; end?: string; kind?: string; ignore?: boolean })[]>;

interface Result {
  hits: Record<string, [number, number]>;
  episodes: number;
  falseEpisodes: number;
  seriesDays: number;
  falseWhere: Record<string, number>;
  lines: string[];
}

/** score.py's rules: 14-day warm-up, window [start-1, end+2], consecutive alert days are one episode. */
function evaluate(
  series: NamedSeries[],
  labels: Labels,
  minImpact: number,
  tag: (s: string) => string,
): Result {
  const alerts = scoreSeries(series, { ...DEFAULT_DETECTOR, minImpact, drops: true });
  const byS = new Map<string, number[]>();
  for (const a of alerts) {
    const l = byS.get(a.series) ?? [];
    l.push(dayNumber(a.date));
    byS.set(a.series, l);
  }
  const r: Result = { hits: {}, episodes: 0, falseEpisodes: 0, seriesDays: 0, falseWhere: {}, lines: [] };
  for (const s of series) {
    const start = (s.days[0] as number) + 14;
    r.seriesDays += s.days.filter((d) => d >= start).length;
    const evs: Ev[] = (labels[s.name] ?? [])
      .map((e) =>
        typeof e === 'string'
          ? { start: dayNumber(e), end: dayNumber(e), kind: 'event', ignore: false }
          : {
              start: dayNumber(e.start),
              end: dayNumber(e.end ?? e.start),
              kind: e.kind ?? 'event',
              ignore: e.ignore === true,
            },
      )
      .filter((e) => e.start >= start);
    const xs = (byS.get(s.name) ?? []).filter((d) => d >= start).sort((a, b) => a - b);
    const inW = (e: Ev, x: number) => x >= e.start - 1 && x <= e.end + 2;
    const missed: string[] = [];
    for (const e of evs) {
      if (e.ignore) continue;
      const h = r.hits[e.kind] ?? [0, 0];
      r.hits[e.kind] = h;
      h[1] += 1;
      if (xs.some((x) => inW(e, x))) h[0] += 1;
      else missed.push(`${e.kind}@${dayString(e.start)}`);
    }
    const groups: number[][] = [];
    for (const x of xs) {
      const g = groups[groups.length - 1];
      if (g && x - (g[g.length - 1] as number) === 1) g.push(x);
      else groups.push([x]);
    }
    const fps: string[] = [];
    for (const g of groups) {
      const touches = evs.filter((e) => g.some((x) => inW(e, x)));
      if (touches.length && touches.every((e) => e.ignore)) continue;
      r.episodes += 1;
      if (touches.length) continue;
      r.falseEpisodes += 1;
      const g0 = g[0] as number;
      const prior = evs.filter((e) => e.start < g0 && !e.ignore).pop();
      const where = prior ? `after ${prior.kind} (+${g0 - prior.start}d)` : 'no prior event';
      const key = `${tag(s.name)} | ${prior ? `after ${prior.kind}` : 'no prior event'}`;
      r.falseWhere[key] = (r.falseWhere[key] ?? 0) + 1;
      fps.push(`${dayString(g0)}x${g.length} ${where}`);
    }
    if (missed.length || fps.length)
      r.lines.push(`${s.name} [${tag(s.name)}] missed ${missed.join(' ')} | false ${fps.join(', ')}`);
  }
  return r;
}

function report(name: string, r: Result): void {
  let hit = 0;
  let all = 0;
  for (const [, [h, n]] of Object.entries(r.hits)) {
    hit += h;
    all += n;
  }
  const recall = hit / Math.max(1, all);
  const precision = r.episodes ? (r.episodes - r.falseEpisodes) / r.episodes : 1;
  const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
  console.log(
    `${name}: F1 ${f1.toFixed(4)} recall ${recall.toFixed(4)} precision ${precision.toFixed(4)} ` +
      `false/100 ${((r.falseEpisodes * 100) / r.seriesDays).toFixed(4)} (${r.falseEpisodes} false of ${r.episodes})`,
  );
  for (const [k, [h, n]] of Object.entries(r.hits)) console.log(`  recall ${k}: ${h}/${n}`);
  const where = Object.entries(r.falseWhere).sort((a, b) => b[1] - a[1]);
  for (const [k, n] of where.slice(0, 15)) console.log(`  false: ${n}  ${k}`);
}

const bench = ['../shared/bench/anomaly', '/work/shared/bench/anomaly'].find((p) =>
  existsSync(join(p, 'score.py')),
);
if (bench) {
  const nab = parseSeriesCsv(readFileSync(join(bench, 'nab-daily/series.csv'), 'utf8'));
  const labels = JSON.parse(readFileSync(join(bench, 'nab-daily/labels.json'), 'utf8')) as Labels;
  const r = evaluate(nab, labels, 0, (s) => s.split('/')[0] ?? s);
  report('NAB-daily', r);
  for (const l of r.lines) console.log(`  ${l}`);
}
const suite = generateSuite(Number(args.seed), Number(args.series), Number(args.days));
const shapes = new Map(suite.series.map((s) => [s.name, s.shapes.join('+') || 'plain']));
const r = evaluate(
  suite.series.map((s) => ({ name: s.name, days: s.days, values: s.values })),
  suite.labels as Labels,
  DEFAULT_DETECTOR.minImpact,
  (s) => shapes.get(s) ?? '',
);
report('synthetic', r);
if (args.verbose) for (const l of r.lines) console.log(`  ${l}`);
