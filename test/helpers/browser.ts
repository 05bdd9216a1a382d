import { existsSync } from 'node:fs';
import { type Browser, type ConsoleMessage, chromium, type Page } from 'playwright-core';

/**
 * Debian's chromium (installed by .ci/run with apt-get when missing); CHROMIUM_PATH overrides. Tests
 * that need it skip, saying so, when it is absent, except where COSTGUARD_REQUIRE_BROWSER=1 (CI) makes
 * its absence a failure: a browser test that silently never runs would prove nothing.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.COSTGUARD_REQUIRE_BROWSER === '1')
  throw new Error(`chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);

/**
 * Headless chromium as this machine allows it: no sandbox (root), no GPU, and none of the background
 * connections (updates, sync, Google lookups) that the closed network refuses at every start.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** What the page said on its console and what it tried to fetch beyond its own document. */
export interface PageWatch {
  errors: string[];
  requests: string[];
}

/**
 * Watches a page for console errors, uncaught exceptions and any request other than the document
 * itself (a self-contained page makes none: no CDN, no font, no image by URL).
 */
export function watch(page: Page, documentUrl: () => string): PageWatch {
  const w: PageWatch = { errors: [], requests: [] };
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') w.errors.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(e.message));
  page.on('request', (r) => {
    const url = r.url();
    if (url !== documentUrl() && !url.startsWith('data:')) w.requests.push(url);
  });
  return w;
}
