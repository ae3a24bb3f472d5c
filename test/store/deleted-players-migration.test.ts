import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { migrateUpTo } from '../../src/store/migrate.js';
import type { Database } from '../../src/store/schema.js';
import { describeMigration } from '../helpers/migrations.js';

const order = (id: string, accountId: number | null) => ({
  id,
  trade_no: `trade-${id}`,
  app_id: 'app_old',
  account_id: accountId,
  product_id: 'gems',
  amount: 600,
  currency: 'RMB',
  channel: 'sandbox',
  app_order_no: 'cp-1',
  client_type: 'android',
  status: 'paid',
  created_at: 1,
});

describeMigration('023-deleted-players', (handle) => {
  /** The names of the orders table's indexes (SQLite rebuilds the table). */
  const orderIndexes = async () => {
    const query =
      handle().kind === 'postgres'
        ? sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'orders'`
        : sql<{
            name: string;
          }>`SELECT name FROM sqlite_master WHERE tbl_name = 'orders' AND type = 'index'`;
    return (await query.execute(handle().db)).rows.map((r) => r.name).sort();
  };

  it('keeps orders, their constraints and indexes, and lets an order lose its account', async () => {
    await migrateUpTo(handle(), '021-change-log');
    const db = handle().db as unknown as Kysely<Database>;
    await db
      .insertInto('apps')
      .values({ id: 'app_old', name: 'Old Game', settings: '{}', created_at: 1, updated_at: 1 })
      .execute();
    const account = await db
      .insertInto('accounts')
      .values({
        public_id: 'p_old',
        kind: 'guest',
        name: 'Old Timer',
        sex: 'F',
        birthday: null,
        photos: '[]',
        sign: '',
        area_id: null,
        lat: null,
        lng: null,
        geohash: null,
        loc_time: null,
        regstate: 1,
        vip: 0,
        is_spam: 0,
        profile_version: 1,
        created_at: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('orders').values(order('ord_old', account.id)).execute();
    await assert.rejects(db.insertInto('orders').values(order('ord_none', null)).execute());

    const indexes = await orderIndexes();
    assert.ok(indexes.length >= 4, indexes.join());
    await migrateUpTo(handle(), '023-deleted-players');
    assert.deepEqual(await orderIndexes(), indexes);
    const kept = await db.selectFrom('orders').selectAll().execute();
    assert.deepEqual(
      kept.map((o) => [o.id, Number(o.account_id), o.trade_no]),
      [['ord_old', account.id, 'trade-ord_old']],
    );
    await db.insertInto('orders').values(order('ord_none', null)).execute();
    await db.updateTable('orders').set({ account_id: null }).where('id', '=', 'ord_old').execute();
    // The account must still exist, and trade numbers stay unique.
    await assert.rejects(db.insertInto('orders').values(order('ord_ghost', 999)).execute());
    await assert.rejects(
      db
        .insertInto('orders')
        .values({ ...order('ord_twin', null), trade_no: 'trade-ord_old' })
        .execute(),
    );
  });
});
