import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const HOUR = 3_600_000;

describeEachBackend('xcloud /Suspension/share_cdk and the CDK admin API', (server) => {
  let app: TestApp;
  let other: TestApp;
  let uid: string;
  before(async () => {
    app = await server().createApp('Tecnofut', { timezone: 'America/Sao_Paulo' });
    other = await server().createApp('Other Game');
    uid = (await server().guest(app, 'cdk-phone-1')).xcloud.uid;
  });

  const load = (target: TestApp, type: string, codes: unknown) =>
    server().admin('POST', `/v1/admin/apps/${target.id}/cdk-codes`, { type, codes });
  const stock = async (target: TestApp) =>
    (await server().admin('GET', `/v1/admin/apps/${target.id}/cdk-stock`)).json.stock;
  const claim = (
    who: string,
    type: string,
    options: { target?: TestApp; gameid?: string; sign?: string | null; noTime?: boolean } = {},
  ) => {
    const target = options.target ?? app;
    return server().xcloud(
      target,
      '/Suspension/share_cdk',
      { uid: who, gameid: options.gameid ?? target.xcloud.gid, type },
      {
        ...(options.sign !== undefined && { sign: options.sign }),
        ...(options.noTime && { noTime: true }),
      },
    );
  };

  it('operators load codes per type; repeats (in the load, in the stock, under another type) are skipped and counted', async () => {
    const first = await load(app, 'whatsapp', ['WA-1', 'WA-2', 'WA-3', 'WA-1']);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.json, { loaded: 3, duplicates: 1 });
    const second = await load(app, 'messenger', ['MS-1', 'WA-2']);
    assert.deepEqual(second.json, { loaded: 1, duplicates: 1 });
    assert.deepEqual(await stock(app), [
      { type: 'messenger', total: 1, available: 1, claimed: 0 },
      { type: 'whatsapp', total: 3, available: 3, claimed: 0 },
    ]);
    assert.deepEqual(await stock(other), []);
  });

  it('hands a player one code per type per day of the app, oldest first; 121 the second time that day', async () => {
    const answer = await claim(uid, 'whatsapp');
    assert.deepEqual(answer.body, { status: 200, msg: 'success', data: { cdk: 'WA-1' } });
    const again = await claim(uid, 'whatsapp');
    assert.equal(again.body.status, 121);
    assert.deepEqual(again.body.data, {});
    const messenger = await claim(uid, 'messenger');
    assert.deepEqual(messenger.body.data, { cdk: 'MS-1' });
    const someoneElse = (await server().guest(app, 'cdk-phone-2')).xcloud.uid;
    assert.deepEqual((await claim(someoneElse, 'whatsapp')).body.data, { cdk: 'WA-2' });
    assert.deepEqual(await stock(app), [
      { type: 'messenger', total: 1, available: 0, claimed: 1 },
      { type: 'whatsapp', total: 3, available: 1, claimed: 2 },
    ]);
  });

  it("counts days in the app's time zone: a new day there, a new code", async () => {
    // The test clock starts at 04:00 UTC = 01:00 in São Paulo. 21 h later a new UTC day has
    // begun but São Paulo's has not (22:00); 2 h later it has.
    server().clock.advance(21 * HOUR);
    assert.equal((await claim(uid, 'whatsapp')).body.status, 121);
    server().clock.advance(2 * HOUR);
    assert.deepEqual((await claim(uid, 'whatsapp')).body.data, { cdk: 'WA-3' });
  });

  it('answers 127 when the type has no code left (or none was ever loaded); nothing is recorded', async () => {
    const fresh = (await server().guest(app, 'cdk-phone-3')).xcloud.uid;
    const empty = await claim(fresh, 'whatsapp');
    assert.equal(empty.body.status, 127);
    assert.deepEqual(empty.body.data, {});
    assert.equal((await claim(fresh, 'telegram')).body.status, 127);
    await load(app, 'whatsapp', ['WA-4']);
    assert.deepEqual((await claim(fresh, 'whatsapp')).body.data, { cdk: 'WA-4' });
  });

  it('hands out every code once to many players claiming at once', async () => {
    const codes = Array.from({ length: 20 }, (_, i) => `RUSH-${i}`);
    await load(app, 'rush', codes);
    const uids = await Promise.all(
      Array.from(
        { length: 25 },
        async (_, i) => (await server().guest(app, `rush-${i}`)).xcloud.uid,
      ),
    );
    const answers = await Promise.all([...uids, ...uids].map((who) => claim(who, 'rush')));
    const handed = answers.filter((a) => a.body.status === 200).map((a) => a.body.data.cdk);
    assert.deepEqual([...handed].sort(), [...codes].sort());
    const statuses = new Set(answers.map((a) => a.body.status));
    assert.deepEqual([...statuses].sort(), [121, 127, 200]);
  });

  it('answers 116 for an unknown uid (or one of another app), 108 for an unknown game, 105 for a bad sign, 104 without time, 114 for a missing or bad field', async () => {
    const before = await stock(app);
    const otherUid = (await server().guest(other, 'cdk-phone-9')).xcloud.uid;
    assert.equal((await claim('1234567890', 'whatsapp')).body.status, 116);
    assert.equal((await claim(otherUid, 'whatsapp')).body.status, 116);
    assert.equal((await claim(uid, 'whatsapp', { gameid: '7' })).body.status, 108);
    assert.equal((await claim(uid, 'whatsapp', { sign: 'b'.repeat(32) })).body.status, 105);
    assert.equal((await claim(uid, 'whatsapp', { sign: null })).body.status, 105);
    assert.equal((await claim(uid, 'whatsapp', { noTime: true })).body.status, 104);
    const noType = await server().xcloud(app, '/Suspension/share_cdk', {
      uid,
      gameid: app.xcloud.gid,
    });
    assert.equal(noType.body.status, 114);
    assert.match(noType.body.msg, /type/);
    assert.equal((await claim(uid, 'whats app')).body.status, 114);
    assert.deepEqual(await stock(app), before);
  });

  it('answers 106 when storage fails', async () => {
    const { cdk } = server().guildhall;
    const saved = cdk.claim;
    cdk.claim = () => Promise.reject(new Error('storage down'));
    try {
      const answer = await claim(uid, 'whatsapp');
      assert.equal(answer.body.status, 106);
      assert.deepEqual(answer.body.data, {});
    } finally {
      cdk.claim = saved;
    }
  });

  it('admin API: 400 for a bad type, code or body; 404 for an unknown app', async () => {
    for (const [type, codes] of [
      ['what sapp', ['X']],
      ['whatsapp', ['has space']],
      ['whatsapp', ['']],
      ['whatsapp', 'X'],
      ['whatsapp', Array.from({ length: 10_001 }, (_, i) => `C${i}`)],
    ] as const) {
      const answer = await load(app, type, codes);
      assert.equal(answer.status, 400, `${type} ${String(codes).slice(0, 30)}`);
    }
    const before = await stock(app);
    assert.equal((await load(app, 'whatsapp', ['OK-1', 'bad code'])).status, 400);
    assert.deepEqual(await stock(app), before);
    assert.equal((await server().admin('GET', '/v1/admin/apps/nope/cdk-stock')).status, 404);
  });
});
