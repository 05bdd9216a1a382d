import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBrowser, launchBrowser, type PageWatch, watch } from '../helpers/browser.js';

/**
 * The report page as a user gets it: the real CLI imports the FOCUS sample, writes the page with
 * `report --format html --out`, and Debian's chromium opens the file. What the page shows must equal
 * what `report --format json` says, to the cent.
 */
const SAMPLE = 'test/fixtures/focus/focus_sample.csv';
const CONFIG = 'examples/focus-sample.config.yaml';
const RANGE = ['--from', '2024-09-01', '--to', '2024-09-30'];
const dir = mkdtempSync(join(tmpdir(), 'costguard-page-'));
const db = join(dir, 'page.duckdb');
const html = join(dir, 'r.html');

function costguard(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/costguard.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface JsonReport {
  rows: Record<string, string | number>[];
  totals: { currency: string; cost: number }[];
}
const json = (...extra: string[]): JsonReport => {
  const r = costguard('report', '--db', db, '--config', CONFIG, ...RANGE, '--format', 'json', ...extra);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as JsonReport;
};

/**
 * A JSON amount (6 decimals) as the page shows money: rounded to cents half away from zero, in decimal
 * (not binary) arithmetic, with thousands separators.
 */
function shown(n: number): string {
  const [int = '0', frac = ''] = Math.abs(n).toFixed(6).split('.');
  const micro = BigInt(int) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
  const cents = micro / 10_000n + ((micro % 10_000n) * 2n >= 10_000n ? 1n : 0n);
  const text = `${(cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(cents % 100n).toString().padStart(2, '0')}`;
  return n < 0 && cents !== 0n ? `-${text}` : text;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!haveBrowser)('report --format html, opened in headless chromium', () => {
  let browser: Browser;
  let page: Page;
  let seen: PageWatch;
  const url = pathToFileURL(html).href;

  beforeAll(async () => {
    const imported = costguard('import', SAMPLE, '--db', db, '--config', CONFIG, '--format', 'json');
    expect(imported.code, imported.err).toBe(0);
    const wrote = costguard(
      'report',
      '--db',
      db,
      '--config',
      CONFIG,
      ...RANGE,
      '--format',
      'html',
      '--out',
      html,
    );
    expect(wrote.code, wrote.err).toBe(0);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    seen = watch(page, () => url);
    await page.goto(url, { waitUntil: 'load' });
  }, 120_000);
  afterAll(() => browser?.close());

  it('is one self-contained file: no request beyond the document, no console error', () => {
    expect(readFileSync(html, 'utf8')).not.toMatch(/<(script|img|link)[^>]+(src|href)=["']?https?:/i);
    expect(seen.requests).toEqual([]);
    expect(seen.errors).toEqual([]);
  });

  it("shows each provider's total as report --format json gives it, to the cent", async () => {
    const expected = json('--by', 'provider').rows.map((r) => ({
      provider: String(r.provider),
      currency: String(r.currency),
      cost: shown(Number(r.cost)),
    }));
    expect(expected.length).toBeGreaterThan(0);
    const onPage = await page.$$eval('[data-testid="provider-total"]', (els) =>
      els
        .filter((e) => (e as unknown as { offsetParent: unknown }).offsetParent !== null)
        .map((e) => ({
          provider: e.getAttribute('data-provider') ?? '',
          currency: e.getAttribute('data-currency') ?? '',
          cost: (e.textContent ?? '').replace(/[^0-9.,-]/g, ''),
        })),
    );
    const key = (x: { provider: string; currency: string }) => `${x.provider} ${x.currency}`;
    expect([...onPage].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...expected].sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  it('a model filter narrows the table, and the shown total equals report --model', async () => {
    const models = json('--by', 'model').rows.map((r) => String(r.model));
    const model = models[0] as string;
    const before = await page.locator('[data-testid="cost-row"]:visible').count();
    await page.selectOption('[data-testid="filter-model"]', model);
    const rows = page.locator('[data-testid="cost-row"]:visible');
    const after = await rows.count();
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
    expect(new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-model'))))).toEqual(
      new Set([model]),
    );
    const total = json('--model', model).totals[0];
    expect(total).toBeDefined();
    const pageTotal = page.locator(`[data-testid="table-total"][data-currency="${total?.currency}"]`);
    expect((await pageTotal.textContent())?.replace(/[^0-9.,-]/g, '')).toBe(shown(total?.cost ?? NaN));
    expect(seen.errors).toEqual([]);
  });
});
