import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { resolveConfig, sqliteFileOf } from '../../src/config.js';
import { openGuildhall } from '../../src/guildhall.js';
import { MOMO_TOKEN } from '../../src/protocols/momo/players.js';
import type { CliStorage } from '../helpers/cli.js';
import { postgresStorage, runCli, sqliteStorage } from '../helpers/cli.js';
import type { RunningServe } from '../helpers/serve-process.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

const storages: [string, () => Promise<CliStorage>][] = [
  ['sqlite', () => Promise.resolve(sqliteStorage())],
];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  storages.push(['postgres', () => postgresStorage(url)]);
}

const SECRET_KEY = randomBytes(32).toString('hex');

/**
 * SQLite: the next request sees a change (its pragma data_version moves at the writer's commit).
 * PostgreSQL: as soon as the commit's notification reaches the process (under a millisecond on
 * an idle loopback), so a busy machine is given up to two seconds.
 */
async function eventually<T>(backend: string, read: () => Promise<T>, ok: (value: T) => boolean) {
  const deadline = Date.now() + (backend === 'postgres' ? 2_000 : 0);
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

for (const [backend, open] of storages) {
  describe(`what serving processes keep in memory follows every change, made by any process [${backend}]`, () => {
    let storage: CliStorage;
    let servers: RunningServe[] = [];
    let momo: { appid: string; app_secret: string };
    let appId: string;

    const appCheck = async (server: number, userid: string, vtoken: string) => {
      const response = await fetch(`${servers[server]?.baseUrl}/game/2/server/app/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...momo, userid, vtoken }).toString(),
      });
      return (await response.json()) as { ec: number; data: { name: string } };
    };
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
    /** The same storage opened in this process: a third process's writes, as the CLI makes. */
    const openHere = () => {
      const [flag, value = ''] = storage.flags;
      return openGuildhall({
        ...(flag === '--data-dir'
          ? { sqliteFile: sqliteFileOf(resolveConfig({ dataDir: value })) }
          : { databaseUrl: value }),
        secretKey: Buffer.from(SECRET_KEY, 'hex'),
        rebuild: 'never',
      });
    };

    before(async () => {
      storage = await open();
      const env = { GUILDHALL_SECRET_KEY: SECRET_KEY };
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
    });

    it('a profile change through one process is seen by the next request to either', async () => {
      const player = await login(0, 'coherent-profile');
      const { userid, vtoken } = player.momo;
      for (const server of [0, 1]) assert.equal((await appCheck(server, userid, vtoken)).ec, 0);
      for (const name of ['First rename', 'Second rename', 'Third rename']) {
        await rename(0, player.session_token, name);
        for (const server of [1, 0]) {
          assert.equal(
            (await appCheck(server, userid, vtoken)).data.name,
            name,
            `server ${server}`,
          );
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
        assert.equal(await here.store.tokens.deleteOfHolder(account.id, MOMO_TOKEN.vtoken), 1);
      } finally {
        await here.close();
      }
      for (const server of [0, 1]) {
        const seen = await eventually(
          backend,
          () => appCheck(server, userid, vtoken),
          (answer) => answer.ec !== 0,
        );
        assert.notEqual(seen.ec, 0, `server ${server}`);
      }
    });
  });
}
