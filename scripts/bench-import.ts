// npm run bench:import [-- --size-mb 1100 --reps 3 --out bench-out --format focus|aws-cur2]
// Throughput of `costguard import` against a plain DuckDB scan of the same synthetic FOCUS (or CUR 2.0)
// CSV, measured in the same run, each as a child process so wall time and peak memory are the process's own.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CUR2_COLUMNS, CUR2_MONEY, ensureCur2Csv } from './gen-cur2.js';
import { COST_COLUMNS, ensureFocusCsv, FOCUS_COLUMNS } from './gen-focus.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MB = 1e6;
const TARGET_RATIO = 0.6;
const TARGET_PEAK_MB = 1500; // "peak < 1.5 GB", read in decimal MB like the file size (the stricter reading)

// Each child reports its own peak RSS as it exits. ru_maxrss is the kernel's high-water mark of the
// resident set (VmHWM) over the whole process, all threads and DuckDB's native allocations included, so
// unlike polling it cannot miss a short peak, and it needs no /usr/bin/time.
// It also reports the CPU time of all its threads (user + system), which shared-machine noise distorts
// less than wall time.
const MARK = '@@bench-peak-rss-kb=';
const PEAK_HOOK = `data:text/javascript,${encodeURIComponent(
  `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\n${MARK}' + u.maxRSS + ',' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });`,
)}`;

interface Run {
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  stdout: string;
}

function runNode(args: readonly string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', PEAK_HOOK, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seconds = 0;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', fail);
    child.on('exit', () => {
      seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    });
    child.on('close', (code, signal) => {
      const mark = [...stderr.matchAll(new RegExp(`${MARK}(\\d+),(\\d+)`, 'g'))].at(-1);
      const [peak, cpu] = [mark?.[1], mark?.[2]];
      const output = stderr.replaceAll(new RegExp(`\\n?${MARK}\\d+,\\d+\\n`, 'g'), '').trim();
      if (code !== 0 || peak === undefined) {
        fail(
          new Error(`node ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.slice(-2000)}`),
        );
      } else {
        done({ seconds, cpuSeconds: Number(cpu) / 1e6, peakMb: (Number(peak) * 1024) / MB, stdout });
      }
    });
  });
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The baseline: DuckDB's CSV reader with every type given, summing the two money columns. */
function scanScript(csv: string, format: string): string {
  const cur2 = format === 'aws-cur2';
  const names: readonly string[] = cur2 ? CUR2_COLUMNS : FOCUS_COLUMNS;
  const money = (c: string) => (cur2 ? CUR2_MONEY.has(c) : COST_COLUMNS.has(c as never));
  const columns = names.map((c) => `${sqlString(c)}: ${sqlString(money(c) ? 'DECIMAL(38,12)' : 'VARCHAR')}`);
  const [billed, effective] = cur2
    ? ['line_item_unblended_cost', 'savings_plan_savings_plan_effective_cost']
    : ['BilledCost', 'EffectiveCost'];
  const sql =
    `SELECT count(*)::VARCHAR, sum(${billed})::VARCHAR, sum(${effective})::VARCHAR ` +
    `FROM read_csv(${sqlString(csv)}, header = true, auto_detect = false, nullstr = ['NULL', ''], ` +
    `columns = {${columns.join(', ')}})`;
  return `import { DuckDBInstance } from '@duckdb/node-api';
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const [rows, billed, effective] = (await connection.runAndReadAll(${JSON.stringify(sql)})).getRows()[0];
const [version] = (await connection.runAndReadAll('SELECT version()')).getRows()[0];
console.log(JSON.stringify({ rows: Number(rows), billed: Number(billed), effective: Number(effective), version }));`;
}

interface ScanOut {
  rows: number;
  billed: number;
  effective: number;
  version: string;
}
interface ImportOut {
  rows: number;
  facts: number;
  totals: { currency: string; billedCost: number; effectiveCost: number }[];
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

function figures(runs: readonly Run[], rows: number, bytes: number) {
  const seconds = median(runs.map((r) => r.seconds));
  return {
    seconds: runs.map((r) => r.seconds),
    medianSeconds: seconds,
    medianCpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    rowsPerSecond: rows / seconds,
    mbPerSecond: bytes / MB / seconds,
    // The largest of the repetitions: a peak is about the worst case, not the typical one.
    peakRssMb: Math.max(...runs.map((r) => r.peakMb)),
  };
}
type Figures = ReturnType<typeof figures>;

function options() {
  const { values } = parseArgs({
    options: {
      'size-mb': { type: 'string', default: '1100' },
      reps: { type: 'string', default: '3' },
      out: { type: 'string', default: 'bench-out' },
      format: { type: 'string', default: 'focus' },
    },
  });
  const sizeMb = Number(values['size-mb']);
  const reps = Number(values.reps);
  if (!(sizeMb > 0)) throw new Error(`--size-mb must be a positive number of MB, got "${values['size-mb']}"`);
  if (!Number.isInteger(reps) || reps < 1)
    throw new Error(`--reps must be a whole number >= 1, got "${values.reps}"`);
  const format = values.format ?? 'focus';
  if (format !== 'focus' && format !== 'aws-cur2')
    throw new Error(`--format must be focus or aws-cur2, got "${format}"`);
  return { sizeMb, reps, out: resolve(values.out ?? 'bench-out'), format };
}

async function main() {
  const opts = options();
  if (!existsSync(join(ROOT, 'bin/costguard.js')))
    throw new Error('bin/costguard.js is missing: nothing to measure');
  mkdirSync(opts.out, { recursive: true });
  const focusCsv = join(opts.out, `focus-${opts.sizeMb}mb.csv`);
  process.stderr.write(`preparing ${focusCsv} (${opts.sizeMb} MB)...\n`);
  const gen = await ensureFocusCsv(focusCsv, Math.round(opts.sizeMb * MB));
  let csv = focusCsv;
  if (opts.format === 'aws-cur2') {
    // The CUR 2.0 file holds the FOCUS file's rows in CUR columns; its own size is what is measured.
    csv = join(opts.out, `cur2-from-focus-${opts.sizeMb}mb.csv`);
    gen.bytes = (await ensureCur2Csv(focusCsv, csv)).bytes;
    process.stderr.write(`CUR 2.0 file ${csv}: ${(gen.bytes / MB).toFixed(1)} MB\n`);
  }
  process.stderr.write(
    gen.reused
      ? `${focusCsv} already exists at the requested size: not regenerated\n`
      : `generated ${gen.rows.toLocaleString('en-US')} rows of ${gen.resources.toLocaleString('en-US')} resources\n`,
  );
  // Read once untimed, so the first repetition does not pay the disk and the later ones the page cache.
  const warm = createReadStream(csv, { highWaterMark: 1 << 22 });
  warm.resume();
  await once(warm, 'close');

  const dbDir = mkdtempSync(join(tmpdir(), 'costguard-bench-'));
  const scans: Run[] = [];
  const imports: Run[] = [];
  let scanned: ScanOut | undefined;
  let imported: ImportOut | undefined;
  try {
    for (let i = 0; i < opts.reps; i++) {
      const db = join(dbDir, `rep-${i}.duckdb`); // a fresh store each time: no replace-delete work
      const scan = async () => {
        scans.push(await runNode(['--input-type=module', '-e', scanScript(csv, opts.format)]));
        scanned = JSON.parse(scans.at(-1)?.stdout ?? '') as ScanOut;
      };
      const load = async () => {
        imports.push(await runNode(['bin/costguard.js', 'import', csv, '--db', db, '--format', 'json']));
        imported = JSON.parse(imports.at(-1)?.stdout ?? '') as ImportOut;
      };
      // Alternate the order so that drift on a shared machine falls on both sides alike.
      if (i % 2 === 0) await scan().then(load);
      else await load().then(scan);
      rmSync(db, { force: true });
      rmSync(`${db}.wal`, { force: true });
      check(scanned, imported);
      process.stderr.write(
        `rep ${i + 1}/${opts.reps}: scan ${scans.at(-1)?.seconds.toFixed(2)} s, import ${imports.at(-1)?.seconds.toFixed(2)} s\n`,
      );
    }
  } finally {
    rmSync(dbDir, { recursive: true, force: true });
  }
  report(opts, csv, gen, scanned as ScanOut, imported as ImportOut, scans, imports);
}

/** A fast import that lost rows or money would be no result at all. */
function check(scan: ScanOut | undefined, imp: ImportOut | undefined): void {
  if (!scan || !imp) throw new Error('a child printed no result');
  const billed = imp.totals.reduce((a, t) => a + t.billedCost, 0);
  if (imp.rows !== scan.rows) throw new Error(`import read ${imp.rows} rows, the scan ${scan.rows}`);
  // The CLI prints totals rounded to 6 decimals; both sums are exact decimals underneath.
  if (Math.abs(billed - scan.billed) > 0.01)
    throw new Error(`import billed ${billed}, the scan ${scan.billed}`);
}

function report(
  opts: ReturnType<typeof options>,
  csv: string,
  gen: Awaited<ReturnType<typeof ensureFocusCsv>>,
  scanned: ScanOut,
  imported: ImportOut,
  scans: readonly Run[],
  imports: readonly Run[],
): void {
  const scan = figures(scans, scanned.rows, gen.bytes);
  const imp = figures(imports, scanned.rows, gen.bytes);
  const ratio = scan.medianSeconds / imp.medianSeconds; // same bytes and rows: throughputs' ratio
  // Each repetition runs the two back to back, so its own ratio shares that moment's machine load.
  const pairedRatios = scans.map((sc, i) => sc.seconds / (imports[i]?.seconds ?? Number.NaN));
  const cpuRatio = scan.medianCpuSeconds / imp.medianCpuSeconds;
  const load = loadavg()[0] ?? 0;
  const pass = { throughput: ratio >= TARGET_RATIO, memory: imp.peakRssMb < TARGET_PEAK_MB };
  const result = {
    date: new Date().toISOString(),
    machine: {
      nproc: availableParallelism(),
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      kernel: release(),
      duckdb: scanned.version,
    },
    file: { path: csv, mb: gen.bytes / MB, rows: scanned.rows, resources: gen.resources },
    reps: opts.reps,
    format: opts.format,
    peakMemoryMethod: 'getrusage ru_maxrss (VmHWM) reported by each child node process at exit',
    scan,
    import: { ...imp, facts: imported.facts },
    ratio,
    pairedRatios,
    medianPairedRatio: median(pairedRatios),
    cpuRatio,
    loadAverage1m: load,
    targets: { ratio: TARGET_RATIO, peakRssMb: TARGET_PEAK_MB },
    pass,
  };
  writeFileSync(
    join(opts.out, opts.format === 'focus' ? 'bench-import.json' : `bench-import-${opts.format}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );

  const n = (x: number, digits = 0) =>
    x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const row = (name: string, f: Figures) =>
    [
      name.padEnd(20),
      n(f.medianSeconds, 2).padStart(9),
      `${n(Math.min(...f.seconds), 2)}..${n(Math.max(...f.seconds), 2)}`.padStart(13),
      n(f.rowsPerSecond).padStart(10),
      n(f.mbPerSecond, 1).padStart(7),
      n(f.peakRssMb).padStart(12),
    ].join(' ');
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  console.log(
    `\n${csv}: ${n(gen.bytes / MB, 1)} MB, ${n(scanned.rows)} rows; ${opts.reps} reps; ` +
      `${availableParallelism()} cores, node ${process.version}, DuckDB ${scanned.version}`,
  );
  console.log(
    ['method'.padEnd(20), 'median s'.padStart(9), 'min..max s'.padStart(13), 'rows/s'.padStart(10)]
      .concat(['MB/s'.padStart(7), 'peak RSS MB'.padStart(12)])
      .join(' '),
  );
  console.log(row('plain DuckDB scan', scan));
  console.log(row('costguard import', imp));
  console.log(
    `import / scan throughput: ${n(ratio * 100, 1)}% (target >= ${TARGET_RATIO * 100}%): ${verdict(pass.throughput)}`,
  );
  console.log(
    `  per repetition: ${pairedRatios.map((r) => `${n(r * 100, 1)}%`).join(', ')} (median ${n(median(pairedRatios) * 100, 1)}%); ` +
      `CPU seconds: scan ${n(scan.medianCpuSeconds, 2)}, import ${n(imp.medianCpuSeconds, 2)} (${n(cpuRatio * 100, 1)}%); ` +
      `load average ${n(load, 2)} on ${availableParallelism()} cores`,
  );
  console.log(
    `import peak RSS: ${n(imp.peakRssMb)} MB (target < ${n(TARGET_PEAK_MB)} MB): ${verdict(pass.memory)}`,
  );
  console.log(
    `results: ${join(opts.out, opts.format === 'focus' ? 'bench-import.json' : `bench-import-${opts.format}.json`)}`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:import: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
