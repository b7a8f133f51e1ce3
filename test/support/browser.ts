/**
 * A real headless chromium for browser tests (TESTING.md, "Browser"): Debian's /usr/bin/chromium
 * driven by playwright-core, one browser per test file. Without chromium the tests fail under
 * CI=true (.ci/run installs it) and are skipped with a message elsewhere. The browser stays on
 * loopback like every test: other hosts do not resolve, and any request to one is aborted and
 * fails the test that made it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { isLoopbackHost } from './network-guard.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-output/screenshots');

/** Whether the browser tests run: always under CI (failing when chromium is absent), else only with it. */
export const browserTestsRun = process.env.CI === 'true' || existsSync(CHROMIUM);

/** `describe`, or `describe.skip` with a note saying why, when there is no chromium outside CI. */
export function describeInBrowser(name: string, body: () => void): void {
  if (browserTestsRun) return describe(name, body);
  console.warn(
    `Skipping browser tests "${name}": no ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (CI installs it).`,
  );
  describe.skip(name, body);
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (own cookies) on `viewport`, guarded to loopback, its console recorded. */
  context(viewport?: { width: number; height: number }): Promise<TestContext>;
  /** Requests the guard aborted since the last call (taking them clears the list). */
  takeBlocked(): string[];
  close(): Promise<void>;
}

export interface TestContext {
  context: BrowserContext;
  page: Page;
  /** Every console message of every page of this context, as `type: text`. */
  console: string[];
  /** Writes a PNG of `page` (whole) or of one element to test-output/screenshots/<name>.png; returns its path. */
  screenshot(name: string, target?: Page | Locator): Promise<string>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No chromium at ${CHROMIUM}: the browser tests need it. Install it with \`apt-get install -y chromium\` (.ci/run does).`,
    );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      // No name but loopback resolves, so nothing the page or chromium itself asks for leaves.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-domain-reliability',
      '--no-pings',
    ],
  });
  const blocked: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async context(viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
      contexts.push(context);
      await context.route(
        (url) => !isLoopbackHost(url.hostname) && url.protocol !== 'data:',
        async (route) => {
          blocked.push(route.request().url());
          await route.abort('blockedbyclient');
        },
      );
      const console: string[] = [];
      context.on('console', (message) => void console.push(`${message.type()}: ${message.text()}`));
      const page = await context.newPage();
      return {
        context,
        page,
        console,
        async screenshot(name, target = page) {
          mkdirSync(SCREENSHOTS, { recursive: true });
          const file = path.join(SCREENSHOTS, `${name}.png`);
          if ('goto' in target) await target.screenshot({ path: file, fullPage: true });
          else await target.screenshot({ path: file });
          return file;
        },
      };
    },
    takeBlocked: () => blocked.splice(0, blocked.length),
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}
