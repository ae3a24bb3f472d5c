import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { qqGuest } from '../helpers/player-access.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

describeEachBackend(
  'admin API: GET /v1/admin/apps/:app_id/players/:player_id/overview',
  (server) => {
    let app: TestApp;
    let other: TestApp;
    before(async () => {
      app = await server().createApp('Overview Game', {
        sandbox: true,
        emotion: { id: 'emo_rabbit', name: '泡泡兔' },
      });
      other = await server().createApp('Overview Other');
    });

    const overview = (appId: string, playerId: string) =>
      server().admin('GET', `/v1/admin/apps/${appId}/players/${playerId}/overview`);

    it("assembles the player's profile, ids, tokens, ban, boards, groups, orders, inbox, gifts and roles in the app", async () => {
      const { guildhall, clock } = server();
      const guest = await qqGuest(server(), app, 'overview-player');
      const rival = await qqGuest(server(), app, 'overview-rival');
      await qqGuest(server(), other, 'overview-player');
      const account = await guildhall.directory.accountByPublicId(guest.player_id);
      const rivalAccount = await guildhall.directory.accountByPublicId(rival.player_id);
      await guildhall.leaderboards.submit(app.id, [
        { accountId: account.id, board: 'level', score: 10 },
        { accountId: rivalAccount.id, board: 'level', score: 20 },
        { accountId: account.id, board: 'coins', score: 500 },
      ]);
      await guildhall.leaderboards.submit(other.id, [
        { accountId: account.id, board: 'elsewhere', score: 1 },
      ]);
      const group = await guildhall.groups.createUnbound(app.id, rivalAccount.id, 'Raiders');
      await guildhall.groups.join({ appId: app.id, gid: group.gid }, account.id);
      const order = await server().placeOrder(guest);
      await server().payOrder(guest, order.order_id);
      await guildhall.messaging.inbox.toPlayers(app, [account.id], 'welcome');
      await guildhall.messaging.inbox.toPlayers(app, [account.id], 'second');
      await guildhall.gifts.presentEmotion(app, account.id);
      await guildhall.roles.report(app.id, account.id, {
        serverId: 3,
        roleId: 'r1',
        name: 'Hero',
        level: 7,
        power: 900,
        vip: 2,
        reportedAt: clock.now(),
      });

      const answer = await overview(app.id, guest.player_id);
      assert.equal(answer.status, 200, answer.text);
      const body = answer.json;
      assert.equal(body.app_id, app.id);
      assert.equal(body.player.player_id, guest.player_id);
      assert.equal(body.player.vip, 0);
      assert.equal(body.ban, null);
      assert.equal(body.ids.momo_userid, guest.momo.userid);
      assert.deepEqual(body.identities, []);
      assert.deepEqual(body.tokens, {
        live: 5,
        by_kind: {
          session: 1,
          momo_vtoken: 1,
          momo_token: 1,
          tencent_qq_openkey: 1,
          tencent_qq_pay_token: 1,
        },
      });
      assert.deepEqual(body.boards, [
        { board: 'coins', rank: 1, score: 500 },
        { board: 'level', rank: 2, score: 10 },
      ]);
      assert.equal(body.groups.length, 1);
      assert.equal(body.groups[0].name, 'Raiders');
      assert.equal(body.groups[0].owner, rival.player_id);
      assert.equal(body.groups[0].role, 'member');
      assert.equal(body.recent_orders.length, 1);
      assert.equal(body.recent_orders[0].order_id, order.order_id);
      assert.equal(body.recent_orders[0].status, 'paid');
      assert.equal(body.inbox.count, 2);
      assert.deepEqual(
        body.inbox.recent.map((m: { content: string }) => m.content),
        ['second', 'welcome'],
      );
      assert.deepEqual(
        body.gifts.map((g: { item: unknown }) => g.item),
        [{ id: 'emo_rabbit', name: '泡泡兔' }],
      );
      assert.equal(body.roles.length, 1);
      assert.equal(body.roles[0].vip, 2);
      assert.equal(body.roles[0].server_id, 3);
    });

    it('shows the ban and no tokens once the player is banned; another app shows its own part', async () => {
      const guest = await qqGuest(server(), app, 'overview-banned');
      await server().admin('POST', `/v1/admin/players/${guest.player_id}/ban`, { reason: 'bots' });
      const answer = await overview(app.id, guest.player_id);
      assert.deepEqual(answer.json.ban, {
        in_force: true,
        reason: 'bots',
        banned_at: server().clock.now(),
        until: null,
      });
      assert.deepEqual(answer.json.tokens, { live: 0, by_kind: {} });
      const elsewhere = await overview(other.id, guest.player_id);
      assert.equal(elsewhere.status, 200);
      assert.deepEqual(elsewhere.json.boards, []);
      assert.deepEqual(elsewhere.json.recent_orders, []);
      assert.deepEqual(elsewhere.json.inbox, { count: 0, recent: [] });
    });

    it('answers 404 to an unknown app or player, 401 without the admin token', async () => {
      const guest = await qqGuest(server(), app, 'overview-errors');
      const noPlayer = await overview(app.id, 'p_nosuchplayer');
      assert.equal(noPlayer.status, 404);
      assert.equal(noPlayer.json.error.code, 'player.not_found');
      const noApp = await overview('app_nosuchapp', guest.player_id);
      assert.equal(noApp.status, 404);
      assert.equal(noApp.json.error.code, 'app.not_found');
      const anonymous = await server().request(
        'GET',
        `/v1/admin/apps/${app.id}/players/${guest.player_id}/overview`,
      );
      assert.equal(anonymous.status, 401);
    });
  },
);
