import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import { AppService } from '../../src/core/apps/service.js';
import { cryptoRandom, systemClock } from '../../src/core/runtime.js';
import { SecretBox } from '../../src/core/secrets/secret-box.js';
import { APP_CONFIGS } from '../../src/guildhall.js';
import {
  authenticateMomo,
  momoCredentials,
  momoSettings,
} from '../../src/protocols/momo/app-config.js';
import {
  findByMsdkAppid,
  msdkCredentials,
  msdkSettings,
} from '../../src/protocols/msdk/app-config.js';
import { migrateToLatest, migrateUpTo } from '../../src/store/migrate.js';
import { Store } from '../../src/store/store.js';
import { describeMigration } from '../helpers/migrations.js';

/** The apps table as it stood after 010-group-binding. */
interface Before012 {
  apps: {
    id: string;
    name: string;
    momo_appid: string;
    momo_app_secret: string;
    msdk_qq_appid: string;
    msdk_wx_appid: string;
    msdk_appkey: string;
    msdk_msdkkey: string;
    settings: string;
    created_at: number;
    updated_at: number;
  };
}

const OLD = {
  id: 'app_old',
  name: 'Old Game',
  momo_appid: 'mm_gh_oldgame1',
  momo_app_secret: '0123456789abcdef0123456789abcdef',
  msdk_qq_appid: '1234567890',
  msdk_wx_appid: 'wx0123456789abcdef',
  msdk_appkey: 'aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb',
  msdk_msdkkey: 'ccccccccccccccccdddddddddddddddd',
  settings: JSON.stringify({
    nearbyRadiusM: 5000,
    emotion: { id: 'e1', name: 'smile' },
    sandbox: true,
    momoNotifyUrl: 'https://game.example.com/notify',
    momoNotifySignType: 'RSA2',
    billExport: true,
    timezone: 'UTC',
    apnsEnvironment: 'sandbox',
    msdkTimestampWindowSec: 300,
  }),
  created_at: 1,
  updated_at: 2,
};

/** An app made before 004 stored only some settings: the rest take their defaults. */
const BARE = {
  ...OLD,
  id: 'app_bare',
  momo_appid: 'mm_gh_baregame',
  msdk_qq_appid: '1987654321',
  msdk_wx_appid: 'wxfedcba9876543210',
  momo_app_secret: 'fedcba9876543210fedcba9876543210',
  msdk_appkey: 'eeeeeeeeeeeeeeeeffffffffffffffff',
  msdk_msdkkey: '99999999999999998888888888888888',
  settings: '{}',
};

describeMigration('012-app-credentials', (handle) => {
  it('moves credentials to app_credentials and dialect settings under dialects, losing nothing', async () => {
    await migrateUpTo(handle(), '010-group-binding');
    const old = handle().db as unknown as Kysely<Before012>;
    await old.insertInto('apps').values([OLD, BARE]).execute();

    const applied = await migrateToLatest(handle());
    assert.ok(applied.includes('012-app-credentials'), applied.join(', '));
    const store = new Store(handle().db, handle().kind, handle().changes);
    const raw = await handle()
      .db.selectFrom('app_credentials')
      .selectAll()
      .where('app_id', '=', OLD.id)
      .orderBy('dialect')
      .orderBy('name')
      .execute();
    assert.deepEqual(
      raw.map((r) => [r.dialect, r.name, r.value, r.sealed]),
      [
        ['momo', 'app_secret', OLD.momo_app_secret, 0],
        ['momo', 'appid', OLD.momo_appid, 0],
        ['msdk', 'appkey', OLD.msdk_appkey, 0],
        ['msdk', 'msdkkey', OLD.msdk_msdkkey, 0],
        ['msdk', 'qq_appid', OLD.msdk_qq_appid, 0],
        ['msdk', 'wx_appid', OLD.msdk_wx_appid, 0],
      ],
    );

    // On start, the server seals the secrets, once.
    const box = new SecretBox(randomBytes(32));
    const apps = new AppService(
      store,
      systemClock,
      cryptoRandom,
      box,
      APP_CONFIGS,
      handle().changes,
    );
    // Dialects added after 012 (xcloud: gid, app_id, key for each of the two apps) get their credentials generated here.
    assert.deepEqual(await apps.prepareCredentials(), { generated: 6, sealed: 6 });
    assert.deepEqual(await apps.prepareCredentials(), { generated: 0, sealed: 0 });
    const sealed = await handle()
      .db.selectFrom('app_credentials')
      .selectAll()
      .where('app_id', '=', OLD.id)
      .execute();
    for (const row of sealed) {
      const secret = ['app_secret', 'appkey', 'msdkkey', 'key'].includes(row.name);
      assert.equal(row.sealed, secret ? 1 : 0, row.name);
      assert.equal(row.value.startsWith('v1.'), secret, row.name);
    }

    const app = await authenticateMomo(apps, OLD.momo_appid, OLD.momo_app_secret);
    assert.equal(app.id, OLD.id);
    assert.equal(app.name, OLD.name);
    assert.equal(app.createdAt, 1);
    assert.deepEqual(momoCredentials(app), {
      appid: OLD.momo_appid,
      appSecret: OLD.momo_app_secret,
    });
    assert.deepEqual(msdkCredentials(app), {
      qqAppid: OLD.msdk_qq_appid,
      wxAppid: OLD.msdk_wx_appid,
      appkey: OLD.msdk_appkey,
      msdkkey: OLD.msdk_msdkkey,
    });
    await assert.rejects(authenticateMomo(apps, OLD.momo_appid, 'wrong'), {
      code: 'app.bad_secret',
    });
    apps.checkSecret(app, 'msdk', 'appkey', OLD.msdk_appkey);
    apps.checkSecret(app, 'msdk', 'msdkkey', OLD.msdk_msdkkey);
    assert.throws(() => apps.checkSecret(app, 'msdk', 'appkey', OLD.msdk_msdkkey), {
      code: 'app.bad_secret',
    });

    for (const [appid, platform] of [
      [OLD.msdk_qq_appid, 'qq'],
      [OLD.msdk_wx_appid, 'wx'],
      [`G_${OLD.msdk_qq_appid}`, 'guest'],
    ] as const) {
      const found = await findByMsdkAppid(apps, appid);
      assert.equal(found?.app.id, OLD.id, appid);
      assert.equal(found?.platform, platform, appid);
    }
    assert.equal((await findByMsdkAppid(apps, BARE.msdk_wx_appid))?.app.id, BARE.id);
    assert.equal(await findByMsdkAppid(apps, '1111111111'), undefined);

    assert.deepEqual(app.settings, {
      nearbyRadiusM: 5000,
      emotion: { id: 'e1', name: 'smile' },
      sandbox: true,
      billExport: true,
      timezone: 'UTC',
      apnsEnvironment: 'sandbox',
      // Settings added since take their defaults.
      facebookAppId: null,
      googleClientIds: [],
      appleClientIds: [],
      googlePlayPackageName: null,
    });
    assert.deepEqual(momoSettings(app), {
      notifyUrl: 'https://game.example.com/notify',
      notifySignType: 'RSA2',
    });
    assert.deepEqual(msdkSettings(app), { timestampWindowSec: 300 });
    const bare = await apps.get(BARE.id);
    assert.deepEqual(momoSettings(bare), { notifyUrl: null, notifySignType: 'RSA' });
    assert.deepEqual(msdkSettings(bare), { timestampWindowSec: null });
    assert.equal(bare.settings.timezone, 'Asia/Shanghai');

    // Appids stay unique, the old columns are gone.
    await assert.rejects(
      handle()
        .db.updateTable('app_credentials')
        .set({ value: OLD.msdk_qq_appid })
        .where('app_id', '=', BARE.id)
        .where('dialect', '=', 'msdk')
        .where('name', '=', 'qq_appid')
        .execute(),
    );
    await assert.rejects(old.selectFrom('apps').select('momo_appid').execute());
  });
});
