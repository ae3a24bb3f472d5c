import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';
import { getfbFields, getgoogleFields, UNSIGNED } from '../helpers/xcloud-identities.js';

/** The fields less one. */
function without(fields: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => key !== name));
}

/** The test clock's day (2026-11-21 04:00 UTC) in the apps' default time zone (Asia/Shanghai). */
const TODAY = '2026-11-21';

describeEachBackend(
  'xcloud analytics: /Pt/getios, /Pt/getandroid, /Pt/buried, /Pt/getsource',
  (server) => {
    let app: TestApp;
    let other: TestApp;
    let player: { uid: string; gidloginid: string };
    let stranger: { uid: string; gidloginid: string };
    before(async () => {
      app = await server().createApp('Tecnofut');
      other = await server().createApp('Other Game');
      player = (await server().guest(app, 'analytics-player')).xcloud;
      stranger = (await server().guest(other, 'analytics-stranger')).xcloud;
    });

    const stats = async (target: TestApp = app, from = TODAY, to = TODAY) => {
      const answer = await server().admin(
        'GET',
        `/v1/admin/apps/${target.id}/stats?from=${from}&to=${to}`,
      );
      assert.equal(answer.status, 200, answer.text);
      return answer.json;
    };

    /** Makes `method` of the analytics service fail as storage would, while `work` runs. */
    const failingStorage = async (
      method: 'recordDevice' | 'recordEvent' | 'recordAcquisition',
      work: () => Promise<void>,
    ) => {
      const analytics = server().guildhall.analytics as unknown as Record<string, unknown>;
      const saved = analytics[method];
      analytics[method] = () => Promise.reject(new Error('storage down'));
      try {
        await work();
      } finally {
        analytics[method] = saved;
      }
    };

    const ios = (extra: Record<string, string> = {}) => ({
      devicename: "Ana's iPhone",
      sysname: 'iPhone OS',
      sysversion: '16.4',
      deviceuuid: 'ios-uuid-1',
      devicemodel: 'iPhone 14',
      ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
      carriername: 'Vivo',
      mobilecountrycode: '724',
      mobilenetworkcode: '06',
      isocountrycode: 'br',
      ip: '200.1.2.3',
      ...extra,
    });

    const android = (extra: Record<string, string> = {}) => ({
      imei: '356938035643809',
      model: 'SM-A515F',
      width: '1080',
      height: '2400',
      simoperatornam: 'Claro',
      ...extra,
    });

    it('/Pt/getios records the device for the app whose key signs it, by form and query; a device counts once', async () => {
      const first = await server().xcloud(app, '/Pt/getios', ios());
      assert.equal(first.http, 200);
      assert.deepEqual(first.body, { status: 200, msg: 'success', data: {} });
      const again = await server().xcloud(app, '/Pt/getios', ios({ sysversion: '17.0' }), {
        via: 'query',
      });
      assert.deepEqual(again.body, first.body);
      const device = await server()
        .guildhall.store.db.selectFrom('analytics_devices')
        .selectAll()
        .where('app_id', '=', app.id)
        .where('device_id', '=', 'ios-uuid-1')
        .executeTakeFirstOrThrow();
      assert.equal(device.platform, 'ios');
      assert.equal(device.model, 'iPhone 14');
      assert.equal(device.os_version, '17.0');
      assert.equal(device.account_id, null);
      assert.equal(JSON.parse(device.extra).carriername, 'Vivo');
      const { device_models } = await stats();
      assert.deepEqual(
        device_models.filter((m: { platform: string }) => m.platform === 'ios'),
        [{ platform: 'ios', model: 'iPhone 14', devices: 1 }],
      );
      assert.deepEqual((await stats(other)).device_models, []);
    });

    it('/Pt/getios: 105 without sign, 108 when no app key verifies it, 104 without or with a stale time, 114 for a missing field', async () => {
      const noSign = await server().xcloud(app, '/Pt/getios', ios(), { sign: null });
      assert.equal(noSign.body.status, 105);
      const badSign = await server().xcloud(app, '/Pt/getios', ios(), { sign: 'a'.repeat(32) });
      assert.equal(badSign.body.status, 108);
      assert.deepEqual(badSign.body.data, {});
      const noTime = await server().xcloud(app, '/Pt/getios', ios(), { noTime: true });
      assert.equal(noTime.body.status, 104);
      const stale = await server().xcloud(app, '/Pt/getios', {
        ...ios(),
        time: String(Math.floor(server().clock.now() / 1000) - 3600),
      });
      assert.equal(stale.body.status, 104);
      const withoutModel = without(ios({ deviceuuid: 'ios-uuid-2' }), 'devicemodel');
      const missing = await server().xcloud(app, '/Pt/getios', withoutModel);
      assert.equal(missing.body.status, 114);
      assert.match(missing.body.msg, /devicemodel/);
      const tooLong = await server().xcloud(app, '/Pt/getios', ios({ deviceuuid: 'x'.repeat(51) }));
      assert.equal(tooLong.body.status, 114);
      const count = await server()
        .guildhall.store.db.selectFrom('analytics_devices')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('device_id', 'in', ['ios-uuid-2', 'x'.repeat(51)])
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });

    it('/Pt/getandroid records the device (model optional); 104, 105, 108, 114', async () => {
      const ok = await server().xcloud(other, '/Pt/getandroid', android());
      assert.deepEqual(ok.body, { status: 200, msg: 'success', data: {} });
      const noModel = without(android({ imei: '356938035643810' }), 'model');
      const anonymous = await server().xcloud(other, '/Pt/getandroid', noModel, {
        via: 'multipart',
      });
      assert.equal(anonymous.body.status, 200);
      assert.deepEqual((await stats(other)).device_models, [
        { platform: 'android', model: '', devices: 1 },
        { platform: 'android', model: 'SM-A515F', devices: 1 },
      ]);
      assert.equal(
        (await server().xcloud(other, '/Pt/getandroid', android(), { sign: null })).body.status,
        105,
      );
      assert.equal(
        (await server().xcloud(other, '/Pt/getandroid', android(), { sign: 'b'.repeat(32) })).body
          .status,
        108,
      );
      assert.equal(
        (await server().xcloud(other, '/Pt/getandroid', android(), { noTime: true })).body.status,
        104,
      );
      const noImei = without(android(), 'imei');
      assert.equal((await server().xcloud(other, '/Pt/getandroid', noImei)).body.status, 114);
      assert.equal(
        (await server().xcloud(other, '/Pt/getandroid', android({ width: '' }))).body.status,
        114,
      );
    });

    it('/Pt/getios and /Pt/getandroid answer 106 when storage fails', async () => {
      await failingStorage('recordDevice', async () => {
        assert.equal((await server().xcloud(app, '/Pt/getios', ios())).body.status, 106);
        assert.equal((await server().xcloud(app, '/Pt/getandroid', android())).body.status, 106);
      });
    });

    const buried = (extra: Record<string, string> = {}) => ({
      uid: player.uid,
      mark: 'ios-uuid-1',
      sid: '3',
      mainclass: 'tutorial',
      subclass: '2',
      entry_type: '1',
      moditime: String(Math.floor(server().clock.now() / 1000)),
      ...extra,
    });

    it('/Pt/buried records an event (no time field; mark not signed), counted per class on the day it happened', async () => {
      const yesterday = String(Math.floor(server().clock.now() / 1000) - 86_400);
      for (const fields of [
        buried(),
        buried(),
        buried({ subclass: '3' }),
        buried({ moditime: yesterday }),
      ]) {
        const answer = await server().xcloud(app, '/Pt/buried', fields, {
          unsigned: ['mark'],
          noTime: true,
        });
        assert.deepEqual(answer.body, { status: 200, msg: 'success', data: {} });
      }
      const { events } = await stats(app, '2026-11-20', TODAY);
      assert.deepEqual(events, [
        { day: '2026-11-20', main_class: 'tutorial', sub_class: '2', events: 1 },
        { day: TODAY, main_class: 'tutorial', sub_class: '2', events: 2 },
        { day: TODAY, main_class: 'tutorial', sub_class: '3', events: 1 },
      ]);
      const row = await server()
        .guildhall.store.db.selectFrom('analytics_events')
        .selectAll()
        .where('app_id', '=', app.id)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      assert.equal(row.server_id, '3');
      assert.equal(row.device_id, 'ios-uuid-1');
      assert.equal(row.entry_type, '1');
      assert.equal(row.at, Number(buried().moditime) * 1000);
    });

    it('/Pt/buried: 109 for a bad sid, 114 for a missing or non-integer field, 116 for an unknown uid, 105 for a wrong sign or a signed mark, 108 without uid and a sign no app verifies', async () => {
      const call = (fields: Record<string, string>, options = {}) =>
        server().xcloud(app, '/Pt/buried', fields, {
          unsigned: ['mark'],
          noTime: true,
          ...options,
        });
      const before = await stats();
      for (const sid of ['0', 'abc', '-1']) {
        const answer = await call(buried({ sid }));
        assert.equal(answer.body.status, 109, sid);
      }
      const noMain = without(buried(), 'mainclass');
      assert.equal((await call(noMain)).body.status, 114);
      assert.equal((await call(buried({ subclass: 'two' }))).body.status, 114);
      assert.equal((await call(buried({ moditime: 'now' }))).body.status, 114);
      assert.equal((await call(buried({ mainclass: 'x'.repeat(21) }))).body.status, 114);
      assert.equal((await call(buried({ uid: '1000000001' }))).body.status, 116);
      assert.equal((await call(buried({ uid: stranger.uid }))).body.status, 105);
      assert.equal((await call(buried(), { sign: 'c'.repeat(32) })).body.status, 105);
      assert.equal((await call(buried(), { unsigned: [] })).body.status, 105);
      const noUid = without(buried(), 'uid');
      assert.equal((await call(noUid)).body.status, 114);
      assert.equal((await call(noUid, { sign: 'd'.repeat(32) })).body.status, 108);
      assert.deepEqual((await stats()).events, before.events);
    });

    it('/Pt/buried answers 106 when storage fails', async () => {
      await failingStorage('recordEvent', async () => {
        const answer = await server().xcloud(app, '/Pt/buried', buried(), {
          unsigned: ['mark'],
          noTime: true,
        });
        assert.equal(answer.body.status, 106);
      });
    });

    const getsource = (
      who: { uid: string; gidloginid: string },
      extra: Record<string, string> = {},
    ) => ({
      uid: who.uid,
      gidloginid: who.gidloginid,
      only: 'ios-uuid-1',
      source: 'facebook_ads',
      mainsource: '12',
      subsource: '34',
      ...extra,
    });
    const SOURCE_UNSIGNED = ['source', 'mainsource', 'subsource'];

    it("/Pt/getsource keeps the player's first channel and their latest; the first counts the player as new from it", async () => {
      const first = await server().xcloud(app, '/Pt/getsource', getsource(player), {
        unsigned: SOURCE_UNSIGNED,
      });
      assert.deepEqual(first.body, { status: 200, msg: 'success', data: {} });
      const later = await server().xcloud(
        app,
        '/Pt/getsource',
        getsource(player, { source: 'googleplay', mainsource: '1', subsource: '2' }),
        { unsigned: SOURCE_UNSIGNED, via: 'query' },
      );
      assert.equal(later.body.status, 200);
      const accountId = await server().guildhall.publicIds.resolve(app.id, 'xcloud.uid', [
        player.uid,
      ]);
      const acquisition = await server().guildhall.analytics.acquisitionOf(
        app.id,
        accountId.get(player.uid)!,
      );
      assert.equal(acquisition?.first.source, 'facebook_ads');
      assert.equal(acquisition?.first.mainsource, '12');
      assert.equal(acquisition?.latest.source, 'googleplay');
      const { new_players_by_source, days } = await stats();
      assert.deepEqual(new_players_by_source, [
        { day: TODAY, source: 'facebook_ads', mainsource: '12', subsource: '34', players: 1 },
      ]);
      assert.equal(days[0].new_players, 1);
    });

    it('/Pt/getsource: 104, 105 (wrong sign, signed source), 114, 116 (unknown uid, gidloginid of another player)', async () => {
      const call = (fields: Record<string, string>, options = {}) =>
        server().xcloud(app, '/Pt/getsource', fields, { unsigned: SOURCE_UNSIGNED, ...options });
      assert.equal((await call(getsource(player), { noTime: true })).body.status, 104);
      assert.equal((await call(getsource(player), { sign: 'e'.repeat(32) })).body.status, 105);
      assert.equal((await call(getsource(player), { unsigned: [] })).body.status, 105);
      const noOnly = without(getsource(player), 'only');
      assert.equal((await call(noOnly)).body.status, 114);
      assert.equal((await call(getsource(player, { mainsource: 'ads' }))).body.status, 114);
      assert.equal((await call(getsource(player, { source: '' }))).body.status, 114);
      assert.equal((await call(getsource({ ...player, uid: '1000000002' }))).body.status, 116);
      const someone = (await server().guest(app, 'analytics-someone')).xcloud;
      assert.equal(
        (await call(getsource({ uid: player.uid, gidloginid: someone.gidloginid }))).body.status,
        116,
      );
      await failingStorage('recordAcquisition', async () => {
        assert.equal((await call(getsource(player))).body.status, 106);
      });
    });

    it('/Pt/tourist records the device of its device JSON and the channel the player came from', async () => {
      const fields = {
        device: JSON.stringify({ imei: 'imei-tourist-1', model: 'Moto G8', osversion: '11' }),
        source: 'googleplay',
        mainsource: 'ads',
        subsource: 'br',
        entry_lang: 'pt',
        entry_type: 'XC',
        entry_name: 'tecnofut.br',
        gameid: other.xcloud.gid,
      };
      const answer = await server().xcloud(other, '/Pt/tourist', fields, { unsigned: ['device'] });
      assert.equal(answer.body.status, 200);
      const device = await server()
        .guildhall.store.db.selectFrom('analytics_devices')
        .selectAll()
        .where('app_id', '=', other.id)
        .where('device_id', '=', 'imei-tourist-1')
        .executeTakeFirstOrThrow();
      assert.equal(device.platform, 'android');
      assert.equal(device.model, 'Moto G8');
      assert.equal(device.os_version, '11');
      assert.notEqual(device.account_id, null);
      const acquisition = await server().guildhall.analytics.acquisitionOf(
        other.id,
        device.account_id!,
      );
      assert.deepEqual(acquisition?.first, {
        source: 'googleplay',
        mainsource: 'ads',
        subsource: 'br',
        entryType: 'XC',
        entryName: 'tecnofut.br',
        entryLang: 'pt',
      });
      const { new_players_by_source, days } = await stats(other);
      assert.deepEqual(new_players_by_source, [
        { day: TODAY, source: 'googleplay', mainsource: 'ads', subsource: 'br', players: 1 },
      ]);
      assert.equal(days[0].new_players, 2);
      assert.equal(days[0].active_players, 2);
    });

    /** The device row and first/latest channel recorded for the player behind the uid. */
    const recorded = async (target: TestApp, uid: string, deviceId: string) => {
      const ids = await server().guildhall.publicIds.resolve(target.id, 'xcloud.uid', [uid]);
      const accountId = ids.get(uid)!;
      const device = await server()
        .guildhall.store.db.selectFrom('analytics_devices')
        .selectAll()
        .where('app_id', '=', target.id)
        .where('device_id', '=', deviceId)
        .executeTakeFirst();
      return {
        device,
        accountId,
        acquisition: await server().guildhall.analytics.acquisitionOf(target.id, accountId),
      };
    };

    it('/Pt/getfb (platform by its type), /Pt/getgoogle and /Pt/getsid record the device and channel of the login', async () => {
      const fb = await server().xcloud(
        app,
        '/Pt/getfb',
        getfbFields(app, 'TfB-stats', '10190001'),
        {
          unsigned: UNSIGNED.getfb,
          noTime: true,
        },
      );
      assert.equal(fb.body.status, 200);
      const viaFb = await recorded(app, fb.body.data.uid, 'fb-10190001');
      assert.equal(viaFb.device?.platform, 'android');
      assert.equal(viaFb.device?.model, 'Moto G');
      assert.equal(viaFb.device?.account_id, viaFb.accountId);
      assert.equal(viaFb.acquisition?.first.source, 'facebook');
      assert.equal(viaFb.acquisition?.first.subsource, 'campaign-7');

      const google = await server().xcloud(app, '/Pt/getgoogle', getgoogleFields(app, 'g-stats'), {
        unsigned: UNSIGNED.getgoogle,
      });
      assert.equal(google.body.status, 200);
      const viaGoogle = await recorded(app, google.body.data.uid, 'g-g-stats');
      assert.equal(viaGoogle.device?.platform, 'android');
      assert.deepEqual(viaGoogle.acquisition?.first, {
        source: 'googleplay',
        mainsource: '1',
        subsource: '2',
        entryType: 'androiddata',
        entryName: 'com.example.tecnofut',
        entryLang: 'pt',
      });

      const sid = await server().xcloud(app, '/Pt/getsid', {
        uid: player.uid,
        gidloginid: player.gidloginid,
        lastsid: '7',
        source: 'appstore',
        mainsource: 'search',
      });
      assert.equal(sid.body.status, 200);
      const viaSid = await recorded(app, player.uid, '-');
      assert.equal(viaSid.acquisition?.first.source, 'facebook_ads');
      assert.equal(viaSid.acquisition?.latest.source, 'appstore');
      assert.equal(viaSid.acquisition?.latest.mainsource, 'search');
    });
  },
);
