import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PHONE, launchChromium } from './browser.js';
import { CONSOLE_PASSWORD } from './console.js';
import type { TestServer } from './server.js';

/** The two screens every console page is checked at: a laptop and a phone. */
export const SCREENS = {
  desktop: { width: 1280, height: 800 },
  phone: PHONE,
} as const;
export type ScreenName = keyof typeof SCREENS;

/** A fresh browser context at this screen size, with short timeouts so failures fail fast. */
export async function consoleContext(browser: Browser, screen: ScreenName) {
  const context = await browser.newContext({ viewport: SCREENS[screen], locale: 'en-US' });
  context.setDefaultTimeout(5_000);
  context.setDefaultNavigationTimeout(10_000);
  return context;
}

/** Signs in through the console's own form; the page then shows the dashboard. */
export async function signInPage(
  context: BrowserContext,
  server: TestServer,
  email: string,
  password = CONSOLE_PASSWORD,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/console`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** Shows a console page (`#/<id>?...`) and waits until it has loaded. */
export async function openConsolePage(page: Page, id: string, query = ''): Promise<void> {
  await page.evaluate((hash) => ((globalThis as any).location.hash = hash), `#/${id}${query}`);
  await page.locator('.loading').waitFor({ state: 'detached' });
}

/**
 * Saves a screenshot as docs/console/<name>-<screen>.png when GUILDHALL_SCREENSHOTS is set
 * (`npm run console:screenshots`); the tests themselves only look at the page.
 */
export async function screenshot(page: Page, name: string, screen: ScreenName): Promise<void> {
  if (!process.env.GUILDHALL_SCREENSHOTS) return;
  const dir = join(process.cwd(), 'docs', 'console');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}-${screen}.png`), fullPage: true });
}

/** Chromium for the browser tests of a file: launched before them, closed after. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser as Browser;
}
