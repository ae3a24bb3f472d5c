import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { deleteRedisKeys } from '../helpers/backends.js';

const ADMIN_TOKEN = 'coherence-admin-token';
import { MOMO_TOKEN } from '../../src/protocols/momo/players.js';
import type { CliStorage } from '../helpers/cli.js';
import { runCli } from '../helpers/cli.js';
import {
  COHERENCE_SECRET_KEY,
  coherenceStorages,
  eventually,
  openStorageHere,
} from '../helpers/coherence.js';
import type { RunningServe } from '../helpers/serve-process.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

for (const [backend, open] of coherenceStorages) {
  describe(`what serving processes keep in memory follows every change, made by any process [${backend}]`, () => {
    let storage: CliStorage;
    let servers: RunningServe[] = [];
    let momo: { appid: string; app_secret: string };
    let appId: string;

    const callMomo = async <T>(server: number, path: string, params: Record<string, string>) => {
      const response = await fetch(`${servers[server]?.baseUrl}/game/2/server/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...momo, ...params }).toString(),
      });
      return (await response.json()) as { ec: number; data: T };
    };
    const appCheck = (server: number, userid: string, vtoken: string) =>
      callMomo<{ name: string }>(server, 'app/check', { userid, vtoken });
    type Board = { score: number; list: { userid: string; score: number; relation: string }[] };
    const board = (server: number, path: string, userid: string) =>
      callMomo<Board>(server, path, { score_type: '7', userid });
    const befriend = async (server: number, sessionToken: string, playerId: string) => {
      const response = await fetch(`${servers[server]?.baseUrl}/v1/client/friends/${playerId}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sessionToken}` },
      });
      assert.equal(response.status, 200, await response.text());
    };
    /**
     * On SQLite these processes run without Redis, so each ranks with an index of its own: scores
     * are read back through the process that wrote them (server 0). On PostgreSQL they share an
     * index in Redis, so through either.
     */
    const rankReaders = backend === 'postgres' && process.env.REDIS_URL ? [0, 1] : [0];
    const redisPrefix = `ghtest:coherence:${randomBytes(5).toString('hex')}:`;
    const login = async (server: number, deviceId: string) => {
      const response = await fetch(`${servers[server]?.baseUrl}/v1/client/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: appId, method: 'guest', device_id: deviceId }),
      });
      assert.equal(response.status, 200);
      return (await response.json()) as {
        player_id: string;
        session_token: string;
        momo: { userid: string; vtoken: string };
      };
    };
    const rename = async (server: number, sessionToken: string, name: string) => {
      const response = await fetch(`${servers[server]?.baseUrl}/v1/client/profile`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionToken}` },
        body: JSON.stringify({ name }),
      });
      assert.equal(response.status, 200, await response.text());
    };
    const openHere = () => openStorageHere(storage);
    const admin = async (server: number, method: string, path: string, json?: unknown) => {
      const response = await fetch(`${servers[server]?.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(json !== undefined && { 'content-type': 'application/json' }),
        },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      return { status: response.status, text: await response.text() };
    };
    /** Asks both processes until each refuses the vtoken with 30016. */
    const refusedByBoth = async (userid: string, vtoken: string) => {
      for (const server of [0, 1]) {
        const seen = await eventually(
          backend,
          () => appCheck(server, userid, vtoken),
          (answer) => answer.ec !== 0,
        );
        assert.equal(seen.ec, 30016, `server ${server}`);
      }
    };

    before(async () => {
      storage = await open();
      const env: Record<string, string> = {
        GUILDHALL_SECRET_KEY: COHERENCE_SECRET_KEY,
        GUILDHALL_ADMIN_TOKEN: ADMIN_TOKEN,
      };
      if (rankReaders.length > 1) {
        env.REDIS_URL = process.env.REDIS_URL ?? '';
        env.GUILDHALL_REDIS_PREFIX = redisPrefix;
      }
      const created = await runCli(
        ['app', 'create', '--name', 'Coherent', '--json', ...storage.flags],
        env,
      );
      assert.equal(created.code, 0, created.stderr);
      const app = JSON.parse(created.stdout) as { id: string; momo: typeof momo };
      appId = app.id;
      momo = app.momo;
      servers = [await startServe(storage.flags, env), await startServe(storage.flags, env)];
    });
    after(async () => {
      await stopServes(servers);
      await storage.cleanup();
      if (rankReaders.length > 1) await deleteRedisKeys(process.env.REDIS_URL ?? '', redisPrefix);
    });

    it('a profile change through one process is seen by the next request to either', async () => {
      const player = await login(0, 'coherent-profile');
      const { userid, vtoken } = player.momo;
      for (const server of [0, 1]) assert.equal((await appCheck(server, userid, vtoken)).ec, 0);
      for (const name of ['First rename', 'Second rename', 'Third rename']) {
        await rename(0, player.session_token, name);
        for (const server of [1, 0]) {
          const seen = await eventually(
            backend,
            () => appCheck(server, userid, vtoken),
            (answer) => answer.data.name === name,
          );
          assert.equal(seen.data.name, name, `server ${server}`);
        }
      }
      await rename(1, player.session_token, 'Renamed on the other');
      for (const server of [0, 1]) {
        const seen = await eventually(
          backend,
          () => appCheck(server, userid, vtoken),
          (answer) => answer.data.name === 'Renamed on the other',
        );
        assert.equal(seen.data.name, 'Renamed on the other', `server ${server}`);
      }
    });

    it('a token revoked by a third process is refused by the next request to either', async () => {
      const player = await login(1, 'coherent-token');
      const { userid, vtoken } = player.momo;
      for (const server of [0, 1]) assert.equal((await appCheck(server, userid, vtoken)).ec, 0);
      const here = await openHere();
      try {
        const account = await here.directory.accountByPublicId(player.player_id);
        assert.equal(
          await here.store.tokens.deleteOfHolder(account.id, { kind: MOMO_TOKEN.vtoken }),
          1,
        );
      } finally {
        await here.close();
      }
      await refusedByBoth(userid, vtoken);
    });

    it('a token revoked, or a player banned, through the admin API of one process is refused by the next request to either', async () => {
      const player = await login(1, 'coherent-admin');
      for (const server of [0, 1])
        assert.equal((await appCheck(server, player.momo.userid, player.momo.vtoken)).ec, 0);
      const listed = await admin(0, 'GET', `/v1/admin/players/${player.player_id}/tokens`);
      const { tokens } = JSON.parse(listed.text) as {
        tokens: { token_id: string; kind: string }[];
      };
      const vtoken = tokens.find((t) => t.kind === MOMO_TOKEN.vtoken);
      const path = `/v1/admin/players/${player.player_id}/tokens/${vtoken?.token_id}`;
      assert.equal((await admin(0, 'DELETE', path)).status, 204);
      await refusedByBoth(player.momo.userid, player.momo.vtoken);

      const again = await login(1, 'coherent-admin');
      for (const server of [0, 1])
        assert.equal((await appCheck(server, again.momo.userid, again.momo.vtoken)).ec, 0);
      const ban = `/v1/admin/players/${player.player_id}/ban`;
      assert.equal((await admin(0, 'POST', ban, { reason: 'coherence' })).status, 200);
      await refusedByBoth(again.momo.userid, again.momo.vtoken);
    });

    it('a score written through one process is ranked by the next request', async () => {
      const player = await login(0, 'coherent-score');
      const { userid } = player.momo;
      for (const score of [10, 25, 40]) {
        const written = await callMomo(0, 'rank/update', {
          data: JSON.stringify([{ userid, score_type: '7', score }]),
        });
        assert.equal(written.ec, 0);
        for (const server of rankReaders) {
          const seen = await eventually(
            backend,
            () => board(server, 'rank/total', userid),
            (answer) => answer.data.score === score,
          );
          assert.equal(seen.data.score, score, `server ${server}`);
        }
      }
    });

    it('a friendship made through one process is seen by the next request to either', async () => {
      const [a, b] = [await login(0, 'coherent-friend-a'), await login(0, 'coherent-friend-b')];
      const written = await callMomo(0, 'rank/update', {
        data: JSON.stringify([
          { userid: a.momo.userid, score_type: '7', score: 1 },
          { userid: b.momo.userid, score_type: '7', score: 2 },
        ]),
      });
      assert.equal(written.ec, 0);
      const friendsOnBoard = async (server: number) =>
        (await board(server, 'rank/friend', a.momo.userid)).data.list.map((e) => e.userid);
      for (const server of rankReaders) {
        assert.deepEqual(await friendsOnBoard(server), [a.momo.userid], 'cached: no friends yet');
      }
      await befriend(1, a.session_token, b.player_id);
      await befriend(1, b.session_token, a.player_id);
      for (const server of rankReaders) {
        const seen = await eventually(
          backend,
          () => friendsOnBoard(server),
          (list) => list.length === 2,
        );
        assert.deepEqual(seen, [b.momo.userid, a.momo.userid], `server ${server}`);
        const total = await board(server, 'rank/total', a.momo.userid);
        const relationOfB = total.data.list.find((e) => e.userid === b.momo.userid)?.relation;
        assert.equal(relationOfB, 'both', `server ${server}: rank/total names the friend`);
      }
    });

    it('an app secret rotated by a third process is refused by the next request to either', async () => {
      const player = await login(0, 'coherent-secret');
      const { userid, vtoken } = player.momo;
      for (const server of [0, 1]) assert.equal((await appCheck(server, userid, vtoken)).ec, 0);
      const rotated = await runCli(['app', 'rotate-secret', appId, '--json', ...storage.flags], {
        GUILDHALL_SECRET_KEY: COHERENCE_SECRET_KEY,
      });
      assert.equal(rotated.code, 0, rotated.stderr);
      const oldSecret = momo.app_secret;
      momo = (JSON.parse(rotated.stdout) as { momo: typeof momo }).momo;
      assert.notEqual(momo.app_secret, oldSecret);
      for (const server of [0, 1]) {
        const seen = await eventually(
          backend,
          () => appCheck(server, userid, vtoken),
          (answer) => answer.ec === 0,
        );
        assert.equal(seen.ec, 0, `server ${server}: the new secret`);
        const withOld = await callMomo(server, 'app/check', {
          userid,
          vtoken,
          app_secret: oldSecret,
        });
        assert.equal(withOld.ec, 30009, `server ${server}: the old secret`);
      }
    });
  });
}
