import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveConfig, sqliteFileOf } from '../../src/config.js';
import type { Order } from '../../src/core/payments/types.js';
import type { Guildhall } from '../../src/guildhall.js';
import { openGuildhall } from '../../src/guildhall.js';
import { drainOutbox } from '../helpers/outbox.js';
import type { CliStorage } from '../helpers/cli.js';
import { postgresStorage, runCli, sqliteStorage } from '../helpers/cli.js';
import { startNotifyReceiver } from '../helpers/notify-receiver.js';

const storages: (() => Promise<CliStorage>)[] = [() => Promise.resolve(sqliteStorage())];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  storages.push(() => postgresStorage(url));
}

// One server key for the commands and this process (else PostgreSQL runs keep one in the cwd).
const SECRET_KEY = 'cd'.repeat(32);

for (const open of storages) {
  describe('guildhall order commands', () => {
    let storage: CliStorage;
    let receiver: Awaited<ReturnType<typeof startNotifyReceiver>>;
    let answer = 'success';
    const clock = { time: Date.now(), now: () => clock.time };
    const cli = (...args: string[]) =>
      runCli([...args, ...storage.flags], { GUILDHALL_SECRET_KEY: SECRET_KEY });

    /** The same storage opened in this process, as a serving Guildhall would. */
    const withStorage = async <T>(work: (guildhall: Guildhall) => Promise<T>): Promise<T> => {
      const [flag, value = ''] = storage.flags;
      const guildhall = await openGuildhall({
        ...(flag === '--data-dir'
          ? { sqliteFile: sqliteFileOf(resolveConfig({ dataDir: value })) }
          : { databaseUrl: value }),
        secretKey: Buffer.from(SECRET_KEY, 'hex'),
        rebuild: 'never',
        clock,
      });
      try {
        return await work(guildhall);
      } finally {
        await guildhall.close();
      }
    };
    const deliver = (guildhall: Guildhall) => drainOutbox(guildhall);

    let appId: string;
    let delivered: Order;
    let pending: Order;
    let created: Order;
    let purchased: Order;
    before(async () => {
      storage = await open();
      receiver = await startNotifyReceiver(() => ({ status: 200, body: answer }));
      const migrated = await cli('migrate');
      assert.equal(migrated.code, 0, migrated.stderr);
      const app = await cli('app', 'create', '--name', 'Order Shop', '--sandbox', '--json');
      appId = JSON.parse(app.stdout).id;
      const set = await cli('app', 'update', appId, '--momo-notify-url', receiver.url);
      assert.equal(set.code, 0, set.stderr);
      await withStorage(async (guildhall) => {
        const shop = await guildhall.apps.get(appId);
        const { account } = await guildhall.players.loginGuest(appId, 'cli-order-device');
        const place = (appOrderNo: string) => {
          clock.time += 1_000;
          return guildhall.payments.create(shop, account.id, {
            productId: 'com.example.gems.60',
            amount: '6.00',
            currency: 'RMB',
            channel: 'sandbox',
            appOrderNo,
          });
        };
        delivered = await guildhall.payments.payInSandbox(
          shop,
          account.id,
          (await place('cp-delivered')).id,
          'txn-cli-1',
        );
        await deliver(guildhall);
        answer = 'try later';
        pending = await guildhall.payments.payInSandbox(
          shop,
          account.id,
          (await place('cp-pending')).id,
        );
        await deliver(guildhall);
        created = await place('cp-created');
        // In an app of its own, so that it stays out of the listings above.
        const storeShop = await guildhall.apps.create('Store Shop');
        const buyer = await guildhall.players.loginGuest(storeShop.id, 'cli-store-device');
        const ordered = await guildhall.payments.create(storeShop, buyer.account.id, {
          productId: 'coins.1200',
          amount: '19.90',
          currency: 'BRL',
          channel: 'google_play',
          appOrderNo: 'cp-purchased',
          details: {
            serverId: 7,
            gameMoney: 1200,
            gameGoodId: 4,
            channelName: 'googleplay',
            passThrough: 'role=42',
          },
        });
        purchased = await guildhall.payments.markPaidByPurchase(ordered.id, {
          store: 'google_play',
          storeOrderId: 'GPA.1234-5678',
          purchaseKey: 'purchase-token-1',
          productId: 'coins.1200',
          packageName: 'com.example.game',
          environment: 'production',
          purchasedAt: clock.time,
        });
      });
    });
    after(async () => {
      await receiver.close();
      await storage.cleanup();
    });

    it('lists orders newest first, by status, page by page', async () => {
      const listed = await cli('order', 'list', '--app', appId, '--json');
      assert.equal(listed.code, 0, listed.stderr);
      const page = JSON.parse(listed.stdout);
      assert.deepEqual(
        page.orders.map((o: any) => [o.order_id, o.status]),
        [
          [created.id, 'created'],
          [pending.id, 'paid'],
          [delivered.id, 'delivered'],
        ],
      );
      assert.equal(page.next_before, null);
      assert.equal(page.orders[2].amount, '6.00');
      assert.equal(page.orders[2].transaction_id, 'txn-cli-1');
      assert.equal(page.orders[2].app_order_no, 'cp-delivered');

      const paid = JSON.parse(
        (await cli('order', 'list', '--app', appId, '--status', 'paid', '--json')).stdout,
      );
      assert.deepEqual(
        paid.orders.map((o: any) => o.order_id),
        [pending.id],
      );
      const first = JSON.parse(
        (await cli('order', 'list', '--app', appId, '--limit', '2', '--json')).stdout,
      );
      assert.equal(first.next_before, pending.id);
      const rest = JSON.parse(
        (
          await cli(
            'order',
            'list',
            '--app',
            appId,
            '--limit',
            '2',
            '--before',
            pending.id,
            '--json',
          )
        ).stdout,
      );
      assert.deepEqual(
        rest.orders.map((o: any) => o.order_id),
        [delivered.id],
      );

      const plain = await cli('order', 'list', '--app', appId, '--limit', '2');
      assert.equal(plain.code, 0, plain.stderr);
      const lines = plain.stdout.trim().split('\n');
      assert.equal(lines.length, 3);
      assert.match(
        lines[0] ?? '',
        new RegExp(`^${created.id}\\s+${created.tradeNo}\\s+created\\s+6\\.00 RMB`),
      );
      assert.match(lines[1] ?? '', new RegExp(`^${pending.id}\\s+${pending.tradeNo}\\s+paid`));
      assert.equal(lines[2], `more: --before ${pending.id}`);
    });

    it('shows an order with every notification attempt', async () => {
      const shown = await cli('order', 'show', delivered.id, '--json');
      assert.equal(shown.code, 0, shown.stderr);
      const detail = JSON.parse(shown.stdout);
      assert.equal(detail.order_id, delivered.id);
      assert.equal(detail.status, 'delivered');
      assert.match(detail.player_id, /^p_/);
      assert.match(detail.momo_userid, /^[0-9A-F]{16}$/);
      assert.equal(detail.deliveries.length, 1);
      assert.equal(detail.deliveries[0].status, 'delivered');
      assert.deepEqual(
        detail.deliveries[0].history.map((a: any) => [
          a.attempt,
          a.url,
          a.http_status,
          a.body,
          a.outcome,
        ]),
        [[1, receiver.url, 200, 'success', 'acknowledged']],
      );

      const plain = await cli('order', 'show', pending.id);
      assert.equal(plain.code, 0, plain.stderr);
      assert.match(plain.stdout, new RegExp(`^${pending.id}  paid\\n`));
      assert.match(plain.stdout, new RegExp(`trade_no\\s+${pending.tradeNo}`));
      assert.match(plain.stdout, /amount\s+6\.00 RMB/);
      assert.match(plain.stdout, /notification #\d+ \(order.paid\) {2}pending, 1 attempt\(s\)/);
      assert.match(plain.stdout, /#1 {2}\S+ {2}rejected {2}HTTP 200/);
      assert.match(plain.stdout, /"try later"/);
      assert.match((await cli('order', 'show', created.id)).stdout, /notifications\s+none/);
      assert.doesNotMatch((await cli('order', 'show', created.id)).stdout, /server id|purchase /);
    });

    it('shows what the game named with an order and the store purchase that paid it', async () => {
      const plain = await cli('order', 'show', purchased.id);
      assert.equal(plain.code, 0, plain.stderr);
      assert.match(plain.stdout, /amount\s+19\.90 BRL/);
      assert.match(plain.stdout, /server id\s+7\n/);
      assert.match(plain.stdout, /game money\s+1200\n/);
      assert.match(plain.stdout, /game good id\s+4\n/);
      assert.match(plain.stdout, /channel name\s+googleplay\n/);
      assert.match(plain.stdout, /pass-through\s+"role=42"\n/);
      assert.match(plain.stdout, /purchase\s+google_play purchase-token-1\n/);
      const detail = JSON.parse((await cli('order', 'show', purchased.id, '--json')).stdout);
      assert.deepEqual(
        [detail.server_id, detail.game_money, detail.game_good_id, detail.channel_name],
        [7, 1200, 4, 'googleplay'],
      );
      assert.deepEqual(
        [detail.pass_through, detail.purchase_store, detail.purchase_key],
        ['role=42', 'google_play', 'purchase-token-1'],
      );
    });

    it('re-sends a notification and refunds an order, each only when it may', async () => {
      const resent = await cli('order', 'resend', delivered.id);
      assert.equal(resent.code, 0, resent.stderr);
      assert.equal(resent.stdout, `notification of ${delivered.id} queued\n`);
      const detail = JSON.parse((await cli('order', 'show', delivered.id, '--json')).stdout);
      assert.deepEqual(
        detail.deliveries.map((d: any) => [d.status, d.attempts]),
        [
          ['delivered', 1],
          ['pending', 0],
        ],
      );
      const notPaid = await cli('order', 'resend', created.id);
      assert.equal(notPaid.code, 1);
      assert.match(notPaid.stderr, new RegExp(`order ${created.id} is created`));

      const refunded = await cli('order', 'refund', pending.id, '--json');
      assert.equal(refunded.code, 0, refunded.stderr);
      const view = JSON.parse(refunded.stdout);
      assert.equal(view.status, 'refunded');
      assert.equal(typeof view.refunded_at, 'number');
      const after = JSON.parse((await cli('order', 'show', pending.id, '--json')).stdout);
      assert.deepEqual(
        after.deliveries.map((d: any) => d.status),
        ['cancelled'],
      );
      const again = await cli('order', 'refund', pending.id);
      assert.equal(again.code, 1);
      assert.match(again.stderr, new RegExp(`order ${pending.id} is refunded`));
      const plain = await cli('order', 'refund', delivered.id);
      assert.equal(plain.code, 0, plain.stderr);
      assert.match(plain.stdout, new RegExp(`^${delivered.id}  refunded\\n`));
    });

    it('fails clearly on an unknown order or app and on bad flags', async () => {
      const cases: [string[], RegExp][] = [
        [['order', 'show', 'ord_nope'], /no order ord_nope/],
        [['order', 'resend', 'ord_nope'], /no order ord_nope/],
        [['order', 'refund', 'ord_nope'], /no order ord_nope/],
        [['order', 'list', '--app', 'app_nope'], /no app app_nope/],
        [
          ['order', 'list', '--app', appId, '--status', 'lost'],
          /Allowed choices are created, paid, delivered, refunded/,
        ],
        [['order', 'list', '--app', appId, '--limit', '0'], /1 to 500/],
        [['order', 'list', '--app', appId, '--limit', 'many'], /1 to 500/],
        [['order', 'list'], /--app/],
      ];
      for (const [args, message] of cases) {
        const result = await cli(...args);
        assert.equal(result.code, 1, args.join(' '));
        assert.match(result.stderr, message);
      }
    });
  });
}
