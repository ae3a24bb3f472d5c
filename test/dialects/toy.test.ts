import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { App } from '../../src/core/apps/types.js';
import { DIALECTS } from '../../src/guildhall.js';
import { toyPlugin } from '../fixtures/toy-dialect.js';
import { describeEachBackend } from '../helpers/server.js';

describeEachBackend(
  'a new dialect plugs in by one list entry',
  (server) => {
    let app: App;
    let toy: { key: string; secret: string };
    const call = (path: string, body: Record<string, unknown>) =>
      server().request('POST', path, { json: { ...toy, ...body } });
    const login = async (device: string) => {
      const response = await server().request('POST', '/v1/client/login', {
        json: { app_id: app.id, method: 'guest', device_id: device },
      });
      assert.equal(response.status, 200);
      return response.json as {
        player_id: string;
        momo: { userid: string; vtoken: string };
        toy: { uid: string; ticket: string };
      };
    };

    before(async () => {
      app = await server().guildhall.apps.create('Toy Game');
      const credentials = app.credentials.toy;
      assert.ok(credentials?.key && credentials.secret);
      toy = { key: credentials.key, secret: credentials.secret };
    });

    it('gives every app its credentials, shown beside the other dialects', async () => {
      const { json } = await server().admin('GET', `/v1/admin/apps/${app.id}`);
      assert.deepEqual(json.toy, { key: toy.key, secret: `****${toy.secret.slice(-4)}` });
      const revealed = await server().admin('POST', `/v1/admin/apps/${app.id}/credentials/reveal`);
      assert.deepEqual(revealed.json.toy, toy, 'its declared secret is revealed on demand');
      assert.match(toy.key, /^toy_[0-9a-f]{12}$/);
      assert.ok(json.momo.appid && json.msdk.qq_appid, 'the other dialects are still there');
    });

    it("answers a native login with the dialect's id and ticket, and checks the ticket", async () => {
      const player = await login('toy-device-1');
      assert.match(player.toy.uid, /^T\d{12}$/);
      assert.ok(player.momo.userid, 'Momo still answers its block');
      assert.equal((await login('toy-device-1')).toy.uid, player.toy.uid, 'the uid is stable');
      const checked = await call('/toy/check', { uid: player.toy.uid, ticket: player.toy.ticket });
      assert.deepEqual(checked.json, { ok: true, uid: player.toy.uid, name: '' });
    });

    it('refuses wrong tickets, other dialects’ tokens and wrong secrets in its own codes', async () => {
      const player = await login('toy-device-2');
      const other = await login('toy-device-3');
      const cases: [Record<string, unknown>, string][] = [
        [{ uid: player.toy.uid, ticket: 'nope' }, 'BAD_TICKET'],
        [{ uid: player.toy.uid, ticket: player.momo.vtoken }, 'BAD_TICKET'],
        [{ uid: other.toy.uid, ticket: player.toy.ticket }, 'BAD_TICKET'],
        [{ uid: player.toy.uid, ticket: player.toy.ticket, secret: 'wrong' }, 'BAD_KEY'],
        [{ uid: player.toy.uid, ticket: player.toy.ticket, key: 'toy_unknown' }, 'BAD_KEY'],
        [{ uid: player.toy.uid }, 'BAD_REQUEST'],
      ];
      for (const [body, code] of cases) {
        const { status, json } = await call('/toy/check', body);
        assert.equal(status, 400);
        assert.deepEqual(json, { ok: false, code }, JSON.stringify(body));
      }
      // Momo's app/check does not take a Toy ticket either.
      const momo = await server().momo(app, 'app/check', {
        userid: player.momo.userid,
        vtoken: player.toy.ticket,
      });
      assert.equal(momo.body.ec, 30016);
    });

    it('reads a leaderboard of core by its own ids', async () => {
      const a = await login('toy-board-a');
      const b = await login('toy-board-b');
      assert.deepEqual(
        (await call('/toy/score', { uid: a.toy.uid, board: 'goals', score: 3 })).json,
        {
          ok: true,
        },
      );
      await call('/toy/score', { uid: b.toy.uid, board: 'goals', score: 7 });
      const unknown = await call('/toy/score', { uid: 'T000000000000', board: 'goals', score: 1 });
      assert.deepEqual(unknown.json, { ok: false, code: 'NO_PLAYER' });
      const { json } = await call('/toy/top', { board: 'goals' });
      assert.deepEqual(json.top, [
        { rank: 1, uid: b.toy.uid, score: 7 },
        { rank: 2, uid: a.toy.uid, score: 3 },
      ]);
    });
  },
  () => ({ dialects: [...DIALECTS, toyPlugin] }),
);
