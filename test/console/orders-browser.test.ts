import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { addConsoleUser, asConsoleUser, signInConsole } from '../helpers/console.js';
import type { ScreenName } from '../helpers/console-browser.js';
import {
  SCREENS,
  chromiumForTests,
  confirmWith,
  consoleContext,
  openConsolePage,
  screenshot,
  signInPage,
} from '../helpers/console-browser.js';
import { startNotifyReceiver } from '../helpers/notify-receiver.js';
import { drainOutbox } from '../helpers/outbox.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

type Player = Awaited<ReturnType<TestServer['guest']>>;

const chromium = chromiumForTests();

const TEST = { timeout: 60_000 };
const DAY = 86_400_000;

describeEachBackend('console orders page in Chromium', (server) => {
  let app: TestApp;
  let buyer: Player;
  let browsing: Player;
  let old: { order_id: string };
  /** Paid, notified (one failure, then acknowledged). */
  const delivered: string[] = [];
  /** Paid, notification still failing. */
  let paid: { order_id: string };
  // The game server fails the first notification of each trade, then answers success.
  const receiver = startNotifyReceiver((fields, received) =>
    received.filter((r) => r.fields.trade_no === fields.trade_no).length === 1
      ? { status: 500, body: 'busy, try later' }
      : { status: 200, body: 'success' },
  );
  const drain = () => drainOutbox(server().guildhall);
  const detail = async (orderId: string) =>
    (await server().admin('GET', `/v1/admin/orders/${orderId}`)).json;

  before(async () => {
    const { url } = await receiver;
    app = await server().createApp('Orders Game', { sandbox: true, momoNotifyUrl: url });
    await addConsoleUser(server(), 'ops@studio.test', 'operator');
    await addConsoleUser(server(), 'look@studio.test', 'viewer');
    buyer = await server().guest(app, 'orders-page-buyer');
    browsing = await server().guest(app, 'orders-page-browsing');
    old = await server().placeOrder(buyer, { app_order_no: 'cp-old', amount: '1.00' });
    // To midday (UTC) on the 24th, that day wherever the browser is from UTC-12 to UTC+11.
    server().clock.advance(3 * DAY + 8 * 3_600_000);
    // A page and a bit of unpaid App Store orders of another player.
    for (let i = 0; i < 52; i++) {
      await server().placeOrder(browsing, { channel: 'apple', app_order_no: `cp-apple-${i}` });
    }
    for (const [i, amount] of ['6.00', '30.00', '648.00'].entries()) {
      server().clock.advance(60_000);
      const order = await server().placeOrder(buyer, { app_order_no: `cp-${i}`, amount });
      await server().payOrder(buyer, order.order_id);
      delivered.push(order.order_id);
    }
    server().clock.advance(60_000);
    paid = await server().placeOrder(buyer, {
      app_order_no: 'cp-coins',
      amount: '60',
      currency: 'MMB',
    });
    await server().payOrder(buyer, paid.order_id);
    await drain();
    server().clock.advance(15_000);
    await drain();
    for (const id of delivered) assert.equal((await detail(id)).status, 'delivered');
    assert.equal((await detail(paid.order_id)).status, 'delivered');
  });
  after(async () => (await receiver).close());

  for (const screen of Object.keys(SCREENS) as ScreenName[]) {
    it(
      `lists, filters and pages orders and shows one with its attempts, at ${screen} size`,
      TEST,
      async () => {
        const context = await consoleContext(chromium(), screen);
        const page = await signInPage(context, server(), 'ops@studio.test');
        await openConsolePage(page, 'orders');
        await page.getByRole('cell', { name: '648.00 RMB' }).waitFor();
        await page.getByRole('cell', { name: '60 MMB' }).waitFor();
        assert.equal(await page.getByRole('row').count(), 51);
        await screenshot(page, 'orders', screen);
        await page.getByRole('button', { name: 'Older →' }).click();
        await page.getByRole('link', { name: old.order_id }).waitFor();
        assert.equal(await page.getByRole('row').count(), 1 + 57 - 50);
        await page.getByRole('button', { name: 'Newest' }).click();
        await page.getByRole('cell', { name: '648.00 RMB' }).waitFor();

        await page.getByLabel('Status').selectOption('delivered');
        await page.getByLabel('Player id').fill(buyer.player_id);
        await page.getByLabel('From', { exact: true }).fill('2026-11-24');
        await page.getByLabel('To', { exact: true }).fill('2026-11-24');
        await page.getByRole('button', { name: 'Filter' }).click();
        await page.waitForURL(/status=delivered/);
        await page.locator('.loading').waitFor({ state: 'detached' });
        assert.equal(await page.getByRole('row').count(), 1 + 4);
        assert.equal(await page.getByRole('link', { name: old.order_id }).count(), 0);
        await page.getByLabel('Channel').selectOption('apple');
        await page.getByRole('button', { name: 'Filter' }).click();
        await page.getByText('No orders match.').waitFor();
        await page.getByLabel('Player id').fill('p_nobody');
        await page.getByRole('button', { name: 'Filter' }).click();
        await page.getByRole('alert').filter({ hasText: 'player' }).waitFor();
        assert.equal(await page.getByLabel('Player id').inputValue(), 'p_nobody');

        await openConsolePage(page, 'orders', `?order=${delivered[2]}`);
        await page.getByText('648.00 RMB').waitFor();
        await page.getByRole('heading', { name: 'order.paid · delivered · 2 attempts' }).waitFor();
        await page.getByRole('cell', { name: 'busy, try later' }).waitFor();
        await page.getByRole('cell', { name: 'acknowledged' }).waitFor();
        await page.getByRole('cell', { name: 'rejected' }).waitFor();
        await screenshot(page, 'orders-detail', screen);
        await context.close();
      },
    );
  }

  it('resends a notification and refunds an order after a typed confirmation', TEST, async () => {
    const context = await consoleContext(chromium(), 'desktop');
    const page = await signInPage(context, server(), 'ops@studio.test');
    const [resent, refunded] = delivered as [string, string];
    await openConsolePage(page, 'orders', `?order=${resent}`);
    await page.getByRole('button', { name: 'Resend notification' }).click();
    await page.getByRole('status').filter({ hasText: 'Notification queued' }).waitFor();
    await page.getByRole('heading', { name: 'order.paid · pending · 0 attempts' }).waitFor();
    const before = (await receiver).received.length;
    await drain();
    assert.equal((await receiver).received.length, before + 1);
    await page.reload();
    await page.getByRole('heading', { name: 'order.paid · delivered · 1 attempt' }).waitFor();
    const deliveries = (await detail(resent)).deliveries;
    assert.deepEqual(
      deliveries.map((d: any) => [d.status, d.history.map((a: any) => a.outcome)]),
      [
        ['delivered', ['rejected', 'acknowledged']],
        ['delivered', ['acknowledged']],
      ],
    );

    await openConsolePage(page, 'orders', `?order=${refunded}`);
    confirmWith(page, 'no');
    await page.getByRole('button', { name: 'Refund…' }).click();
    assert.equal(
      (await detail(refunded)).status,
      'delivered',
      'a wrong confirmation refunds nothing',
    );
    confirmWith(page, refunded);
    await page.getByRole('button', { name: 'Refund…' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Order ${refunded} refunded` })
      .waitFor();
    await page
      .locator('dd')
      .filter({ hasText: /^refunded$/ })
      .waitFor();
    assert.equal(await page.getByRole('button', { name: 'Refund…' }).count(), 0);
    const shown = await detail(refunded);
    assert.equal(shown.status, 'refunded');
    assert.equal(shown.refunded_at, server().clock.now());
    const audit = await server().admin('GET', '/v1/admin/audit?actor=console:ops@studio.test');
    const entry = audit.json.entries.find((e: any) => e.action.endsWith('/refund'));
    assert.deepEqual([entry.before.status, entry.after.status], ['delivered', 'refunded']);
    await context.close();
  });

  it(
    'shows orders to a viewer without write buttons; the API refuses its writes',
    TEST,
    async () => {
      const context = await consoleContext(chromium(), 'desktop');
      const page = await signInPage(context, server(), 'look@studio.test');
      await openConsolePage(page, 'orders');
      await page.getByRole('link', { name: paid.order_id }).waitFor();
      await page.getByLabel('Order id').fill(paid.order_id);
      await page.getByRole('button', { name: 'Open' }).click();
      await page.getByText('60 MMB').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Refund…' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Resend notification' }).count(), 0);
      await context.close();

      const viewer = await signInConsole(server(), 'look@studio.test');
      for (const action of ['refund', 'notify']) {
        const path = `/v1/admin/orders/${paid.order_id}/${action}`;
        assert.equal((await asConsoleUser(server(), viewer, 'POST', path)).status, 403);
      }
      const shown = await detail(paid.order_id);
      assert.equal(shown.status, 'delivered');
      assert.equal(shown.deliveries.length, 1);
    },
  );
});
