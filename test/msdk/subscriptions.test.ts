import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const HOUR = 3_600_000;

type Login = Awaited<ReturnType<TestServer['tencentLogin']>>;

describeEachBackend('msdk message subscriptions', (server) => {
  let app: TestApp;
  let devices = 0;

  before(async () => {
    app = await server().createApp('Subscribing Game');
  });

  const player = (game = app) => server().tencentLogin(game, `sub-dev-${++devices}`, 'wx');

  async function template(title: string, content: string, game = app) {
    const response = await server().admin('POST', `/v1/admin/apps/${game.id}/subscriptions`, {
      title,
      content,
    });
    assert.equal(response.status, 201, response.text);
    return response.json as { id: number; title: string; content: string; subscribers: number };
  }

  /** A call as a WeChat game server, with the player's openid (and token, when given). */
  function call(path: string, who: Login, body: object = {}, withToken = true) {
    return server().msdk(
      app,
      `profile/${path}`,
      {
        appid: app.msdk.wxAppid,
        openid: who.msdk.openid,
        ...(withToken && { accessToken: who.msdk.access_token }),
        ...body,
      },
      { appid: app.msdk.wxAppid, query: { openid: who.msdk.openid ?? '' } },
    );
  }

  async function inbox(who: Login) {
    const response = await server().request('GET', '/v1/client/inbox', {
      token: who.session_token,
    });
    return (response.json.messages as { content: string }[]).map((m) => m.content);
  }

  it('lets operators create, list and delete templates (ids are integers)', async () => {
    const game = await server().createApp('Template Game');
    const created = await template('Daily gift', 'Your daily gift is waiting', game);
    assert.ok(Number.isInteger(created.id));
    assert.deepEqual(
      { ...created, created_at: 0 },
      {
        id: created.id,
        title: 'Daily gift',
        content: 'Your daily gift is waiting',
        subscribers: 0,
        created_at: 0,
      },
    );
    const second = await template('Raid', 'The raid starts in 10 minutes', game);
    const path = `/v1/admin/apps/${game.id}/subscriptions`;
    const listed = await server().admin('GET', path);
    assert.deepEqual(
      listed.json.templates.map((t: { id: number }) => t.id),
      [created.id, second.id],
    );
    assert.equal((await server().admin('DELETE', `${path}/${created.id}`)).status, 204);
    assert.equal((await server().admin('DELETE', `${path}/${created.id}`)).status, 404);
    assert.equal((await server().admin('DELETE', `${path}/abc`)).status, 400);
    assert.equal((await server().admin('GET', path)).json.templates.length, 1);

    for (const body of [
      { title: '', content: 'x' },
      { title: 'x', content: '' },
      { title: 'x'.repeat(65), content: 'x' },
      { title: 'x', content: 'x'.repeat(301) },
      { title: 'x', content: 'x', extra: 1 },
      { title: 'x' },
    ]) {
      assert.equal((await server().admin('POST', path, body)).status, 400, JSON.stringify(body));
    }
    const noApp = await server().admin('POST', '/v1/admin/apps/app_nope/subscriptions', {
      title: 'x',
      content: 'x',
    });
    assert.equal(noApp.status, 404);
    // Another app's template is not this app's.
    const elsewhere = await server().admin(
      'DELETE',
      `/v1/admin/apps/${app.id}/subscriptions/${second.id}`,
    );
    assert.equal(elsewhere.status, 404);
  });

  it('caps an app at 100 templates, so a player list always holds them all (more: false)', async () => {
    const game = await server().createApp('Many Templates');
    for (let i = 0; i < 100; i++) await template(`t${i}`, `content ${i}`, game);
    const refused = await server().admin('POST', `/v1/admin/apps/${game.id}/subscriptions`, {
      title: 'one more',
      content: 'x',
    });
    assert.equal(refused.status, 400);
    assert.match(refused.json.error.message, /100/);
  });

  it('replays the getlist and setlist examples of 002 with their exact fields', async () => {
    const who = await player();
    const first = await template('2111', 'first message');
    const second = await template('test_msg', 'second message');
    const list = await call('subscribe_getlist', who);
    assert.equal(list.status, 200);
    type Entry = { id: number; title: string; status: boolean };
    const mine = (body: { subscribeList: Entry[] }) =>
      body.subscribeList.filter((s) => s.id === first.id || s.id === second.id);
    assert.deepEqual(Object.keys(list.body), ['ret', 'msg', 'subscribeList', 'more']);
    assert.deepEqual(
      { ...list.body, subscribeList: mine(list.body) },
      {
        ret: 0,
        msg: 'success',
        subscribeList: [
          { id: first.id, title: '2111', status: false },
          { id: second.id, title: 'test_msg', status: false },
        ],
        more: false,
      },
    );
    const subscribe = await call('subscribe_setlist', who, { msgId: [first.id], opType: 0 });
    assert.deepEqual(subscribe.body, { ret: 0, msg: 'success' });
    assert.deepEqual(
      mine((await call('subscribe_getlist', who)).body).map((s) => s.status),
      [true, false],
    );
    // 002's setlist example cancels (opType 1).
    const cancel = await call('subscribe_setlist', who, { msgId: [first.id], opType: 1 });
    assert.deepEqual(cancel.body, { ret: 0, msg: 'success' });
    assert.deepEqual(
      mine((await call('subscribe_getlist', who)).body).map((s) => s.status),
      [false, false],
    );
    // A bare id is taken as a list of one; subscribing twice is harmless.
    for (let i = 0; i < 2; i++) {
      const again = await call('subscribe_setlist', who, { msgId: String(second.id), opType: '0' });
      assert.equal(again.body.ret, 0);
    }
    assert.deepEqual(
      mine((await call('subscribe_getlist', who)).body).map((s) => s.status),
      [false, true],
    );
  });

  it('setlist: 1005 for an id that is not the app’s (nothing changes), 1001 for bad parameters', async () => {
    const who = await player();
    const known = await template('Known', 'known');
    const unknown = await call('subscribe_setlist', who, {
      msgId: [known.id, 987654321],
      opType: 0,
    });
    assert.equal(unknown.body.ret, 1005);
    assert.match(unknown.body.msg, /987654321/);
    const status = (await call('subscribe_getlist', who)).body.subscribeList.find(
      (s: { id: number }) => s.id === known.id,
    );
    assert.equal(status.status, false);
    for (const body of [
      { msgId: [known.id], opType: 2 },
      { msgId: [known.id] },
      { opType: 0 },
      { msgId: [], opType: 0 },
      { msgId: ['abc'], opType: 0 },
      { msgId: [0], opType: 0 },
      { msgId: Array.from({ length: 101 }, (_, i) => i + 1), opType: 0 },
    ]) {
      assert.equal(
        (await call('subscribe_setlist', who, body)).body.ret,
        1001,
        JSON.stringify(body),
      );
    }
  });

  it('push: the content reaches every subscriber’s inbox, and nobody else’s (002 body, right path)', async () => {
    const [a, b, outsider, caller] = [
      await player(),
      await player(),
      await player(),
      await player(),
    ];
    const news = await template('News', 'Season 2 begins today');
    for (const who of [a, b]) {
      assert.equal(
        (await call('subscribe_setlist', who, { msgId: [news.id], opType: 0 })).body.ret,
        0,
      );
    }
    // 002's push example: appid, openid, msgId (no token: the call is the game server's).
    const pushed = await call('subscribe_push', caller, { msgId: news.id }, false);
    assert.deepEqual(pushed.body, { ret: 0, msg: 'success' });
    assert.deepEqual(await inbox(a), ['Season 2 begins today']);
    assert.deepEqual(await inbox(b), ['Season 2 begins today']);
    assert.deepEqual(await inbox(outsider), []);
    const listed = await server().admin('GET', `/v1/admin/apps/${app.id}/subscriptions`);
    const counted = listed.json.templates.find((t: { id: number }) => t.id === news.id);
    assert.equal(counted.subscribers, 2);

    // The document prints this body under /profile/subscribe_getlist (a copy error): sent there
    // it is a list request, which needs the player's token.
    const misplaced = await call('subscribe_getlist', caller, { msgId: news.id }, false);
    assert.equal(misplaced.body.ret, 1001);

    assert.equal(
      (await call('subscribe_push', caller, { msgId: 987654321 }, false)).body.ret,
      1005,
    );
    assert.equal((await call('subscribe_push', caller, {}, false)).body.ret, 1001);
    assert.equal((await call('subscribe_push', caller, { msgId: 'x' }, false)).body.ret, 1001);
    const stranger = await call(
      'subscribe_push',
      { ...caller, msdk: { openid: 'oNobodyNobodyNobodyNobody123' } },
      { msgId: news.id },
      false,
    );
    assert.equal(stranger.body.ret, 1005);
    const qq = await server().msdk(app, 'profile/subscribe_push', {
      openid: caller.msdk.openid,
      msgId: news.id,
    });
    assert.equal(qq.body.ret, 1001, 'a QQ appid is refused');
  });

  it('clear: removes every subscriber (002 body, right path); a later push reaches nobody', async () => {
    const [a, b, caller] = [await player(), await player(), await player()];
    const event = await template('Event', 'The event is live');
    for (const who of [a, b])
      await call('subscribe_setlist', who, { msgId: [event.id], opType: 0 });
    const cleared = await call('subscribe_clear', caller, { msgId: event.id }, false);
    assert.deepEqual(cleared.body, { ret: 0, msg: 'success' });
    const status = (await call('subscribe_getlist', a)).body.subscribeList.find(
      (s: { id: number }) => s.id === event.id,
    );
    assert.equal(status.status, false);
    await call('subscribe_push', caller, { msgId: event.id }, false);
    assert.deepEqual(await inbox(a), []);
    assert.deepEqual(await inbox(b), []);
    assert.equal(
      (await call('subscribe_clear', caller, { msgId: 987654321 }, false)).body.ret,
      1005,
    );
    assert.equal((await call('subscribe_clear', caller, {}, false)).body.ret, 1001);
  });

  it('push: reaches subscribers beyond one page of 1000', async () => {
    const game = await server().createApp('Crowded Game');
    const crowd = await template('Crowd', 'hello crowd', game);
    const ids: number[] = [];
    for (let i = 0; i < 1001; i++) {
      ids.push((await server().guildhall.players.loginGuest(game.id, `sub-crowd-${i}`)).account.id);
    }
    const store = server().guildhall.store;
    for (const id of ids) await store.subscriptions.subscribe(id, [crowd.id], 0);
    const caller = await player(game);
    const pushed = await server().msdk(
      game,
      'profile/subscribe_push',
      { openid: caller.msdk.openid, msgId: crowd.id },
      { appid: game.msdk.wxAppid },
    );
    assert.equal(pushed.body.ret, 0);
    for (const id of [ids[0], ids[999], ids[1000]]) {
      const messages = await server().guildhall.messaging.inbox.list(game.id, id ?? 0, 0, 10);
      assert.deepEqual(
        messages.map((m) => m.content),
        ['hello crowd'],
      );
    }
  });

  it('getlist and setlist: 1003 for a bad token, 1004 for an expired one, 1001 without one', async () => {
    const who = await player();
    const other = await player();
    const withToken = (path: string, token: string | undefined) =>
      server().msdk(
        app,
        `profile/${path}`,
        { openid: who.msdk.openid, accessToken: token, msgId: [1], opType: 0 },
        { appid: app.msdk.wxAppid },
      );
    for (const path of ['subscribe_getlist', 'subscribe_setlist']) {
      assert.equal((await withToken(path, 'not-a-token')).body.ret, 1003);
      assert.equal((await withToken(path, other.msdk.access_token)).body.ret, 1003);
      assert.equal((await withToken(path, undefined)).body.ret, 1001);
    }
    server().clock.advance(2 * HOUR + 1000);
    for (const path of ['subscribe_getlist', 'subscribe_setlist']) {
      assert.equal((await withToken(path, who.msdk.access_token)).body.ret, 1004);
    }
  });
});
