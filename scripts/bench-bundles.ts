/**
 * bench:bundles — per Lambda function: zip and bundle size (after `npx serverless package`), and module
 * initialisation time (a cold-start proxy: importing the bundle in a fresh Node process), compared
 * with an empty ESM module measured the same way in the same run. Medians of N runs per function.
 *
 *   npm run bench:bundles            packages first (offline, dummy credentials)
 *   npm run bench:bundles -- --no-package   uses the existing .build/
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const RUNS = 7;
const FUNCTIONS = ['ingest', 'detect', 'rollup', 'idleSweep', 'slack', 'slackWorker'];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/** ms to import `file` in a fresh process (timed inside the child, so Node's own start is excluded). */
function initMs(file: string): number {
  const code = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { ...process.env, AWS_REGION: 'us-east-1', NODE_NO_WARNINGS: '1' },
  });
  return Number(out.toString());
}

if (!process.argv.includes('--no-package')) {
  execFileSync('npx', ['serverless', 'package', '--stage', 'dev'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'packaging-only', AWS_SECRET_ACCESS_KEY: 'packaging-only' },
  });
}

const empty = join(mkdtempSync(join(tmpdir(), 'bench-bundles-')), 'empty.mjs');
writeFileSync(empty, 'export const handler = async () => ({});\n');
const rows: string[][] = [];
const baselines: number[] = [];
for (const fn of FUNCTIONS) {
  const dir = join(ROOT, '.build', fn, 'functions');
  const bundle = join(dir, readdirSync(dir).find((f) => f.endsWith('.mjs')) ?? '');
  const times: number[] = [];
  // Interleaved with the baseline so both see the same machine load.
  for (let i = 0; i < RUNS; i++) {
    baselines.push(initMs(empty));
    times.push(initMs(bundle));
  }
  const base = median(baselines);
  rows.push([
    fn,
    `${(statSync(join(ROOT, '.build', `${fn}.zip`)).size / 1024).toFixed(0)} KiB`,
    `${(statSync(bundle).size / 1024).toFixed(0)} KiB`,
    `${median(times).toFixed(1)} ms`,
    `${(median(times) / base).toFixed(1)}x`,
  ]);
}
console.log(
  `node ${process.version}, ${RUNS} runs each; baseline (empty ESM module) median ${median(baselines).toFixed(2)} ms\n`,
);
console.log('| function | zip | bundle (minified) | init median | init / baseline |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
