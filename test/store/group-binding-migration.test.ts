import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Generated, Kysely } from 'kysely';
import { migrateUpTo } from '../../src/store/migrate.js';
import { describeMigration } from '../helpers/migrations.js';

/** The tables the test fills, as they stood after 009-relation. */
interface Before010 {
  apps: {
    id: string;
    name: string;
    momo_appid: string;
    momo_app_secret: string;
    settings: string;
    created_at: number;
    updated_at: number;
  };
  accounts: {
    id: Generated<number>;
    public_id: string;
    kind: string;
    name: string;
    sex: string;
    photos: string;
    sign: string;
    regstate: number;
    vip: number;
    is_spam: number;
    profile_version: number;
    created_at: number;
  };
  guilds: {
    id: Generated<number>;
    app_id: string;
    union_id: string;
    zone: string;
    name: string;
    president_id: number | null;
    created_at: number;
  };
  groups: {
    id: Generated<number>;
    app_id: string;
    number: number;
    guild_id: number | null;
    name: string;
    sign: string;
    photos: string;
    owner_id: number;
    max_members: number;
    created_at: number;
  };
  group_members: { group_id: number; account_id: number; role: string; joined_at: number };
}

describeMigration('010-group-binding', (handle) => {
  it('gives old guilds their kind, old groups open ids and join keys, members no card', async () => {
    await migrateUpTo(handle(), '009-relation');
    const db = handle().db as unknown as Kysely<Before010>;
    await db
      .insertInto('apps')
      .values({
        id: 'app_old',
        name: 'Old Game',
        momo_appid: 'mm_old',
        momo_app_secret: 'secret',
        settings: '{}',
        created_at: 1,
        updated_at: 1,
      })
      .execute();
    const account = await db
      .insertInto('accounts')
      .values({
        public_id: 'p_old',
        kind: 'registered',
        name: 'Old Timer',
        sex: 'F',
        photos: '[]',
        sign: '',
        regstate: 1,
        vip: 0,
        is_spam: 0,
        profile_version: 1,
        created_at: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const guild = await db
      .insertInto('guilds')
      .values({
        app_id: 'app_old',
        union_id: 'union-1',
        zone: 's1',
        name: 'Old Guild',
        president_id: account.id,
        created_at: 2,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [number, guildId] of [
      [11_111_111, guild.id],
      [22_222_222, null],
    ] as const) {
      const group = await db
        .insertInto('groups')
        .values({
          app_id: 'app_old',
          number,
          guild_id: guildId,
          name: `group ${number}`,
          sign: '',
          photos: '[]',
          owner_id: account.id,
          max_members: 500,
          created_at: 3,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('group_members')
        .values({
          group_id: group.id,
          account_id: account.id,
          role: 'owner',
          joined_at: 3,
        })
        .execute();
    }

    assert.deepEqual(await migrateUpTo(handle(), '010-group-binding'), ['010-group-binding']);

    const guilds = await handle().db.selectFrom('guilds').selectAll().execute();
    assert.equal(guilds.length, 1);
    assert.deepEqual(
      { ...guilds[0] },
      {
        id: guild.id,
        app_id: 'app_old',
        union_id: 'union-1',
        zone: 's1',
        kind: 'guild',
        name: 'Old Guild',
        president_id: account.id,
        unbound_at: null,
        created_at: 2,
      },
    );

    const groups = await handle().db.selectFrom('groups').selectAll().orderBy('id').execute();
    assert.equal(groups.length, 2);
    assert.equal(groups[0]?.guild_id, guild.id, 'the binding survives the guilds rebuild');
    for (const group of groups) {
      assert.match(group.open_id, /^[0-9A-F]{32}$/);
      assert.ok(group.join_key.length > 0);
      assert.equal(group.dissolved_at, null);
    }
    assert.notEqual(groups[0]?.open_id, groups[1]?.open_id);
    assert.notEqual(groups[0]?.join_key, groups[1]?.join_key);

    const members = await handle().db.selectFrom('group_members').selectAll().execute();
    assert.equal(members.length, 2);
    for (const member of members) {
      assert.deepEqual(
        [member.label, member.nickname, member.zone_id, member.role_id, member.plat_id],
        [null, null, null, null, null],
      );
    }

    // The kind is part of a guild's key now: a team may share the guild's union id and zone.
    const newGuild = {
      app_id: 'app_old',
      union_id: 'union-1',
      zone: 's1',
      name: 'Old Team',
      president_id: null,
      unbound_at: null,
      created_at: 4,
    };
    await handle()
      .db.insertInto('guilds')
      .values({ ...newGuild, kind: 'team' })
      .execute();
    await assert.rejects(
      handle()
        .db.insertInto('guilds')
        .values({ ...newGuild, kind: 'guild' })
        .execute(),
    );
    const kinds = await handle().db.selectFrom('guilds').select('kind').orderBy('id').execute();
    assert.deepEqual(
      kinds.map((row) => row.kind),
      ['guild', 'team'],
    );
  });
});
