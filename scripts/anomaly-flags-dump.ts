// node --import tsx scripts/anomaly-flags-dump.ts OUT.json [--compare BEFORE.json]
// Records the detector's decisions (flags, and the expectation, reason and score of every flagged day)
// on NAB-daily and on the benchmark's synthetic suite, so a refactor can show it decides the same.
// `--compare` reads an earlier dump and counts the series whose decisions differ.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DETECTOR, type DetectorOptions, judgeSeries } from '../src/core/anomaly/detector.js';
import { DetectorScratch } from '../src/core/anomaly/detector-scratch.js';
import { type NamedSeries, parseSeriesCsv } from '../src/core/anomaly/series-csv.js';
import { generateSuite } from './anomaly-suite.js';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    compare: { type: 'string' },
    seed: { type: 'string', default: '20261101' },
    series: { type: 'string', default: '1000' },
    days: { type: 'string', default: '400' },
    'speed-series': { type: 'string', default: '2000' },
  },
});
const out = positionals[0];
if (!out) throw new Error('usage: anomaly-flags-dump.ts OUT.json [--compare BEFORE.json]');

const BENCH = ['/work/shared/bench/anomaly', join(process.cwd(), '../shared/bench/anomaly')].find((p) =>
  existsSync(join(p, 'nab-daily/series.csv')),
);
if (!BENCH) throw new Error('NAB-daily not found in /work/shared/bench/anomaly');
const seed = Number(args.seed);
const nab = parseSeriesCsv(readFileSync(join(BENCH, 'nab-daily/series.csv'), 'utf8'));
const synthetic = generateSuite(seed, Number(args.series), Number(args.days)).series;
const speedSuite = generateSuite(seed + 1, Number(args['speed-series']), Number(args.days)).series;

/** One series' decisions: its flags, and for each flagged day its index, reason, expectation and score. */
function decisions(s: NamedSeries, opts: DetectorOptions, scratch: DetectorScratch) {
  const j = judgeSeries(s.days, s.values, opts, scratch);
  const flagged: [number, number, number, number][] = [];
  j.flag.forEach((f, i) => {
    if (f !== 0) flagged.push([i, j.reason[i] as number, j.expected[i] as number, j.score[i] as number]);
  });
  return { flags: Array.from(j.flag).join(''), flagged };
}

const withDrops = { ...DEFAULT_DETECTOR, drops: true };
const runs: [string, readonly NamedSeries[], DetectorOptions][] = [
  ['nab floor 0, drops (as bench:anomalies scores it)', nab, { ...withDrops, minImpact: 0 }],
  ['nab floor 10, no drops', nab, DEFAULT_DETECTOR],
  ['synthetic, drops (as bench:anomalies scores it)', synthetic, withDrops],
  ['synthetic, no drops (store mode)', synthetic, DEFAULT_DETECTOR],
  ['speed suite (seed + 1), drops', speedSuite, withDrops],
];
/**
 * A hash of every output of every day (not only flagged days) of the exact path (the fast path keeps
 * the decisions, not the scores of the days it settles).
 */
function exactOutputsHash(list: readonly NamedSeries[], opts: DetectorOptions): string {
  const h = createHash('sha256');
  for (const s of list) {
    const j = judgeSeries(s.days, s.values, opts, undefined, 'exact');
    for (const a of [j.expected, j.score, j.reason, j.flag])
      h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return h.digest('hex');
}

const dump: Record<
  string,
  { hash: string; exactOutputs: string; alerts: number; series: Record<string, unknown> }
> = {};
for (const [name, list, opts] of runs) {
  const scratch = new DetectorScratch(opts);
  const series: Record<string, ReturnType<typeof decisions>> = {};
  const h = createHash('sha256');
  let alerts = 0;
  for (const s of list) {
    const d = decisions(s, opts, scratch);
    series[s.name] = d;
    h.update(`${s.name}\n${JSON.stringify(d)}\n`);
    for (const c of d.flags) if (c === '1') alerts += 1;
  }
  const entry = { hash: h.digest('hex'), exactOutputs: exactOutputsHash(list, opts), alerts, series };
  dump[name] = entry;
  console.log(`${name.padEnd(50)} ${list.length} series, ${alerts} alerts, sha256 ${entry.hash}`);
}
writeFileSync(out, JSON.stringify(dump));

if (args.compare) {
  const before = JSON.parse(readFileSync(args.compare, 'utf8')) as typeof dump;
  let differing = 0;
  let days = 0;
  for (const [name, run] of Object.entries(dump)) {
    const old = before[name];
    if (!old) throw new Error(`${args.compare} has no run "${name}"`);
    let here = 0;
    for (const [s, d] of Object.entries(run.series)) {
      const o = old.series[s] as ReturnType<typeof decisions> | undefined;
      days += (d as ReturnType<typeof decisions>).flags.length;
      if (JSON.stringify(o) !== JSON.stringify(d)) here += 1;
    }
    if (Object.keys(old.series).length !== Object.keys(run.series).length) here += 1;
    const same = (a: string, b: string) => (a === b ? 'same' : 'differs');
    console.log(
      `${name.padEnd(50)} ${here} series differ (decisions hash ${same(old.hash, run.hash)}, ` +
        `exact path's every output ${same(old.exactOutputs, run.exactOutputs)})`,
    );
    differing += here;
  }
  console.log(`compared ${days} series-days: ${differing} series with different decisions`);
  if (differing > 0) process.exitCode = 1;
}
