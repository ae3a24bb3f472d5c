import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import { migrateUpTo } from '../../src/store/migrate.js';
import { describeMigration } from '../helpers/migrations.js';

describeMigration('004-msdk-credentials', (handle) => {
  it('gives apps made before it distinct MSDK credentials', async () => {
    await migrateUpTo(handle(), '003-payments-messaging');
    const db = handle().db as unknown as Kysely<{
      apps: {
        id: string;
        name: string;
        momo_appid: string;
        momo_app_secret: string;
        settings: string;
        created_at: number;
        updated_at: number;
      };
    }>;
    for (const id of ['app_old1', 'app_old2']) {
      await db
        .insertInto('apps')
        .values({
          id,
          name: id,
          momo_appid: `mm_${id}`,
          momo_app_secret: 'secret',
          settings: '{}',
          created_at: 1,
          updated_at: 1,
        })
        .execute();
    }
    assert.deepEqual(await migrateUpTo(handle(), '004-msdk-credentials'), ['004-msdk-credentials']);
    // The apps table as 004 left it (012 moved the credentials out).
    const after = handle().db as unknown as Kysely<{
      apps: Record<
        'id' | 'msdk_qq_appid' | 'msdk_wx_appid' | 'msdk_appkey' | 'msdk_msdkkey',
        string
      >;
    }>;
    const rows = await after.selectFrom('apps').selectAll().orderBy('id').execute();
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.match(row.msdk_qq_appid, /^[1-9]\d{9}$/);
      assert.match(row.msdk_wx_appid, /^wx[0-9a-f]{16}$/);
      assert.match(row.msdk_appkey, /^[0-9a-f]{32}$/);
      assert.match(row.msdk_msdkkey, /^[0-9a-f]{32}$/);
    }
    assert.notEqual(rows[0]?.msdk_qq_appid, rows[1]?.msdk_qq_appid);
    assert.notEqual(rows[0]?.msdk_appkey, rows[1]?.msdk_appkey);
    // QQ appids stay unique.
    await assert.rejects(
      after
        .updateTable('apps')
        .set({ msdk_qq_appid: rows[0]?.msdk_qq_appid ?? '' })
        .where('id', '=', 'app_old2')
        .execute(),
    );
  });
});
