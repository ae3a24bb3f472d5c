import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { App } from '../../src/core/apps/types.js';
import { setAttributes } from '../helpers/memberships.js';
import { describeEachBackend } from '../helpers/server.js';

const KINDS = [
  'qq',
  'qq_super',
  'blue_diamond',
  'red_diamond',
  'yellow_diamond',
  'game',
  'xinyue',
  'animation',
  'video',
  'wechat',
];

const NO_MEMBERSHIP = {
  active: false,
  level: 0,
  score: 0,
  yearly: false,
  luxury: false,
  since: 0,
  until: 0,
  yearly_since: 0,
  yearly_until: 0,
  plan: '',
};

const DEFAULTS = {
  memberships: Object.fromEntries(KINDS.map((k) => [k, NO_MEMBERSHIP])),
  qq_level: 0,
  xinyue_tier: 0,
  wifi: false,
  real_name: { verified: false, phone_bound: false, prompt: false },
  elite: { wechat: false, game: false },
};

describeEachBackend('admin memberships', (server) => {
  let app: App;
  let player: { player_id: string; session_token: string };
  let path: string;

  before(async () => {
    app = await server().createApp('Admin Membership Game');
    player = await server().tencentLogin(app, 'dev-admin-m', 'qq');
    path = `/v1/admin/apps/${app.id}/players/${player.player_id}`;
  });

  it('shows all-zero defaults for a player nobody touched', async () => {
    const { status, json } = await server().admin('GET', `${path}/attributes`);
    assert.equal(status, 200);
    assert.deepEqual(json, DEFAULTS);
  });

  it('PATCH merges partial updates, memberships field by field', async () => {
    await setAttributes(server(), app, player.player_id, {
      memberships: { qq: { active: true, level: 6 }, video: { plan: 'TXSP' } },
      wifi: true,
    });
    const merged = await setAttributes(server(), app, player.player_id, {
      memberships: { qq: { yearly: true, until: 1448817920 } },
      real_name: { verified: true },
      xinyue_tier: 11,
    });
    const expected = {
      ...DEFAULTS,
      memberships: {
        ...DEFAULTS.memberships,
        qq: { ...NO_MEMBERSHIP, active: true, level: 6, yearly: true, until: 1448817920 },
        video: { ...NO_MEMBERSHIP, plan: 'TXSP' },
      },
      wifi: true,
      xinyue_tier: 11,
      real_name: { verified: true, phone_bound: false, prompt: false },
    };
    assert.deepEqual(merged, expected);
    assert.deepEqual((await server().admin('GET', `${path}/attributes`)).json, expected);
  });

  it('concurrent PATCHes all land', async () => {
    const racer = await server().tencentLogin(app, 'dev-admin-race', 'wx');
    const fields = ['qq', 'blue_diamond', 'red_diamond', 'yellow_diamond', 'game', 'animation'];
    await Promise.all(
      fields.map((kind) =>
        server().admin('PATCH', `/v1/admin/apps/${app.id}/players/${racer.player_id}/attributes`, {
          memberships: { [kind]: { active: true } },
        }),
      ),
    );
    const { json } = await server().admin(
      'GET',
      `/v1/admin/apps/${app.id}/players/${racer.player_id}/attributes`,
    );
    for (const kind of fields) assert.equal(json.memberships[kind].active, true, kind);
  });

  it('PATCH answers 400 to unknown keys, wrong types and values out of range', async () => {
    const bad = [
      { vip: 1 },
      { memberships: { platinum: { active: true } } },
      { memberships: { qq: { active: 1 } } },
      { memberships: { qq: { level: -1 } } },
      { memberships: { qq: { level: 101 } } },
      { memberships: { qq: { level: 1.5 } } },
      { memberships: { xinyue: { level: 4 } } },
      { memberships: { qq: { until: 5_000_000_000 } } },
      { memberships: { video: { plan: 'x'.repeat(65) } } },
      { memberships: { qq: { colour: 'gold' } } },
      { qq_level: 256 },
      { xinyue_tier: 5 },
      { wifi: 'yes' },
      { real_name: { verified: true, nickname: 'x' } },
      { elite: { wechat: 1 } },
    ];
    for (const body of bad) {
      const { status, json } = await server().admin('PATCH', `${path}/attributes`, body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(json.error.code, 'invalid_argument');
    }
    const { json } = await server().admin('GET', `${path}/attributes`);
    assert.equal(json.memberships.xinyue.level, 0, 'nothing of a bad PATCH lands');
  });

  it('404 for an unknown app, an unknown player, or a player without Tencent ids in the app', async () => {
    const native = await server().guest(app, 'dev-admin-native');
    const other = await server().createApp('Admin Other Game');
    const paths = [
      `/v1/admin/apps/no-such-app/players/${player.player_id}`,
      `/v1/admin/apps/${app.id}/players/no-such-player`,
      `/v1/admin/apps/${app.id}/players/${native.player_id}`,
      `/v1/admin/apps/${other.id}/players/${player.player_id}`,
    ];
    for (const p of paths) {
      for (const [method, suffix, body] of [
        ['GET', '/attributes', undefined],
        ['PATCH', '/attributes', { wifi: true }],
        ['GET', '/gift-packs', undefined],
        ['POST', '/gift-packs', { gift_id: '1001', count: 1 }],
      ] as const) {
        const { status } = await server().admin(method, `${p}${suffix}`, body);
        assert.equal(status, 404, `${method} ${p}${suffix}`);
      }
    }
  });

  it('gift packs: POST grants (201), GET lists the pending ones, get_gift empties the list', async () => {
    const granted = await server().admin('POST', `${path}/gift-packs`, {
      gift_id: '1001',
      count: 2,
    });
    assert.equal(granted.status, 201);
    assert.deepEqual(granted.json, {
      gift_id: '1001',
      count: 2,
      granted_at: server().clock.now(),
    });
    await server().admin('POST', `${path}/gift-packs`, { gift_id: 'starter', count: 1 });
    const listed = await server().admin('GET', `${path}/gift-packs`);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.json.gift_packs.map((p: any) => [p.gift_id, p.count]),
      [
        ['1001', 2],
        ['starter', 1],
      ],
    );
    const login = await server().tencentLogin(app, 'dev-admin-m', 'qq');
    const { body } = await server().msdk(app, 'profile/get_gift', { openid: login.msdk.openid });
    assert.equal(body.GiftPackList.length, 2);
    assert.deepEqual((await server().admin('GET', `${path}/gift-packs`)).json, { gift_packs: [] });
  });

  it('gift packs: 400 for a missing or empty gift id and counts outside 1..1000000', async () => {
    for (const body of [
      {},
      { gift_id: '', count: 1 },
      { gift_id: '1001' },
      { gift_id: '1001', count: 0 },
      { gift_id: '1001', count: 1_000_001 },
      { gift_id: '1001', count: '1' },
      { gift_id: 'x'.repeat(65), count: 1 },
    ]) {
      const { status } = await server().admin('POST', `${path}/gift-packs`, body);
      assert.equal(status, 400, JSON.stringify(body));
    }
  });

  it('video channels: PUT stores a secret, DELETE removes it; 400 and 404 where due', async () => {
    const channel = `/v1/admin/apps/${app.id}/video-channels/30012`;
    const put = await server().admin('PUT', channel, { secret: 's3cret' });
    assert.equal(put.status, 200);
    assert.deepEqual(put.json, { channel_id: 30012 });
    assert.equal(await server().guildhall.memberships.videoChannelSecret(app.id, 30012), 's3cret');
    assert.equal((await server().admin('PUT', channel, { secret: 'rotated' })).status, 200);
    assert.equal(await server().guildhall.memberships.videoChannelSecret(app.id, 30012), 'rotated');

    for (const body of [{}, { secret: '' }, { secret: 5 }, { secret: 'x', extra: 1 }]) {
      assert.equal((await server().admin('PUT', channel, body)).status, 400, JSON.stringify(body));
    }
    for (const id of ['0', 'abc', '-5', '2147483648']) {
      const { status } = await server().admin(
        'PUT',
        `/v1/admin/apps/${app.id}/video-channels/${id}`,
        { secret: 's' },
      );
      assert.equal(status, 400, id);
    }
    const unknownApp = await server().admin('PUT', '/v1/admin/apps/nope/video-channels/1', {
      secret: 's',
    });
    assert.equal(unknownApp.status, 404);

    assert.equal((await server().admin('DELETE', channel)).status, 204);
    assert.equal((await server().admin('DELETE', channel)).status, 404);
  });

  it('401 without the admin token', async () => {
    for (const [method, p, json] of [
      ['GET', `${path}/attributes`, undefined],
      ['PATCH', `${path}/attributes`, { wifi: true }],
      ['POST', `${path}/gift-packs`, { gift_id: '1', count: 1 }],
      ['PUT', `/v1/admin/apps/${app.id}/video-channels/1`, { secret: 's' }],
    ] as const) {
      const { status } = await server().request(method, p, { json });
      assert.equal(status, 401, `${method} ${p}`);
    }
  });
});
