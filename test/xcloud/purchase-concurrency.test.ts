import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CliStorage } from '../helpers/cli.js';
import { postgresStorage, runCli } from '../helpers/cli.js';
import type { RunningServe } from '../helpers/serve-process.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { xcloudRequest } from '../helpers/xcloud.js';

const databaseUrl = process.env.DATABASE_URL;
const ADMIN_TOKEN = 'purchase-concurrency-admin';
const ORDERS = 20;

describe(
  'one store purchase pays one order, checked at once on two serving processes on one PostgreSQL',
  { skip: !databaseUrl },
  () => {
    let storage: CliStorage;
    let servers: RunningServe[] = [];
    let app: { id: string; xcloud: { gid: string; app_id: string; key: string } };
    let uid: string;
    const env = {
      GUILDHALL_SECRET_KEY: randomBytes(32).toString('hex'),
      GUILDHALL_ADMIN_TOKEN: ADMIN_TOKEN,
    };

    before(async () => {
      storage = await postgresStorage(databaseUrl ?? '');
      const created = await runCli(
        ['app', 'create', '--name', 'Rush', '--sandbox', '--json', ...storage.flags],
        env,
      );
      assert.equal(created.code, 0, created.stderr);
      app = JSON.parse(created.stdout);
      servers = [await startServe(storage.flags, env), await startServe(storage.flags, env)];
      const login = await fetch(`${serverOf(0)}/v1/client/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: app.id, method: 'guest', device_id: 'rusher' }),
      });
      uid = ((await login.json()) as { xcloud: { uid: string } }).xcloud.uid;
    });
    after(async () => {
      await stopServes(servers);
      await storage.cleanup();
    });

    const serverOf = (i: number) => servers[i % 2]?.baseUrl ?? '';
    const now = () => String(Math.floor(Date.now() / 1000));
    const call = (i: number, path: string, fields: Record<string, string>) =>
      xcloudRequest(`${serverOf(i)}${path}`, app.xcloud.key, { ...fields, time: now() }, {});

    async function placeOrder(i: number, game_order: string): Promise<string> {
      const placed = await call(i, '/Pt/order', {
        uid,
        role_name: 'Garrincha',
        sid: '1',
        gid: app.xcloud.gid,
        app_id: app.xcloud.app_id,
        game_order,
        amount: '4.99',
        currency: 'USD',
        game_money: '600',
        product_id: 'coins.600',
        game_good_id: '1',
        channel: 'googleplay',
        data: '',
      });
      assert.equal(placed.body.status, 200, placed.text);
      return placed.body.data.order_id as string;
    }

    const googleCheck = (i: number, game_order: string, token: string) =>
      call(i, '/Googlepay/check', {
        uid,
        gid: app.xcloud.gid,
        app_id: app.xcloud.app_id,
        package_name: 'com.tecnofut.game',
        product_id: 'coins.600',
        token,
        game_order,
        google_order: token,
      });

    async function orderStatus(orderId: string): Promise<string> {
      const response = await fetch(`${serverOf(1)}/v1/admin/orders/${orderId}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      return ((await response.json()) as { status: string }).status;
    }

    it(`one purchase token sent for ${ORDERS} orders at once pays exactly one of them`, async () => {
      const games = Array.from({ length: ORDERS }, (_, i) => `rush-${i}`);
      const orderIds = await Promise.all(games.map((game, i) => placeOrder(i, game)));
      const answers = await Promise.all(
        games.map((game, i) => googleCheck(i, game, 'sandbox-one-purchase')),
      );
      const statuses = answers.map((answer) => answer.body.status as number);
      assert.equal(statuses.filter((status) => status === 200).length, 1, statuses.join(','));
      assert.deepEqual(new Set(statuses.filter((status) => status !== 200)), new Set([118]));
      const paid = (await Promise.all(orderIds.map(orderStatus))).filter((s) => s !== 'created');
      assert.equal(paid.length, 1);
    });

    it('one order checked at once on both processes with its purchase is paid once; every call answers 200', async () => {
      const orderId = await placeOrder(0, 'rush-same');
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => googleCheck(i, 'rush-same', 'sandbox-same-order')),
      );
      assert.deepEqual(
        answers.map((answer) => answer.body.status),
        Array.from({ length: 10 }, () => 200),
      );
      assert.notEqual(await orderStatus(orderId), 'created');
    });
  },
);
