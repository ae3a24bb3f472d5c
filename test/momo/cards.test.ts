import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

/** The document's example entry, for `userid`. */
function card(userid: string, changes: Record<string, unknown> = {}) {
  return {
    userid,
    os: 'android',
    nickname: '撒旦的晚宴',
    level: '94',
    server: '苹果 1 服',
    serverid: 'android_1',
    uid: '123412',
    create_at: 1408952874,
    guild: '炼狱 神女',
    guildid: '123',
    free_gold: '',
    pay_gold: '',
    timestamp: 1408952874,
    ext: { strength: '2429437', cards: [{ name: '尤克特拉希尔', level: '112' }] },
    ...changes,
  };
}

describeEachBackend('momo player/update', (server) => {
  let app: TestApp;
  let other: TestApp;
  let player: { player_id: string; momo: { userid: string } };
  before(async () => {
    app = await server().createApp('Card Game');
    other = await server().createApp('Other Card Game');
    player = await server().guest(app, 'card-device');
  });

  const update = (entries: unknown, target = app) =>
    server().momo(target, 'player/update', { data: JSON.stringify(entries) });
  const cardsOf = async (playerId: string, target = app) => {
    const response = await server().admin(
      'GET',
      `/v1/admin/apps/${target.id}/players/${playerId}/cards`,
    );
    assert.equal(response.status, 200);
    return response.json.cards as { serverid: string; card: any; updated_at: number }[];
  };

  it('stores the cards and answers the document envelope with empty fail_ids', async () => {
    const entry = card(player.momo.userid);
    const { status, body } = await update([entry]);
    assert.equal(status, 200);
    assert.deepEqual(body, {
      ec: 0,
      em: 'success',
      timesec: Math.floor(server().clock.now() / 1000),
      data: { fail_ids: [] },
    });
    assert.deepEqual(await cardsOf(player.player_id), [
      { serverid: 'android_1', card: entry, updated_at: server().clock.now() },
    ]);
    assert.deepEqual(await cardsOf(player.player_id, other), []);
  });

  it('accepts numbers for string fields, and keeps one card per serverid', async () => {
    const numeric = card(player.momo.userid, {
      serverid: 'ios_2',
      level: 95,
      uid: 123412,
      guildid: 123,
      free_gold: 10,
      pay_gold: '2.5',
      create_at: '1408952874',
      ext: undefined,
    });
    const { body } = await update([numeric]);
    assert.deepEqual(body.data, { fail_ids: [] });
    const cards = await cardsOf(player.player_id);
    assert.deepEqual(
      cards.map((c) => c.serverid),
      ['android_1', 'ios_2'],
    );
    assert.equal(cards[1]?.card.level, 95);
  });

  it('replaces the card of a serverid on a second update', async () => {
    const replaced = await server().guest(app, 'card-replaced');
    await update([card(replaced.momo.userid, { level: '1' })]);
    server().clock.advance(60_000);
    await update([card(replaced.momo.userid, { level: '2', nickname: '新名字' })]);
    const cards = await cardsOf(replaced.player_id);
    assert.equal(cards.length, 1);
    assert.equal(cards[0]?.card.level, '2');
    assert.equal(cards[0]?.card.nickname, '新名字');
    assert.equal(cards[0]?.updated_at, server().clock.now());
  });

  it('lets the later of two entries for the same player and serverid win', async () => {
    const twice = await server().guest(app, 'card-twice');
    const { body } = await update([
      card(twice.momo.userid, { level: '3' }),
      card(twice.momo.userid, { level: '4' }),
    ]);
    assert.deepEqual(body.data, { fail_ids: [] });
    const cards = await cardsOf(twice.player_id);
    assert.deepEqual(
      cards.map((c) => c.card.level),
      ['4'],
    );
  });

  it('lists bad and unknown entries in fail_ids and stores only the good ones', async () => {
    const good = await server().guest(app, 'card-good');
    const bad = await server().guest(app, 'card-bad');
    const stranger = await server().guest(other, 'card-stranger');
    const noUserid: Record<string, unknown> = card('');
    delete noUserid.userid;
    const entries = [
      card(good.momo.userid),
      card(bad.momo.userid, { os: 'windows' }),
      card(bad.momo.userid, { serverid: 'android_2', level: '' }),
      card('FFFFFFFFFFFFFFFF'),
      card(stranger.momo.userid),
      noUserid,
      card(good.momo.userid, { serverid: 'android_3', timestamp: 'yesterday' }),
      card(good.momo.userid, { serverid: 'android_4', ext: 'not an object' }),
      card(good.momo.userid, { serverid: 'android_5', guild: undefined }),
      'not an object',
      card(good.momo.userid, { serverid: 'android_6', free_gold: 'lots' }),
      card(good.momo.userid, { serverid: 'android_7', ext: { blob: 'x'.repeat(16_384) } }),
      { ...card(''), userid: { nested: true } },
      card('', { userid: 12345 }),
      card(good.momo.userid, { serverid: 'android_8', guild: '', guildid: '' }),
    ];
    const { body } = await update(entries);
    assert.equal(body.ec, 0);
    assert.deepEqual(body.data, {
      fail_ids: [
        bad.momo.userid,
        'FFFFFFFFFFFFFFFF',
        stranger.momo.userid,
        '5',
        good.momo.userid,
        '9',
        '12',
        '12345',
      ],
    });
    assert.deepEqual((await cardsOf(good.player_id)).map((c) => c.serverid).sort(), [
      'android_1',
      'android_8',
    ]);
    assert.deepEqual(await cardsOf(bad.player_id), []);
    assert.deepEqual(await cardsOf(stranger.player_id, other), []);
  });

  it('accepts an empty batch and 100 entries, and answers 30101 for 101', async () => {
    assert.deepEqual((await update([])).body.data, { fail_ids: [] });
    const full = Array.from({ length: 100 }, (_, i) =>
      card(player.momo.userid, { serverid: `all_${i}` }),
    );
    assert.deepEqual((await update(full)).body.data, { fail_ids: [] });
    assert.equal((await cardsOf(player.player_id)).length, 102);
    const { body } = await update([...full, card(player.momo.userid)]);
    assert.equal(body.ec, 30101);
    assert.equal(body.em.startsWith('参数错误'), true);
    assert.deepEqual(body.data, []);
  });

  it('answers 30101 for missing data or data that is not a JSON array', async () => {
    for (const data of [undefined, '', '{"userid":"x"}', 'not json', '42']) {
      const { body } = await server().momo(
        app,
        'player/update',
        data === undefined ? {} : { data },
      );
      assert.equal(body.ec, 30101, String(data));
      assert.deepEqual(body.data, []);
    }
  });

  it('answers 30009 for a wrong app_secret or appid, and writes nothing', async () => {
    const locked = await server().guest(app, 'card-locked');
    const data = JSON.stringify([card(locked.momo.userid)]);
    for (const params of [
      { appid: app.momo.appid, app_secret: 'wrong' },
      { appid: 'mm_nope', app_secret: app.momo.appSecret },
    ]) {
      const { body } = await server().momoRaw('player/update', { ...params, data });
      assert.equal(body.ec, 30009);
      assert.equal(body.em, 'App secret 错误');
    }
    assert.deepEqual(await cardsOf(locked.player_id), []);
  });
});
