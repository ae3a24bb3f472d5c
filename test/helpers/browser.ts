import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A phone-sized screen: the game's SDK opens the H5 page in a web view of about this size. */
export const PHONE = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: 20_000,
  });
}

/** A fresh phone page (own cookies and storage), with short timeouts so a failure fails fast. */
export async function phonePage(
  browser: Browser,
  options: { locale?: string; deviceScaleFactor?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    isMobile: true,
    hasTouch: true,
    locale: options.locale ?? 'pt-BR',
  });
  context.setDefaultTimeout(5_000);
  context.setDefaultNavigationTimeout(10_000);
  return { context, page: await context.newPage() };
}
