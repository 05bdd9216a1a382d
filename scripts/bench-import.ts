// npm run bench:import [-- --size-mb 1100 --reps 3 --out bench-out]
// Import throughput of `costguard import` against a plain DuckDB scan of the same FOCUS CSV, in the
// same run, as child processes; peak memory is each child's VmHWM (Linux high-water RSS).
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateFocusCsv } from './gen-focus.js';

const { values: args } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '1100' },
    reps: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench-out' },
  },
});
const sizeMb = Number(args['size-mb']);
const reps = Number(args.reps);
const outDir = args.out ?? 'bench-out';
mkdirSync(outDir, { recursive: true });
const csv = join(outDir, `focus-${sizeMb}mb.csv`);

interface Run {
  seconds: number;
  peakMb: number;
  stdout: string;
}

/** Runs a command, polling its VmHWM every 50 ms (the high-water mark only grows, so the last read is the peak so far). */
function measure(cmd: string, argv: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peakKb = 0;
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // The child has exited between two polls.
      }
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} ${argv.join(' ')} exited with ${code}`));
      else resolve({ seconds, peakMb: peakKb / 1024, stdout });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function main() {
  const target = sizeMb * 1_000_000;
  if (!existsSync(csv) || Math.abs(statSync(csv).size - target) > 2_000_000) {
    process.stderr.write(`generating ${csv} (${sizeMb} MB)...\n`);
    await generateFocusCsv({ path: csv, targetBytes: target });
  } else process.stderr.write(`reusing ${csv}\n`);
  const bytes = statSync(csv).size;
  const head = Buffer.alloc(4096);
  const fd = openSync(csv, 'r');
  readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const header = head.toString('utf8').split('\n')[0] ?? '';
  const columns = header.split(',').map((c) => c.replaceAll('"', ''));
  const money = new Set(['BilledCost', 'EffectiveCost', 'ListCost']);
  const colSpec = columns.map((c) => `'${c}': '${money.has(c) ? 'DECIMAL(38,12)' : 'VARCHAR'}'`).join(', ');
  const scanSql = `SELECT count(*) AS n, sum(BilledCost)::VARCHAR AS billed, sum(EffectiveCost)::VARCHAR AS effective FROM read_csv('${csv}', header = true, auto_detect = false, nullstr = ['NULL', ''], columns = {${colSpec}})`;
  const scanJs = `const { DuckDBInstance } = await import('@duckdb/node-api');
    const i = await DuckDBInstance.create(':memory:'); const c = await i.connect();
    const r = await c.runAndReadAll(${JSON.stringify(scanSql)});
    console.log(JSON.stringify(r.getRowObjectsJson()[0]));`;

  const scans: Run[] = [];
  const imports: Run[] = [];
  let rows = 0;
  for (let i = 0; i < reps; i++) {
    // Alternate the order so drift on a shared machine hits both sides alike.
    const scan = () => measure(process.execPath, ['--input-type=module', '-e', scanJs]);
    const db = join(outDir, `bench-${i}.duckdb`);
    rmSync(db, { force: true });
    const imp = () =>
      measure(process.execPath, ['bin/costguard.js', 'import', csv, '--db', db, '--format', 'json']);
    if (i % 2 === 0) {
      scans.push(await scan());
      imports.push(await imp());
    } else {
      imports.push(await imp());
      scans.push(await scan());
    }
    rmSync(db, { force: true });
    const s = JSON.parse(scans.at(-1)?.stdout ?? '{}');
    const im = JSON.parse(imports.at(-1)?.stdout ?? '{}');
    rows = Number(s.n);
    if (im.rows !== rows) throw new Error(`import read ${im.rows} rows, the scan ${rows}`);
    const billed = Number(s.billed).toFixed(2);
    const imported = im.totals
      .reduce((a: number, t: { billedCost: number }) => a + t.billedCost, 0)
      .toFixed(2);
    process.stderr.write(
      `rep ${i + 1}: scan ${scans.at(-1)?.seconds.toFixed(2)} s, import ${imports.at(-1)?.seconds.toFixed(2)} s; billed ${billed} vs ${imported}\n`,
    );
  }
  const fig = (runs: Run[]) => {
    const s = median(runs.map((r) => r.seconds));
    return {
      medianSeconds: s,
      rowsPerSecond: rows / s,
      mbPerSecond: bytes / 1e6 / s,
      peakMb: Math.max(...runs.map((r) => r.peakMb)),
    };
  };
  const scan = fig(scans);
  const imp = fig(imports);
  const ratio = imp.mbPerSecond / scan.mbPerSecond;
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, memGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    file: { path: csv, mb: bytes / 1e6, rows },
    reps,
    scan,
    import: imp,
    ratio,
    pass: { throughput: ratio >= 0.6, memory: imp.peakMb < 1536 },
  };
  writeFileSync(join(outDir, 'bench-import.json'), `${JSON.stringify(result, null, 2)}\n`);
  const row = (name: string, f: typeof scan) =>
    `${name.padEnd(22)} ${f.medianSeconds.toFixed(2).padStart(8)} ${Math.round(f.rowsPerSecond).toLocaleString('en-US').padStart(12)} ${f.mbPerSecond.toFixed(1).padStart(8)} ${f.peakMb.toFixed(0).padStart(9)}`;
  console.log(
    `file ${csv}: ${(bytes / 1e6).toFixed(0)} MB, ${rows.toLocaleString('en-US')} rows; ${reps} reps, medians`,
  );
  console.log(
    `${'method'.padEnd(22)} ${'time s'.padStart(8)} ${'rows/s'.padStart(12)} ${'MB/s'.padStart(8)} ${'peak MB'.padStart(9)}`,
  );
  console.log(row('plain DuckDB scan', scan));
  console.log(row('costguard import', imp));
  console.log(
    `import/scan throughput: ${(ratio * 100).toFixed(1)}% (target >= 60%: ${result.pass.throughput ? 'PASS' : 'FAIL'})`,
  );
  console.log(
    `import peak memory: ${imp.peakMb.toFixed(0)} MB (target < 1536 MB: ${result.pass.memory ? 'PASS' : 'FAIL'})`,
  );
}

await main();
