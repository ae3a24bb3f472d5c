import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { App } from '../../src/core/apps/types.js';
import { tokenHash } from '../../src/core/runtime.js';
import { openDatabase } from '../../src/store/database.js';
import { migrateUpTo } from '../../src/store/migrate.js';
import { testBackends } from '../helpers/backends.js';
import type { TestServer } from '../helpers/server.js';
import { TestClock, startTestServer } from '../helpers/server.js';

const NOW = Date.UTC(2026, 10, 21, 4, 0, 0);
const HOUR = 3_600_000;

/** What a database written before per-app public ids and per-dialect credentials held. */
const OLD = {
  app: {
    id: 'app_oldgame01',
    momoAppid: 'mm_gh_old00001',
    momoSecret: '0123456789abcdef0123456789abcdef',
    qqAppid: '1234567890',
    wxAppid: 'wx0123456789abcdef',
    appkey: 'aaaabbbbccccddddaaaabbbbccccdddd',
    msdkkey: '11112222333344441111222233334444',
  },
  userid: 'ABCDEF0123456789',
  qqOpenid: '0123456789ABCDEF0123456789ABCDEF',
  wxOpenid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0',
  guestid: 'G_FEDCBA9876543210FEDCBA9876543210',
  vtoken: '00112233445566778899aabbccddeeff',
  openkey: 'FFEEDDCCBBAA99887766554433221100',
  session: 'old-session-token',
};

/** Writes rows the way the code before migration 011 did, at schema 010. */
async function writeOldRows(db: Kysely<unknown>) {
  const { app } = OLD;
  const settings = JSON.stringify({
    sandbox: true,
    momoNotifyUrl: 'http://127.0.0.1:9/notify',
    momoNotifySignType: 'RSA2',
    msdkTimestampWindowSec: 300,
    timezone: 'UTC',
  });
  await sql`INSERT INTO apps (id, name, momo_appid, momo_app_secret, msdk_qq_appid, msdk_wx_appid,
    msdk_appkey, msdk_msdkkey, settings, created_at, updated_at) VALUES (${app.id}, 'Old Game',
    ${app.momoAppid}, ${app.momoSecret}, ${app.qqAppid}, ${app.wxAppid}, ${app.appkey},
    ${app.msdkkey}, ${settings}, ${NOW - 10 * HOUR}, ${NOW - 10 * HOUR})`.execute(db);
  const account = await sql<{ id: number }>`INSERT INTO accounts (public_id, kind, name, sex,
    photos, sign, regstate, vip, is_spam, profile_version, created_at) VALUES ('p_oldplayer',
    'guest', 'Old Timer', 'F', '[]', '', 1, 0, 0, 1, ${NOW - 9 * HOUR}) RETURNING id`.execute(db);
  const accountId = Number(account.rows[0]?.id);
  await sql`INSERT INTO identities (provider, subject, account_id, secret_hash, created_at)
    VALUES ('device', 'old-device', ${accountId}, NULL, ${NOW - 9 * HOUR})`.execute(db);
  await sql`INSERT INTO app_players (app_id, account_id, momo_userid, created_at)
    VALUES (${app.id}, ${accountId}, ${OLD.userid}, ${NOW - 9 * HOUR})`.execute(db);
  await sql`INSERT INTO tencent_players (app_id, account_id, qq_openid, wx_openid, guestid,
    platforms, created_at) VALUES (${app.id}, ${accountId}, ${OLD.qqOpenid}, ${OLD.wxOpenid},
    ${OLD.guestid}, 1, ${NOW - 9 * HOUR})`.execute(db);
  for (const [value, kind, expiresAt] of [
    [OLD.vtoken, 'momo_vtoken', NOW + 12 * HOUR],
    [OLD.openkey, 'tencent_qq_openkey', NOW + HOUR],
    [OLD.session, 'session', NOW + 24 * HOUR],
  ] as const) {
    await sql`INSERT INTO tokens (hash, kind, app_id, account_id, expires_at, created_at)
      VALUES (${tokenHash(value)}, ${kind}, ${app.id}, ${accountId}, ${expiresAt},
      ${NOW - HOUR})`.execute(db);
  }
  await sql`INSERT INTO orders (id, trade_no, app_id, account_id, product_id, amount, currency,
    channel, app_order_no, client_type, status, transaction_id, created_at, paid_at) VALUES
    ('ord_old1', '20261121000000000000001', ${app.id}, ${accountId}, 'gems_60', 600, 'RMB',
    'sandbox', 'game-order-old', 'android', 'paid', 'sandbox-old-1', ${NOW - 2 * HOUR},
    ${NOW - 2 * HOUR})`.execute(db);
  await sql`INSERT INTO outbox (kind, app_id, ref, status, attempts, due_at, created_at) VALUES
    ('order.paid', ${app.id}, 'ord_old1', 'pending', 3, ${NOW + HOUR}, ${NOW - 2 * HOUR})`.execute(
    db,
  );
}

for (const backend of testBackends()) {
  describe(`a database written before per-app ids migrates with nothing lost [${backend.name}]`, () => {
    let server: TestServer & { cleanup: () => Promise<void> };
    let app: App;
    const dir = mkdtempSync(join(tmpdir(), 'guildhall-migration-'));

    before(async () => {
      const provisioned = await backend.provision();
      const options = provisioned.options.databaseUrl
        ? provisioned.options
        : { ...provisioned.options, sqliteFile: join(dir, 'old.db') };
      const handle = openDatabase({
        url: options.databaseUrl,
        sqliteFile: options.sqliteFile,
        schema: options.databaseSchema,
      });
      if (options.databaseSchema) {
        await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(options.databaseSchema)}`.execute(handle.db);
      }
      await migrateUpTo(handle, '010-group-binding');
      await writeOldRows(handle.db as unknown as Kysely<unknown>);
      await handle.close();
      server = await startTestServer(
        { name: backend.name, provision: async () => ({ options, cleanup: provisioned.cleanup }) },
        new TestClock(NOW),
      );
      app = await server.guildhall.apps.get(OLD.app.id);
    });
    after(async () => {
      await server.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps the app, its credentials and its settings', async () => {
      const { json } = await server.admin('GET', `/v1/admin/apps/${OLD.app.id}`);
      const revealed = await server.admin(
        'POST',
        `/v1/admin/apps/${OLD.app.id}/credentials/reveal`,
      );
      assert.deepEqual(json.momo, {
        appid: OLD.app.momoAppid,
        app_secret: `****${OLD.app.momoSecret.slice(-4)}`,
      });
      assert.deepEqual(revealed.json.momo, {
        appid: OLD.app.momoAppid,
        app_secret: OLD.app.momoSecret,
      });
      assert.deepEqual(revealed.json.msdk, {
        qq_appid: OLD.app.qqAppid,
        wx_appid: OLD.app.wxAppid,
        guest_appid: `G_${OLD.app.qqAppid}`,
        appkey: OLD.app.appkey,
        msdkkey: OLD.app.msdkkey,
      });
      assert.equal(json.settings.sandbox, true);
      assert.equal(json.settings.momo_notify_url, 'http://127.0.0.1:9/notify');
      assert.equal(json.settings.momo_notify_sign_type, 'RSA2');
      assert.equal(json.settings.msdk_timestamp_window_sec, 300);
      assert.equal(json.settings.timezone, 'UTC');
    });

    it('keeps tokens working: a Momo vtoken, a QQ openkey and a client session', async () => {
      const check = await server.momo(app, 'app/check', { userid: OLD.userid, vtoken: OLD.vtoken });
      assert.equal(check.body.ec, 0);
      assert.equal(check.body.data.userid, OLD.userid);
      assert.equal(check.body.data.uid, 'p_oldplayer');

      const timestamp = String(Math.floor(NOW / 1000));
      const sig = createHash('md5').update(`${OLD.app.msdkkey}${timestamp}`).digest('hex');
      const verify = await server.request(
        'POST',
        `/auth/verify_login?timestamp=${timestamp}&appid=${OLD.app.qqAppid}&sig=${sig}&encode=2`,
        { json: { openid: OLD.qqOpenid, openkey: OLD.openkey, userip: '127.0.0.1' } },
      );
      assert.equal(verify.json.ret, 0);

      const profile = await server.request('GET', '/v1/client/profile', { token: OLD.session });
      assert.equal(profile.status, 200);
      assert.equal(profile.json.player_id, 'p_oldplayer');
    });

    it('keeps the ids: the same device logs in as the same player under the same ids', async () => {
      const momo = await server.request('POST', '/v1/client/login', {
        json: { app_id: OLD.app.id, method: 'guest', device_id: 'old-device' },
      });
      assert.equal(momo.json.player_id, 'p_oldplayer');
      assert.equal(momo.json.momo.userid, OLD.userid);
      for (const [platform, field, id] of [
        ['qq', 'openid', OLD.qqOpenid],
        ['wx', 'openid', OLD.wxOpenid],
        ['guest', 'guestid', OLD.guestid],
      ] as const) {
        const login = await server.tencentLogin(app, 'old-device', platform);
        assert.equal(login.msdk[field], id, platform);
      }
    });

    it('keeps orders and their pending notifications', async () => {
      const { json } = await server.admin('GET', '/v1/admin/orders/ord_old1');
      assert.equal(json.order_id, 'ord_old1');
      assert.equal(json.status, 'paid');
      assert.equal(json.momo_userid, OLD.userid);
      assert.equal(json.amount, '6.00');
      const [outbox] = await server.guildhall.store.outbox.byRef(['order.paid'], 'ord_old1');
      assert.equal(outbox?.status, 'pending');
      assert.equal(outbox?.attempts, 3);
    });
  });
}
