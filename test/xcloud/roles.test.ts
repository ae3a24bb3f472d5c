import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

describeEachBackend('xcloud /Pt/userinfo, /Pt/userup, /Pt/getsid', (server) => {
  let app: TestApp;
  let other: TestApp;
  let player: { player_id: string; xcloud: { uid: string; gidloginid: string } };
  let stranger: { player_id: string; xcloud: { uid: string; gidloginid: string } };
  before(async () => {
    app = await server().createApp('Tecnofut');
    other = await server().createApp('Other Game');
    player = await server().guest(app, 'roles-player');
    stranger = await server().guest(app, 'roles-stranger');
  });

  const nowSec = () => Math.floor(server().clock.now() / 1000);
  const role = (extra: Record<string, string> = {}) => ({
    uid: player.xcloud.uid,
    sid: '3',
    rolename: 'Pelé',
    pid: 'r-1001',
    grade: '10',
    combat: '15000',
    vip: '2',
    moditime: String(nowSec()),
    entry_type: 'googleplay',
    ...extra,
  });
  /** userinfo and userup carry no `time` (the document lists none). */
  const report = (path: string, fields: Record<string, string>, options = {}) =>
    server().xcloud(app, path, fields, { noTime: true, ...options });
  const roles = async (who = player, query = '') =>
    (await server().admin('GET', `/v1/admin/apps/${app.id}/players/${who.player_id}/roles${query}`))
      .json;
  const history = async (who = player, query = '') =>
    (
      await server().admin(
        'GET',
        `/v1/admin/apps/${app.id}/players/${who.player_id}/roles/history${query}`,
      )
    ).json.changes as Record<string, unknown>[];

  it('userinfo records a role; its answer is the bare success envelope', async () => {
    const answer = await report('/Pt/userinfo', role());
    assert.equal(answer.http, 200);
    assert.deepEqual(answer.body, { status: 200, msg: 'success', data: {} });
    const now = server().clock.now();
    assert.deepEqual((await roles()).roles, [
      {
        server_id: 3,
        role_id: 'r-1001',
        name: 'Pelé',
        level: 10,
        power: 15000,
        vip: 2,
        reported_at: nowSec() * 1000,
        created_at: now,
        updated_at: now,
      },
    ]);
    const changes = await history();
    assert.equal(changes.length, 1);
    assert.deepEqual(
      { ...changes[0], id: 0 },
      {
        id: 0,
        server_id: 3,
        role_id: 'r-1001',
        name: 'Pelé',
        level: 10,
        power: 15000,
        vip: 2,
        reported_at: nowSec() * 1000,
        recorded_at: now,
      },
    );
  });

  it('userup keeps a history row only when something changed, by query, form and multipart', async () => {
    server().clock.advance(60_000);
    const same = await report('/Pt/userup', role({ moditime: String(nowSec()) }), {
      via: 'query',
    });
    assert.equal(same.body.status, 200);
    assert.equal((await history()).length, 1);
    assert.equal((await roles()).roles[0].reported_at, nowSec() * 1000);

    const changes: [string, Record<string, string>][] = [
      ['form', { grade: '11' }],
      ['multipart', { grade: '11', combat: '16000' }],
      ['form', { grade: '11', combat: '16000', vip: '3' }],
      ['query', { grade: '11', combat: '16000', vip: '3', rolename: 'O Rei' }],
      ['form', { grade: '11', combat: '16000', vip: '3', rolename: 'O Rei', pid: 'r-2002' }],
    ];
    for (const [via, change] of changes) {
      server().clock.advance(1000);
      const answer = await report('/Pt/userup', role({ ...change, moditime: String(nowSec()) }), {
        via: via as 'query' | 'form' | 'multipart',
      });
      assert.equal(answer.body.status, 200, via);
    }
    const rows = await history();
    assert.equal(rows.length, 6);
    assert.deepEqual(
      rows.map((r) => [r.level, r.power, r.vip, r.name, r.role_id]),
      [
        [10, 15000, 2, 'Pelé', 'r-1001'],
        [11, 15000, 2, 'Pelé', 'r-1001'],
        [11, 16000, 2, 'Pelé', 'r-1001'],
        [11, 16000, 3, 'Pelé', 'r-1001'],
        [11, 16000, 3, 'O Rei', 'r-1001'],
        [11, 16000, 3, 'O Rei', 'r-2002'],
      ],
    );
    const [latest] = (await roles()).roles;
    assert.equal(latest.name, 'O Rei');
    assert.equal(latest.role_id, 'r-2002');
    assert.equal(latest.updated_at, server().clock.now());
  });

  it('a report older than the latest (a late retry) changes nothing', async () => {
    const before = await roles();
    const answer = await report(
      '/Pt/userup',
      role({ grade: '9', moditime: String(nowSec() - 3600) }),
    );
    assert.equal(answer.body.status, 200);
    assert.deepEqual(await roles(), before);
    assert.equal((await history()).length, 6);
  });

  it('keeps one role per server; userup of a server never written through userinfo records it', async () => {
    const answer = await report('/Pt/userup', role({ sid: '12', grade: '1', combat: '10' }));
    assert.equal(answer.body.status, 200);
    const { roles: list } = await roles();
    assert.deepEqual(
      list.map((r: { server_id: number; level: number }) => [r.server_id, r.level]),
      [
        [3, 11],
        [12, 1],
      ],
    );
    assert.equal((await history(player, '?server_id=12')).length, 1);
  });

  it('concurrent identical reports of a new role make one history row', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        report(i % 2 ? '/Pt/userinfo' : '/Pt/userup', role({ sid: '40', grade: '2' })),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.body.status),
      Array.from({ length: 8 }, () => 200),
    );
    assert.equal((await history(player, '?server_id=40')).length, 1);
  });

  it('accepts fields the document does not list (e.g. time) left out of the sign', async () => {
    const answer = await server().xcloud(
      app,
      '/Pt/userinfo',
      role({ sid: '20', time: String(nowSec()) }),
      { unsigned: ['time'] },
    );
    assert.equal(answer.body.status, 200);
  });

  it('answers 109 to a sid that is not a positive integer, and records nothing', async () => {
    for (const sid of ['abc', '0', '-1', '1.5', '1e3', '99999999999999999999']) {
      for (const path of ['/Pt/userinfo', '/Pt/userup']) {
        const answer = await report(path, role({ sid }));
        assert.equal(answer.body.status, 109, `${path} ${sid}`);
        assert.match(answer.body.msg, /^sid 有误/);
        assert.deepEqual(answer.body.data, {});
      }
    }
    assert.equal((await roles(player)).roles.length, 4);
  });

  it('answers 114 to a missing, empty or malformed field, and records nothing', async () => {
    const before = await history();
    const bad: [string, string | undefined][] = [
      ['rolename', undefined],
      ['rolename', ''],
      ['rolename', 'x'.repeat(21)],
      ['pid', undefined],
      ['sid', undefined],
      ['sid', ''],
      ['grade', 'ten'],
      ['grade', undefined],
      ['combat', '-5'],
      ['combat', '99999999999999999999'],
      ['vip', '1.5'],
      ['moditime', undefined],
      ['moditime', 'yesterday'],
      ['moditime', '1763697600000'],
      ['moditime', String(nowSec() + 3 * 86_400)],
      ['entry_type', undefined],
    ];
    for (const [field, value] of bad) {
      const fields: Record<string, string> = role({ grade: '50' });
      if (value === undefined) delete fields[field];
      else fields[field] = value;
      const answer = await report('/Pt/userup', fields);
      assert.equal(answer.body.status, 114, `${field}=${value}`);
      assert.deepEqual(answer.body.data, {});
    }
    assert.deepEqual(await history(), before);
  });

  it('answers 105 to a wrong or missing sign, or a key of another app', async () => {
    for (const options of [{ sign: 'f'.repeat(32) }, { sign: null }]) {
      const answer = await report('/Pt/userinfo', role({ grade: '77' }), options);
      assert.equal(answer.body.status, 105);
    }
    const foreign = await server().xcloud(
      { ...app, xcloud: { ...app.xcloud, key: other.xcloud.key } },
      '/Pt/userinfo',
      role({ grade: '77' }),
      { noTime: true },
    );
    assert.equal(foreign.body.status, 105);
    assert.equal((await roles()).roles[0].level, 11);
  });

  it('answers 116 to a uid no app has', async () => {
    for (const path of ['/Pt/userinfo', '/Pt/userup']) {
      const answer = await report(path, role({ uid: '1000000001' }));
      assert.equal(answer.body.status, 116, path);
    }
  });

  it('answers 106 when storage fails', async () => {
    const { roles: service } = server().guildhall;
    const saved = service.report;
    service.report = () => Promise.reject(new Error('storage down'));
    try {
      const answer = await report('/Pt/userinfo', role());
      assert.deepEqual(answer.body, { status: 106, msg: '数据库操作失败', data: {} });
    } finally {
      service.report = saved;
    }
  });

  const choice = (extra: Record<string, string> = {}) => ({
    uid: player.xcloud.uid,
    gidloginid: player.xcloud.gidloginid,
    lastsid: '7',
    entry_type: '1',
    entry_name: 'com.xcloud.tecnofut',
    entry_lang: 'pt',
    source: 'googleplay',
    mainsource: 'facebook',
    subsource: 'campaign-9',
    url: 'https://example.com/landing',
    ...extra,
  });

  it('getsid keeps the chosen server and its entry and channel, the latest one', async () => {
    const answer = await server().xcloud(app, '/Pt/getsid', choice());
    assert.deepEqual(answer.body, { status: 200, msg: 'success', data: {} });
    assert.deepEqual((await roles()).server_choice, {
      server_id: 7,
      entry_type: '1',
      entry_name: 'com.xcloud.tecnofut',
      entry_lang: 'pt',
      source: 'googleplay',
      main_source: 'facebook',
      sub_source: 'campaign-9',
      url: 'https://example.com/landing',
      chosen_at: server().clock.now(),
    });
    server().clock.advance(5000);
    const minimal = {
      uid: player.xcloud.uid,
      gidloginid: player.xcloud.gidloginid,
      lastsid: '8',
      source: 'appstore',
    };
    for (const via of ['query', 'multipart'] as const) {
      const again = await server().xcloud(app, '/Pt/getsid', minimal, { via });
      assert.equal(again.body.status, 200, via);
    }
    assert.deepEqual((await roles()).server_choice, {
      server_id: 8,
      entry_type: '',
      entry_name: '',
      entry_lang: '',
      source: 'appstore',
      main_source: '',
      sub_source: '',
      url: '',
      chosen_at: server().clock.now(),
    });
    assert.equal((await roles(stranger)).server_choice, null);
  });

  it('getsid answers 104 without time or with a stale one, 105 to a bad sign', async () => {
    const noTime = await server().xcloud(app, '/Pt/getsid', choice({ lastsid: '9' }), {
      noTime: true,
    });
    assert.equal(noTime.body.status, 104);
    const stale = await server().xcloud(
      app,
      '/Pt/getsid',
      choice({ lastsid: '9', time: String(nowSec() - 3600) }),
    );
    assert.equal(stale.body.status, 104);
    const badSign = await server().xcloud(app, '/Pt/getsid', choice({ lastsid: '9' }), {
      sign: '0'.repeat(32),
    });
    assert.equal(badSign.body.status, 105);
    assert.equal((await roles()).server_choice.server_id, 8);
  });

  it("getsid answers 116 to an unknown uid or gidloginid, or another player's gidloginid", async () => {
    const cases: Record<string, string>[] = [
      { uid: '1000000001' },
      { gidloginid: '100000000001' },
      { gidloginid: stranger.xcloud.gidloginid },
    ];
    for (const extra of cases) {
      const answer = await server().xcloud(app, '/Pt/getsid', choice({ lastsid: '9', ...extra }));
      assert.equal(answer.body.status, 116, JSON.stringify(extra));
    }
    assert.equal((await roles()).server_choice.server_id, 8);
    assert.equal((await roles(stranger)).server_choice, null);
  });

  it('getsid answers 109 to a bad lastsid and 114 to a missing or malformed field', async () => {
    for (const lastsid of ['x', '0', '-2', '7.0']) {
      const answer = await server().xcloud(app, '/Pt/getsid', choice({ lastsid }));
      assert.equal(answer.body.status, 109, lastsid);
    }
    const bad: [string, string | undefined][] = [
      ['lastsid', undefined],
      ['lastsid', ''],
      ['source', undefined],
      ['source', ''],
      ['gidloginid', undefined],
      ['entry_type', 'ios'],
      ['entry_name', 'n'.repeat(51)],
      ['url', `https://example.com/${'p'.repeat(40)}`],
    ];
    for (const [field, value] of bad) {
      const fields: Record<string, string> = choice({ lastsid: '9' });
      if (value === undefined) delete fields[field];
      else fields[field] = value;
      const answer = await server().xcloud(app, '/Pt/getsid', fields);
      assert.equal(answer.body.status, 114, `${field}=${value}`);
    }
    assert.equal((await roles()).server_choice.server_id, 8);
  });

  it('getsid answers 106 when storage fails', async () => {
    const { roles: service } = server().guildhall;
    const saved = service.chooseServer;
    service.chooseServer = () => Promise.reject(new Error('storage down'));
    try {
      const answer = await server().xcloud(app, '/Pt/getsid', choice());
      assert.equal(answer.body.status, 106);
    } finally {
      service.chooseServer = saved;
    }
  });
});
