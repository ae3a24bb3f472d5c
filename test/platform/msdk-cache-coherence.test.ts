import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { msdkCredentials } from '../../src/protocols/msdk/app-config.js';
import type { MsdkCredentials } from '../../src/protocols/msdk/app-config.js';
import { TENCENT_NAMESPACE } from '../../src/protocols/msdk/identity/types.js';
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
import type { TencentLoginBlock } from '../helpers/server.js';

/** get_groupinfov2's relations. */
const OWNER = 1;
const ADMIN = 2;
const MEMBER = 3;
const NONE = 4;

interface Player {
  player_id: string;
  session_token: string;
  msdk: TencentLoginBlock;
}

type Answer = { ret: number; data?: Record<string, unknown> } & Record<string, unknown>;

for (const [backend, open] of coherenceStorages) {
  describe(`what serving processes keep in memory for MSDK follows every change, made by any process [${backend}]`, () => {
    let storage: CliStorage;
    let servers: RunningServe[] = [];
    let appId: string;
    let msdk: MsdkCredentials;

    const openHere = () => openStorageHere(storage);
    const login = async (server: number, deviceId: string, platform: 'qq' | 'wx' | 'guest') => {
      const response = await fetch(`${servers[server]?.baseUrl}/v1/client/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: appId, method: 'guest', device_id: deviceId, platform }),
      });
      assert.equal(response.status, 200, await response.clone().text());
      return (await response.json()) as Player;
    };
    /** Calls an MSDK QQ endpoint as the player (its openkey, its openid in the query). */
    const call = async (server: number, path: string, who: Player, body: object = {}) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const query = new URLSearchParams({
        timestamp,
        appid: msdk.qqAppid,
        sig: createHash('md5').update(`${msdk.msdkkey}${timestamp}`).digest('hex'),
        encode: '2',
        openid: who.msdk.openid ?? '',
      });
      const response = await fetch(`${servers[server]?.baseUrl}/${path}?${query.toString()}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: JSON.stringify({ appid: msdk.qqAppid, accessToken: who.msdk.openkey, ...body }),
      });
      assert.equal(response.status, 200);
      return (await response.json()) as Answer;
    };
    const succeeded = (answer: Answer) => {
      assert.equal(answer.ret, 0, JSON.stringify(answer));
      return answer;
    };
    const relation = async (server: number, who: Player, gc: string) =>
      (await call(server, 'relation/get_groupinfov2', who, { gc })).data?.relation;
    /** get_group_detail's admins of the guild's group (opt 0), or 'unbound'. */
    const adminsOf = async (server: number, who: Player, guild: { guild_id: string }) => {
      const answer = await call(server, 'relation/get_group_detail', who, {
        unionid: guild.guild_id,
        zoneid: '1',
      });
      return answer.ret === 0 ? answer.adminOpenids : 'unbound';
    };
    /** Checks that `server` sees `expected` at its next request. */
    const seenBy = async <T>(server: number, read: (server: number) => Promise<T>, expected: T) => {
      const seen = await eventually(
        backend,
        () => read(server),
        (value) => value === expected,
      );
      assert.equal(seen, expected, `server ${server}`);
    };

    before(async () => {
      storage = await open();
      const env = { GUILDHALL_SECRET_KEY: COHERENCE_SECRET_KEY };
      const created = await runCli(
        ['app', 'create', '--name', 'Coherent MSDK', '--json', ...storage.flags],
        env,
      );
      assert.equal(created.code, 0, created.stderr);
      appId = (JSON.parse(created.stdout) as { id: string }).id;
      const here = await openHere();
      try {
        msdk = msdkCredentials(await here.apps.get(appId));
      } finally {
        await here.close();
      }
      servers = [await startServe(storage.flags, env), await startServe(storage.flags, env)];
    });
    after(async () => {
      await stopServes(servers);
      await storage.cleanup();
    });

    it('a group joined, left, bound, unbound or a role changed through one process is seen by the next request to the other', async () => {
      const owner = await login(0, 'msdk-owner', 'qq');
      const member = await login(1, 'msdk-member', 'qq');
      const guild = { guild_id: 'coherent-guild', zone_id: '1' };
      const { gc } = succeeded(
        await call(0, 'relation/createbind_groupv2', owner, { ...guild, guild_name: 'Guild' }),
      ).data as { gc: string };
      const byGc = { appId, gid: gc };
      for (const server of [0, 1]) {
        assert.equal(await relation(server, owner, gc), OWNER);
        assert.equal(await relation(server, member, gc), NONE, 'cached: not a member yet');
        assert.equal(await adminsOf(server, owner, guild), '', 'cached: no admins yet');
      }

      succeeded(await call(0, 'relation/join_groupv2', member, { ...guild, gc }));
      await seenBy(1, (s) => relation(s, member, gc), MEMBER);

      const here = await openHere();
      try {
        const [ownerId, memberId] = await Promise.all(
          [owner, member].map(
            async (p) => (await here.directory.accountByPublicId(p.player_id)).id,
          ),
        );
        await here.groups.setAdmin(byGc, ownerId!, memberId!, true);
        for (const server of [0, 1]) {
          await seenBy(server, (s) => relation(s, member, gc), ADMIN);
          await seenBy(server, (s) => adminsOf(s, owner, guild), member.msdk.openid);
        }
        await here.groups.leave(byGc, memberId!);
        for (const server of [0, 1]) await seenBy(server, (s) => relation(s, member, gc), NONE);
      } finally {
        await here.close();
      }

      succeeded(
        await call(1, 'relation/unlink_groupv2', owner, { ...guild, platid: '1', roleid: '1' }),
      );
      await seenBy(0, (s) => adminsOf(s, owner, guild), 'unbound');
      succeeded(await call(1, 'relation/bind_existing_groupv2', owner, { ...guild, gc }));
      await seenBy(0, (s) => adminsOf(s, owner, guild), '');
    });

    it('a login under another platform through one process is seen by the next request to the other', async () => {
      const asker = await login(0, 'msdk-asker', 'qq');
      const player = await login(0, 'msdk-player', 'wx');
      const here = await openHere();
      let qqOpenid: string;
      try {
        const account = await here.directory.accountByPublicId(player.player_id);
        qqOpenid = await here.publicIds.idOf(appId, TENCENT_NAMESPACE.qq, account.id);
      } finally {
        await here.close();
      }
      const profiles = async (server: number) => {
        const answer = await call(server, 'relation/qqstrange_profile', asker, {
          vcopenid: [qqOpenid],
        });
        return (succeeded(answer).lists as unknown[]).length;
      };
      for (const server of [0, 1]) assert.equal(await profiles(server), 0, 'cached: not on QQ');
      await login(0, 'msdk-player', 'qq');
      await seenBy(1, profiles, 1);
      await seenBy(0, profiles, 1);
    });
  });
}
