import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

describeEachBackend('xcloud /Pt/tourist', (server) => {
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    app = await server().createApp('Tecnofut');
    other = await server().createApp('Other Game');
  });

  const tourist = (
    target: TestApp,
    device: object | string,
    extra: Record<string, string> = {},
  ) => ({
    device: typeof device === 'string' ? device : JSON.stringify(device),
    source: 'googleplay',
    entry_lang: 'pt',
    entry_type: 'XC',
    gameid: target.xcloud.gid,
    ...extra,
  });

  it('gives a guest a uid and gidloginid; the same device gets the same ones, by query, form and multipart', async () => {
    const first = await server().xcloud(app, '/Pt/tourist', tourist(app, { deviceuuid: 'dev-1' }), {
      unsigned: ['device'],
    });
    assert.equal(first.http, 200);
    assert.equal(first.body.status, 200);
    assert.equal(first.body.msg, 'success');
    assert.match(first.body.data.uid, /^[1-9]\d{9}$/);
    assert.match(first.body.data.gidloginid, /^[1-9]\d{11}$/);
    for (const via of ['query', 'form', 'multipart'] as const) {
      const again = await server().xcloud(
        app,
        '/Pt/tourist',
        tourist(app, { deviceuuid: 'dev-1', model: 'other' }),
        { unsigned: ['device'], via },
      );
      assert.deepEqual(again.body, first.body, via);
    }
  });

  it('makes a new guest each time for a device JSON that names no device', async () => {
    const a = await server().xcloud(app, '/Pt/tourist', tourist(app, 'not json'), {
      unsigned: ['device'],
    });
    const b = await server().xcloud(app, '/Pt/tourist', tourist(app, { model: 'x' }), {
      unsigned: ['device'],
    });
    assert.equal(a.body.status, 200);
    assert.equal(b.body.status, 200);
    assert.notEqual(a.body.data.uid, b.body.data.uid);
  });

  it('gives the same device another uid in another app, and its account answers native logins with the same uid', async () => {
    const here = await server().xcloud(app, '/Pt/tourist', tourist(app, { imei: 'imei-7' }), {
      unsigned: ['device'],
    });
    const there = await server().xcloud(other, '/Pt/tourist', tourist(other, { imei: 'imei-7' }), {
      unsigned: ['device'],
    });
    assert.notEqual(here.body.data.uid, there.body.data.uid);
    const native = await server().request('POST', '/v1/client/login', {
      json: { app_id: app.id, method: 'guest', device_id: 'imei-7' },
    });
    assert.equal(native.status, 200);
    assert.deepEqual(native.json.xcloud, here.body.data);
  });

  it('accepts fields the document does not list, left out of the sign', async () => {
    const fields = tourist(app, { deviceuuid: 'dev-2' }, { sdk_version: '3.1' });
    const answer = await server().xcloud(app, '/Pt/tourist', fields, {
      unsigned: ['device', 'sdk_version'],
    });
    assert.equal(answer.body.status, 200);
  });

  it('answers 105 to a wrong or missing sign, or a signed device field, and creates nothing', async () => {
    const players = await server()
      .guildhall.store.db.selectFrom('accounts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const fields = tourist(app, { deviceuuid: 'dev-3' });
    for (const options of [{ sign: 'f'.repeat(32) }, { sign: null }, {}]) {
      const answer = await server().xcloud(app, '/Pt/tourist', fields, options);
      assert.equal(answer.body.status, 105, JSON.stringify(options));
      assert.deepEqual(answer.body.data, {});
    }
    const after = await server()
      .guildhall.store.db.selectFrom('accounts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(players.n));
  });

  it("answers 105 to a call signed with another app's key", async () => {
    const answer = await server().xcloud(
      { ...app, xcloud: { ...app.xcloud, key: other.xcloud.key } },
      '/Pt/tourist',
      tourist(app, { deviceuuid: 'dev-4' }),
      { unsigned: ['device'] },
    );
    assert.equal(answer.body.status, 105);
  });

  it('answers 104 without time or with a stale time, 108 for an unknown game, 114 without source', async () => {
    const fields = tourist(app, { deviceuuid: 'dev-5' });
    const noTime = await server().xcloud(app, '/Pt/tourist', fields, {
      unsigned: ['device'],
      noTime: true,
    });
    assert.equal(noTime.body.status, 104);
    const staleTime = String(Math.floor(server().clock.now() / 1000) - 3600);
    const stale = await server().xcloud(
      app,
      '/Pt/tourist',
      { ...fields, time: staleTime },
      { unsigned: ['device'] },
    );
    assert.equal(stale.body.status, 104);
    const unknownGame = await server().xcloud(
      app,
      '/Pt/tourist',
      { ...fields, gameid: '1' },
      { unsigned: ['device'] },
    );
    assert.equal(unknownGame.body.status, 108);
    const withoutSource: Record<string, string> = { ...fields };
    delete withoutSource.source;
    const noSource = await server().xcloud(app, '/Pt/tourist', withoutSource, {
      unsigned: ['device'],
    });
    assert.equal(noSource.body.status, 114);
    assert.match(noSource.body.msg, /source/);
  });

  it('accepts any time when the app turns the window off', async () => {
    const lax = await server().createApp('Lax', { xcloud: { xcloud_time_window_sec: null } });
    const answer = await server().xcloud(
      lax,
      '/Pt/tourist',
      { ...tourist(lax, { deviceuuid: 'dev-6' }), time: '1500000000' },
      { unsigned: ['device'] },
    );
    assert.equal(answer.body.status, 200);
  });

  it('answers 106 when storage fails', async () => {
    const { players } = server().guildhall;
    const saved = players.loginGuest;
    players.loginGuest = () => Promise.reject(new Error('storage down'));
    try {
      const answer = await server().xcloud(
        app,
        '/Pt/tourist',
        tourist(app, { deviceuuid: 'dev-7' }),
        {
          unsigned: ['device'],
        },
      );
      assert.equal(answer.body.status, 106);
      assert.deepEqual(answer.body.data, {});
    } finally {
      players.loginGuest = saved;
    }
  });
});
