import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBrowser, launchBrowser, type PageWatch, watch } from '../helpers/browser.js';

/**
 * The demo's report page (three clouds, two currencies, anomalies, budgets, the idle sweep) in headless
 * chromium: its filters, sorting and sections work with no console error. With COSTGUARD_SCREENSHOTS=1
 * (`npm run screenshots`) it also writes the screenshots in docs/screenshots from what it opened.
 */
const dir = mkdtempSync(join(tmpdir(), 'costguard-demo-page-'));
const html = join(dir, 'report.html');
const SHOTS =
  process.env.COSTGUARD_SCREENSHOTS === '1' ? join(process.cwd(), 'docs', 'screenshots') : undefined;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!haveBrowser)('the demo report page in headless chromium', () => {
  let browser: Browser;
  let page: Page;
  let seen: PageWatch;
  const url = pathToFileURL(html).href;

  beforeAll(async () => {
    const r = spawnSync(
      process.execPath,
      ['bin/costguard.js', 'demo', '--db', join(dir, 'd.duckdb'), '--html', html],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      writeFileSync(join(SHOTS, 'demo-output.txt'), r.stdout);
    }
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    seen = watch(page, () => url);
    await page.goto(url, { waitUntil: 'load' });
  }, 150_000);
  afterAll(() => browser?.close());

  const visibleRows = () => page.locator('tr[data-testid="cost-row"]:visible');

  it('opens with no console error and no request, one section per currency', async () => {
    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(
      await page
        .locator('section[data-currency]')
        .evaluateAll((s) => s.map((x) => x.getAttribute('data-currency'))),
    ).toEqual(['USD', 'EUR']);
    expect(await page.locator('[data-testid="episode"]').count()).toBeGreaterThan(0);
    if (SHOTS) {
      await page.screenshot({ path: join(SHOTS, 'report-top.png') });
      await page.screenshot({ path: join(SHOTS, 'report-full.png'), fullPage: true });
    }
  });

  it('the currency filter shows one currency; the stage filter narrows the rows', async () => {
    const all = await visibleRows().count();
    await page.selectOption('[data-testid="filter-currency"]', 'EUR');
    expect(await page.locator('section[data-currency="USD"]').isVisible()).toBe(false);
    expect(await page.locator('section[data-currency="EUR"]').isVisible()).toBe(true);
    await page.selectOption('[data-testid="filter-currency"]', '');
    await page.selectOption('[data-testid="filter-stage"]', 'train');
    const stages = await visibleRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-stage')));
    expect(new Set(stages)).toEqual(new Set(['train']));
    expect(stages.length).toBeLessThan(all);
    await page.selectOption('[data-testid="filter-stage"]', '');
    expect(await visibleRows().count()).toBe(all);
  });

  it('a click on a column header sorts the table by it, a second click reverses', async () => {
    const header = page.locator('section[data-currency="USD"] th[data-sort="model"]');
    const models = () =>
      page
        .locator('section[data-currency="USD"] tr[data-testid="cost-row"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model') ?? ''));
    await header.click();
    const down = await models();
    expect(down).toEqual([...down].sort((a, b) => b.localeCompare(a)));
    await header.click();
    const up = await models();
    expect(up).toEqual([...up].sort((a, b) => a.localeCompare(b)));
    expect(seen.errors).toEqual([]);
  });
});
