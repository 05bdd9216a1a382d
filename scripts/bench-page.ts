// npm run bench:page [-- --models 200 --days 400 --reps 5]
// The report page at scale: builds the page model and renders the HTML for `models` models over `days`
// days (two stages and two clouds each, one EUR model in ten), writes it, and opens it in headless
// chromium `reps` times, against a baseline in the same run: a bare HTML page holding the same cost
// table rows (no charts, no script), the least a browser must do to show those numbers. Figures:
// medians of the time from navigation start to the first frame after the load event, the ratio to the
// baseline, the file sizes, and the time to build and render the HTML in Node.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { CostFact } from '../src/core/cost-fact.js';
import { addDays, daysIn } from '../src/core/day.js';
import { formatMoney, parseMoney } from '../src/core/money.js';
import { buildPageModel, type PageModel } from '../src/core/report-page/model.js';
import { renderPage } from '../src/page/render.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TARGET_MS = 2000;

function options() {
  const { values } = parseArgs({
    options: {
      models: { type: 'string', default: '200' },
      days: { type: 'string', default: '400' },
      reps: { type: 'string', default: '5' },
    },
  });
  const n = (k: 'models' | 'days' | 'reps') => {
    const v = Number(values[k]);
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`--${k} must be a whole number >= 1, got "${values[k]}"`);
    return v;
  };
  return { models: n('models'), days: n('days'), reps: n('reps') };
}

/** Deterministic spend: each model its own level and weekly shape, a little noise, a few bursts. */
function facts(models: number, days: readonly string[]): CostFact[] {
  const out: CostFact[] = [];
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let m = 0; m < models; m++) {
    const model = `model-${String(m).padStart(3, '0')}`;
    const level = 2000 / (m + 1) + 5;
    const eur = m % 10 === 7;
    for (const [d, day] of days.entries()) {
      const weekly = 1 + 0.2 * Math.sin((d * 2 * Math.PI) / 7 + m);
      for (const [stage, provider, share] of [
        ['train', eur ? 'Microsoft' : 'AWS', 0.6],
        ['serve', eur ? 'Microsoft' : 'Google Cloud', 0.4],
      ] as const) {
        const amount = level * share * weekly * (0.9 + 0.2 * rand()) * (rand() < 0.01 ? 3 : 1);
        const cost = parseMoney(amount.toFixed(6));
        out.push({
          day,
          provider,
          billingAccountId:
            provider === 'AWS' ? '111111111111' : provider === 'Microsoft' ? 'ea-1' : '01A2B3',
          subAccountId: `acct-${m % 17}`,
          serviceName: stage === 'train' ? 'Compute' : 'Serving',
          regionId: 'r1',
          model,
          stage,
          currency: eur ? 'EUR' : 'USD',
          modelBy: m % 23 === 0 ? 'rule:fallback' : 'tag:model',
          stageBy: 'tag:stage',
          billedCost: cost,
          effectiveCost: cost,
          listCost: cost,
          rowCount: 24,
        });
      }
    }
  }
  return out;
}

/** The baseline: the same rows as a bare table, nothing else. */
function baseline(m: PageModel): string {
  const rows = m.currencies
    .flatMap((c) =>
      c.rows.map(
        (r) =>
          `<tr><td>${r.keys.model}</td><td>${r.keys.stage}</td><td>${r.keys.provider}</td><td>${formatMoney(r.cost, 2)}</td></tr>`,
      ),
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>baseline</title></head><body><table>${rows}</table></body></html>`;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function main() {
  const o = options();
  const to = '2026-11-30';
  const days = daysIn({ from: addDays(to, -(o.days - 1)), to });
  const all = facts(o.models, days);
  const t0 = performance.now();
  const model = buildPageModel(
    {
      from: days[0] as string,
      to,
      today: '2026-12-01',
      by: [],
      metric: 'effective',
      title: `bench: ${o.models} models x ${o.days} days`,
      generatedAt: new Date().toISOString(),
      unattributed: 'unattributed',
    },
    { facts: all, anomalies: [], budgets: [], freshness: [], idle: [] },
  );
  const t1 = performance.now();
  const html = renderPage(model);
  const t2 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'costguard-bench-page-'));
  const files = { page: join(dir, 'page.html'), baseline: join(dir, 'baseline.html') };
  writeFileSync(files.page, html);
  const base = baseline(model);
  writeFileSync(files.baseline, base);
  const rows = model.currencies.reduce((n, c) => n + c.rows.length, 0);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const times: Record<'page' | 'baseline', number[]> = { page: [], baseline: [] };
  try {
    // Alternating, so that a noisy moment on the shared machine hits both.
    for (let r = 0; r < o.reps + 1; r++) {
      for (const kind of ['baseline', 'page'] as const) {
        const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors: string[] = [];
        tab.on('pageerror', (e) => errors.push(e.message));
        await tab.goto(pathToFileURL(files[kind]).href, { waitUntil: 'load' });
        // Runs in the page: the first frame after load (a string, so Node's types do not check it).
        const ms = (await tab.evaluate(
          'new Promise((done) => requestAnimationFrame(() => done(performance.now())))',
        )) as number;
        if (errors.length) throw new Error(`${kind}: ${errors.join('; ')}`);
        if (r > 0) times[kind].push(ms); // the first round warms the browser up
        await tab.close();
      }
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const page = median(times.page);
  const bare = median(times.baseline);
  const kb = (s: string) => `${Math.round(Buffer.byteLength(s) / 1024).toLocaleString('en-US')} KB`;
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `data: ${o.models} models x ${o.days} days, ${all.length.toLocaleString('en-US')} facts, ${rows.toLocaleString('en-US')} table rows, ${model.currencies.length} currencies`,
  );
  console.log(`node: page model ${(t1 - t0).toFixed(0)} ms, HTML ${(t2 - t1).toFixed(0)} ms`);
  console.log(`file: page ${kb(html)}, baseline ${kb(base)}`);
  console.log('browser, navigation start to the first frame after load (ms):');
  console.log(
    `  baseline (the rows as a bare table): median ${bare.toFixed(0)}  runs ${times.baseline.map((t) => t.toFixed(0)).join(' ')}`,
  );
  console.log(
    `  report page:                         median ${page.toFixed(0)}  runs ${times.page.map((t) => t.toFixed(0)).join(' ')}`,
  );
  console.log(
    `  page / baseline: ${(page / bare).toFixed(2)}x; target < ${TARGET_MS} ms: ${page < TARGET_MS ? 'PASS' : 'FAIL'}`,
  );
}

await main();
