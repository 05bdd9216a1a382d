import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBrowser, launchBrowser, watch } from '../helpers/browser.js';

describe.skipIf(!haveBrowser)('headless chromium as the browser tests use it', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('reports a console error, a page error and an outside request (the watch cannot miss them)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-browser-'));
    const file = join(dir, 'p.html');
    writeFileSync(
      file,
      '<!doctype html><title>t</title><p id="x">1</p><img src="http://127.0.0.1:9/a.png">' +
        '<script>console.error("boom"); document.getElementById("x").textContent = "2"; nope();</script>',
    );
    const url = pathToFileURL(file).href;
    const page = await browser.newPage();
    const w = watch(page, () => url);
    await page.goto(url);
    expect(await page.textContent('#x')).toBe('2');
    expect(w.errors.join('\n')).toMatch(/boom/);
    expect(w.errors.join('\n')).toMatch(/nope/);
    expect(w.requests).toEqual(['http://127.0.0.1:9/a.png']);
    await page.close();
  });
});
