import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Page } from 'playwright-core';
import { addConsoleUser } from '../helpers/console.js';
import type { ScreenName } from '../helpers/console-browser.js';
import {
  SCREENS,
  chromiumForTests,
  consoleContext,
  openConsolePage,
  screenshot,
  signInPage,
} from '../helpers/console-browser.js';
import { drainOutbox } from '../helpers/outbox.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const browser = chromiumForTests();

const TEST = { timeout: 60_000 };

/** The value a summary card shows. */
const cardValue = (page: Page, label: string) =>
  page.locator(`[data-card="${label}"] .value`).innerText();

describeEachBackend('console dashboard in Chromium', (server) => {
  let app: TestApp;
  let quiet: TestApp;

  before(async () => {
    // Pay notifications go to a dead URL (nothing listens on port 9): they stay undelivered.
    app = await server().createApp('Dashboard Browser Game', {
      sandbox: true,
      momoNotifyUrl: 'http://127.0.0.1:9/notify',
    });
    quiet = await server().createApp('Quiet Game');
    await addConsoleUser(server(), 'root@dash.test', 'admin');
    await addConsoleUser(server(), 'look@dash.test', 'viewer');
    const first = await server().guest(app, 'dash-browser-1');
    const second = await server().guest(app, 'dash-browser-2');
    await server().guest(app, 'dash-browser-3');
    const paid = async (who: typeof first, order: Record<string, unknown> = {}) => {
      const { order_id } = await server().placeOrder(who, order);
      await server().payOrder(who, order_id);
    };
    await paid(first);
    await paid(second, { amount: '1.99', currency: 'USD', app_order_no: 'usd-1' });
    // An order of another channel, paid as a store's confirmation would pay it.
    const alipay = await server().placeOrder(second, { channel: 'alipay', app_order_no: 'ali-1' });
    await server().guildhall.payments.markPaid(alipay.order_id, 'alipay-tx-1');
    server().clock.time = server().clock.now() + 60_000;
    await drainOutbox(server().guildhall);
    server().clock.time = server().clock.now() + 5 * 60_000;
  });

  for (const screen of Object.keys(SCREENS) as ScreenName[]) {
    it(
      `shows today's figures, the 30-day charts and delivery health, at ${screen} size`,
      TEST,
      async () => {
        const context = await consoleContext(browser(), screen);
        const page = await signInPage(context, server(), 'root@dash.test');
        await page.getByLabel('App').selectOption(app.id);
        await openConsolePage(page, 'dashboard');
        await page.getByRole('heading', { name: 'Dashboard · Dashboard Browser Game' }).waitFor();
        assert.equal(await cardValue(page, 'Active players today'), '3');
        assert.equal(await cardValue(page, 'New players today'), '3');
        assert.equal(await cardValue(page, 'Revenue today (RMB)'), '12.00 RMB');
        assert.equal(await cardValue(page, 'Revenue today (USD)'), '1.99 USD');
        assert.equal(await cardValue(page, 'Pending deliveries'), '3');
        assert.equal(await cardValue(page, 'Failing deliveries'), '3');
        assert.equal(await cardValue(page, 'Oldest undelivered'), '6 min');
        for (const label of ['Failing deliveries', 'Oldest undelivered'])
          assert.match(
            (await page.locator(`[data-card="${label}"]`).getAttribute('class')) ?? '',
            /alert/,
            `${label} is highlighted`,
          );

        const legend = (chart: string) =>
          page.locator(`figure[data-chart="${chart}"] .u-legend`).innerText();
        await page.locator('figure[data-chart="Players per day"] canvas').waitFor();
        assert.match(await legend('Players per day'), /active[\s\S]*new/i);
        assert.match(await legend('Revenue per day'), /rmb[\s\S]*usd/i);
        assert.match(await legend('Paid orders per day'), /alipay[\s\S]*sandbox/i);
        assert.equal(await page.locator('figure.chart canvas').count(), 3);

        const row = page.getByRole('row').filter({ hasText: 'order.paid' });
        assert.deepEqual(
          (await row.getByRole('cell').allInnerTexts()).map((t) => t.trim()),
          ['order.paid', '3', '3', '0', '6 min'],
        );
        await screenshot(page, 'dashboard', screen);

        // Per app: the header's picker shows another app's dashboard.
        await page.getByLabel('App').selectOption(quiet.id);
        await page.getByRole('heading', { name: 'Dashboard · Quiet Game' }).waitFor();
        await page.locator('.loading').waitFor({ state: 'detached' });
        assert.equal(await cardValue(page, 'Active players today'), '0');
        assert.equal(await cardValue(page, 'Revenue today'), '0');
        assert.equal(await cardValue(page, 'Pending deliveries'), '0');
        assert.doesNotMatch(
          (await page.locator('[data-card="Failing deliveries"]').getAttribute('class')) ?? '',
          /alert/,
        );
        await page.getByText('No paid orders in these 30 days.').waitFor();
        await page.getByText('Nothing waiting to be delivered.').waitFor();
        await context.close();
      },
    );
  }

  it('shows a viewer the dashboard too', TEST, async () => {
    const context = await consoleContext(browser(), 'desktop');
    const page = await signInPage(context, server(), 'look@dash.test');
    await page.getByLabel('App').selectOption(app.id);
    await openConsolePage(page, 'dashboard');
    assert.equal(await cardValue(page, 'Active players today'), '3');
    await context.close();
  });
});
