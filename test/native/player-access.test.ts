import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { tokenHash } from '../../src/core/runtime.js';
import { LIVE, checks, qqGuest } from '../helpers/player-access.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const HOUR = 3_600_000;

describeEachBackend('admin API: a player’s tokens', (server) => {
  let app: TestApp;
  before(async () => {
    app = await server().createApp('Token Game');
  });

  const tokens = (playerId: string) =>
    server().admin('GET', `/v1/admin/players/${playerId}/tokens`);
  const tokenOfKind = async (playerId: string, kind: string) => {
    const found = (await tokens(playerId)).json.tokens.find(
      (t: { kind: string }) => t.kind === kind,
    );
    assert.ok(found, kind);
    return found as { token_id: string };
  };

  it('lists live tokens by kind with an opaque id, times and app, never their values or hashes', async () => {
    const guest = await qqGuest(server(), app, 'tokens-list');
    const answer = await tokens(guest.player_id);
    assert.equal(answer.status, 200, answer.text);
    const kinds = answer.json.tokens.map((t: { kind: string }) => t.kind).sort();
    assert.deepEqual(kinds, [
      'momo_token',
      'momo_vtoken',
      'session',
      'tencent_qq_openkey',
      'tencent_qq_pay_token',
    ]);
    const now = server().clock.now();
    for (const token of answer.json.tokens) {
      assert.deepEqual(Object.keys(token).sort(), [
        'app_id',
        'created_at',
        'expires_at',
        'kind',
        'token_id',
      ]);
      assert.match(token.token_id, /^tok_[0-9a-f]{24}$/);
      assert.equal(token.app_id, app.id);
      assert.equal(token.created_at, now);
    }
    const session = answer.json.tokens.find((t: { kind: string }) => t.kind === 'session');
    assert.equal(session.expires_at, now + 30 * 24 * HOUR);
    for (const secret of [guest.session_token, guest.momo.vtoken, guest.msdk.openkey]) {
      assert.ok(!answer.text.includes(secret));
      assert.ok(!answer.text.includes(tokenHash(secret)));
    }
  });

  it('leaves expired tokens out', async () => {
    const guest = await qqGuest(server(), app, 'tokens-expiry');
    server().clock.advance(25 * HOUR);
    const kinds = (await tokens(guest.player_id)).json.tokens.map((t: { kind: string }) => t.kind);
    assert.ok(!kinds.includes('momo_vtoken'));
    assert.ok(kinds.includes('session'));
  });

  it('revokes one token: its check refuses it at once (cached or not), the others still pass', async () => {
    const guest = await qqGuest(server(), app, 'tokens-revoke-one');
    assert.deepEqual(await checks(server(), app, guest), LIVE);
    const vtoken = await tokenOfKind(guest.player_id, 'momo_vtoken');
    const revoked = await server().admin(
      'DELETE',
      `/v1/admin/players/${guest.player_id}/tokens/${vtoken.token_id}`,
    );
    assert.equal(revoked.status, 204, revoked.text);
    assert.deepEqual(await checks(server(), app, guest), { ...LIVE, momo: 30016 });
    const openkey = await tokenOfKind(guest.player_id, 'tencent_qq_openkey');
    await server().admin(
      'DELETE',
      `/v1/admin/players/${guest.player_id}/tokens/${openkey.token_id}`,
    );
    assert.deepEqual(await checks(server(), app, guest), { ...LIVE, momo: 30016, msdk: 1003 });
    const left = (await tokens(guest.player_id)).json.tokens.map((t: { kind: string }) => t.kind);
    assert.deepEqual(left.sort(), ['momo_token', 'session', 'tencent_qq_pay_token']);
  });

  it('revokes every token of the player, in every app, and counts them', async () => {
    const other = await server().createApp('Token Game Two');
    const guest = await qqGuest(server(), app, 'tokens-revoke-all');
    await qqGuest(server(), other, 'tokens-revoke-all');
    assert.deepEqual(await checks(server(), app, guest), LIVE);
    const answer = await server().admin('DELETE', `/v1/admin/players/${guest.player_id}/tokens`);
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json, { revoked: 10 });
    assert.deepEqual(await checks(server(), app, guest), { momo: 30016, msdk: 1003, session: 401 });
    assert.deepEqual((await tokens(guest.player_id)).json, { tokens: [] });
    const again = await server().admin('DELETE', `/v1/admin/players/${guest.player_id}/tokens`);
    assert.deepEqual(again.json, { revoked: 0 });
  });

  it('answers 404 to an unknown player or token (nothing revoked), 401 without the admin token', async () => {
    const guest = await qqGuest(server(), app, 'tokens-errors');
    const before = (await tokens(guest.player_id)).json;
    for (const [method, path] of [
      ['GET', '/v1/admin/players/p_nosuchplayer/tokens'],
      ['DELETE', '/v1/admin/players/p_nosuchplayer/tokens'],
      ['DELETE', `/v1/admin/players/p_nosuchplayer/tokens/${before.tokens[0].token_id}`],
    ] as const) {
      const answer = await server().admin(method, path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.json.error.code, 'player.not_found');
    }
    const unknown = await server().admin(
      'DELETE',
      `/v1/admin/players/${guest.player_id}/tokens/tok_000000000000000000000000`,
    );
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, 'not_found');
    // Another player's token is not this player's.
    const stranger = await qqGuest(server(), app, 'tokens-stranger');
    const theirs = await tokenOfKind(stranger.player_id, 'session');
    const foreign = await server().admin(
      'DELETE',
      `/v1/admin/players/${guest.player_id}/tokens/${theirs.token_id}`,
    );
    assert.equal(foreign.status, 404);
    const anonymous = await server().request(
      'DELETE',
      `/v1/admin/players/${guest.player_id}/tokens`,
    );
    assert.equal(anonymous.status, 401);
    assert.deepEqual((await tokens(guest.player_id)).json, before);
    assert.deepEqual(await checks(server(), app, guest), LIVE);
    assert.equal((await tokens(stranger.player_id)).json.tokens.length, 5);
  });
});
