import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';
import {
  getaccountkitFields,
  getfbFields,
  getgoogleFields,
  UNSIGNED,
} from '../helpers/xcloud-identities.js';

/** The account and identities behind a uid, as operators see them. */
async function operatorView(server: TestServer, app: TestApp, uid: string) {
  const accountId = await server.guildhall.publicIds.resolveOne(app.id, 'xcloud.uid', uid);
  const account = await server.guildhall.directory.account(accountId);
  const shown = await server.admin('GET', `/v1/admin/players/${account.publicId}`);
  return shown.json.identities as {
    provider: string;
    subject: string;
    verified: boolean;
    name: string;
    email: string;
  }[];
}

describeEachBackend(
  'xcloud identities without provider configuration (kept unverified)',
  (server) => {
    let app: TestApp;
    before(async () => {
      app = await server().createApp('Tecnofut');
    });

    const getfb = (fields: Record<string, string>, options: Record<string, unknown> = {}) =>
      server().xcloud(app, '/Pt/getfb', fields, {
        unsigned: UNSIGNED.getfb,
        noTime: true,
        ...options,
      });
    const getgoogle = (fields: Record<string, string>, options: Record<string, unknown> = {}) =>
      server().xcloud(app, '/Pt/getgoogle', fields, { unsigned: UNSIGNED.getgoogle, ...options });
    const getaccountkit = (fields: Record<string, string>, options: Record<string, unknown> = {}) =>
      server().xcloud(app, '/Pt/getaccountkit', fields, {
        unsigned: UNSIGNED.getaccountkit,
        ...options,
      });
    const touristdb = (fields: Record<string, string>, options: Record<string, unknown> = {}) =>
      server().xcloud(app, '/Pt/touristdb', fields, { unsigned: UNSIGNED.touristdb, ...options });
    const loginMethod = (fields: Record<string, string>, options: Record<string, unknown> = {}) =>
      server().xcloud(app, '/Suspension/login_method', fields, {
        unsigned: UNSIGNED.loginMethod,
        ...options,
      });
    const tourist = async (device: string) => {
      const answer = await server().xcloudTourist(app, device);
      assert.equal(answer.body.status, 200);
      return answer.body.data as { uid: string; gidloginid: string };
    };

    it('/Pt/getfb: uid and gidloginid; the same token_for_business always gives the same uid', async () => {
      const first = await getfb(getfbFields(app, 'TfB-ana', '10150001'));
      assert.equal(first.http, 200);
      assert.deepEqual(Object.keys(first.body.data).sort(), ['gidloginid', 'uid']);
      assert.equal(first.body.status, 200);
      assert.equal(first.body.msg, 'success');
      assert.match(first.body.data.uid, /^[1-9]\d{9}$/);
      for (const via of ['query', 'multipart'] as const) {
        const again = await getfb(
          getfbFields(app, 'TfB-ana', '10150777', { name: 'Ana S.', ids_for_business: '[]' }),
          { via },
        );
        assert.deepEqual(again.body, first.body, via);
      }
      const other = await getfb(getfbFields(app, 'TfB-bruno', '10150002'));
      assert.notEqual(other.body.data.uid, first.body.data.uid);

      const identities = await operatorView(server(), app, first.body.data.uid);
      assert.equal(identities.length, 1);
      assert.equal(identities[0]?.provider, 'facebook');
      assert.equal(identities[0]?.subject, 'TfB-ana');
      assert.equal(identities[0]?.verified, false);
      assert.equal(identities[0]?.name, 'Ana S.');
      assert.equal(identities[0]?.email, 'ana@example.com');
    });

    it('/Pt/getfb: the 2018 fields are kept and fbsource is signed; 105, 108, 114', async () => {
      const accountId = async (uid: string) =>
        server().guildhall.publicIds.resolveOne(app.id, 'xcloud.uid', uid);
      const ok = await getfb(getfbFields(app, 'TfB-carla', '10150003', { fbsource: 'bookmark' }));
      assert.equal(ok.body.status, 200);
      const [identity] = await server().guildhall.externalIdentities.ofAccount(
        await accountId(ok.body.data.uid),
        app.id,
      );
      assert.equal(identity?.extra.fbsource, 'bookmark');
      assert.equal(identity?.extra.first_name, 'Ana');
      assert.equal(identity?.extra.last_name, 'Souza');
      assert.equal(identity?.extra.facebook_id, '10150003');

      const fields = getfbFields(app, 'TfB-dora', '10150004');
      // Signed with fbsource left out: the document signs it.
      const unsignedFbsource = await getfb(fields, { unsigned: [...UNSIGNED.getfb, 'fbsource'] });
      assert.equal(unsignedFbsource.body.status, 105);
      assert.equal((await getfb(fields, { sign: null })).body.status, 105);
      assert.equal((await getfb(fields, { sign: 'f'.repeat(32) })).body.status, 105);
      assert.equal((await getfb({ ...fields, gameid: '1' })).body.status, 108);
      for (const name of [
        'token_for_business',
        'facebook_id',
        'ids_for_business',
        'device',
        'regdate',
        'source',
        'middle_name',
      ]) {
        const without = { ...fields };
        delete without[name];
        const answer = await getfb(without);
        assert.equal(answer.body.status, 114, name);
        assert.match(answer.body.msg, new RegExp(name));
        assert.deepEqual(answer.body.data, {});
      }
      assert.equal((await getfb({ ...fields, type: '3' })).body.status, 114);
      assert.equal(
        (await getfb({ ...fields, token_for_business: 'x'.repeat(51) })).body.status,
        114,
      );
      const none = await server().guildhall.store.externalIdentities.find(
        app.id,
        'facebook',
        'TfB-dora',
      );
      assert.equal(none, undefined);
    });

    it('/Pt/getfb: concurrent first logins with one token_for_business end on one uid', async () => {
      const answers = await Promise.all(
        ['1', '2', '3', '4'].map((n) => getfb(getfbFields(app, 'TfB-race', `1015080${n}`))),
      );
      for (const answer of answers) assert.equal(answer.body.status, 200, answer.body.msg);
      assert.equal(new Set(answers.map((a) => a.body.data.uid)).size, 1);
    });

    it('every identity endpoint: 105 for a wrong sign, 108 for an unknown game, 106 when storage fails', async () => {
      const guest = await tourist('common-1');
      type Call = (
        f: Record<string, string>,
        o?: Record<string, unknown>,
      ) => Promise<{ body: any }>;
      const calls: [string, Record<string, string>, Call][] = [
        ['getfb', getfbFields(app, 'TfB-err', '10150099'), getfb],
        ['getgoogle', getgoogleFields(app, 'g-err'), getgoogle],
        ['getaccountkit', getaccountkitFields(app, '+5500'), getaccountkit],
        ['touristdb', { facebook_id: '1', token_for_business: 'TfB-e', uid: guest.uid }, touristdb],
        ['login_method', { uid: guest.uid, type: '2', email: 'e', person_id: 'g-e' }, loginMethod],
      ];
      const identities = server().guildhall.externalIdentities;
      identities.login = () => Promise.reject(new Error('storage down'));
      identities.bind = () => Promise.reject(new Error('storage down'));
      try {
        for (const [name, fields, call] of calls) {
          assert.equal((await call(fields)).body.status, 106, name);
          const wrong = await call(fields, { sign: '0'.repeat(32) });
          assert.equal(wrong.body.status, 105, name);
          assert.deepEqual(wrong.body.data, {});
          if (fields.gameid)
            assert.equal((await call({ ...fields, gameid: '7' })).body.status, 108, name);
        }
      } finally {
        // The instance's own stubs go; the class's methods answer again.
        Reflect.deleteProperty(identities, 'login');
        Reflect.deleteProperty(identities, 'bind');
      }
      assert.equal((await getfb(getfbFields(app, 'TfB-after', '10150098'))).body.status, 200);
    });

    it('/Pt/getgoogle: uid by person_id (unverified); photo, device and sources unsigned; 104, 114', async () => {
      const first = await getgoogle(getgoogleFields(app, 'g-100'));
      assert.equal(first.body.status, 200, first.body.msg);
      assert.deepEqual(Object.keys(first.body.data), ['uid']);
      const again = await getgoogle(
        getgoogleFields(app, 'g-100', { photo: 'https://other/p.png' }),
      );
      assert.deepEqual(again.body, first.body);
      const identities = await operatorView(server(), app, first.body.data.uid);
      assert.deepEqual(
        identities.map((i) => [i.provider, i.subject, i.verified, i.name]),
        [['google', 'g-100', false, 'Bia Lima']],
      );
      const noPerson = await getgoogle(getgoogleFields(app, undefined));
      assert.equal(noPerson.body.status, 114);
      assert.match(noPerson.body.msg, /person_id/);
      assert.equal(
        (await getgoogle(getgoogleFields(app, 'g-101'), { noTime: true })).body.status,
        104,
      );
      const stale = String(Math.floor(server().clock.now() / 1000) - 3600);
      assert.equal(
        (await getgoogle({ ...getgoogleFields(app, 'g-101'), time: stale })).body.status,
        104,
      );
      const noName = getgoogleFields(app, 'g-101');
      delete noName.display_name;
      assert.equal((await getgoogle(noName)).body.status, 114);
      const signedPhoto = await getgoogle(getgoogleFields(app, 'g-101'), {
        unsigned: UNSIGNED.getgoogle.filter((f) => f !== 'photo'),
      });
      assert.equal(signedPhoto.body.status, 105);
    });

    it('/Pt/getaccountkit: accepted unverified (Account Kit is shut down), by accountkit_id or phone; 104, 114', async () => {
      const byId = await getaccountkit(
        getaccountkitFields(app, '+5511990000001', { accountkit_id: 'ak-1' }),
      );
      assert.equal(byId.body.status, 200, byId.body.msg);
      assert.deepEqual(Object.keys(byId.body.data), ['uid']);
      const sameId = await getaccountkit(
        getaccountkitFields(app, '+5511990000009', { accountkit_id: 'ak-1' }),
      );
      assert.equal(sameId.body.data.uid, byId.body.data.uid);
      const byPhone = await getaccountkit(getaccountkitFields(app, '+5511990000002'));
      assert.equal(byPhone.body.status, 200);
      assert.notEqual(byPhone.body.data.uid, byId.body.data.uid);
      const identities = await operatorView(server(), app, byPhone.body.data.uid);
      assert.deepEqual(
        identities.map((i) => [i.provider, i.subject, i.verified]),
        [['accountkit', 'phone:+5511990000002', false]],
      );
      const noPhone = getaccountkitFields(app, '');
      assert.equal((await getaccountkit(noPhone)).body.status, 114);
      assert.equal(
        (await getaccountkit(getaccountkitFields(app, '+5511990000003'), { noTime: true })).body
          .status,
        104,
      );
    });

    it('/Pt/touristdb: binds a guest uid to Facebook, later found by getfb; 125 when taken or already bound; 116, 104, 114', async () => {
      const guest = await tourist('tdb-1');
      const bound = await touristdb({
        facebook_id: '10160001',
        token_for_business: 'TfB-tdb',
        uid: guest.uid,
      });
      assert.equal(bound.body.status, 200, bound.body.msg);
      assert.deepEqual(bound.body.data, { uid: guest.uid });
      const again = await touristdb({
        facebook_id: '10160001',
        token_for_business: 'TfB-tdb',
        uid: guest.uid,
      });
      assert.equal(again.body.status, 200);
      const login = await getfb(getfbFields(app, 'TfB-tdb', '10160001'));
      assert.deepEqual(login.body.data, guest);

      const other = await tourist('tdb-2');
      const taken = await touristdb({
        facebook_id: '10160001',
        token_for_business: 'TfB-tdb',
        uid: other.uid,
      });
      assert.equal(taken.body.status, 125);
      assert.deepEqual(taken.body.data, {});
      const facebookUser = await getfb(getfbFields(app, 'TfB-has-account', '10160002'));
      const hasAccount = await touristdb({
        facebook_id: '10160002',
        token_for_business: 'TfB-has-account',
        uid: other.uid,
      });
      assert.equal(hasAccount.body.status, 125);
      assert.notEqual(facebookUser.body.data.uid, other.uid);
      const second = await touristdb({
        facebook_id: '10160003',
        token_for_business: 'TfB-second',
        uid: guest.uid,
      });
      assert.equal(second.body.status, 125);

      const unknown = await touristdb({
        facebook_id: '1',
        token_for_business: 'TfB-u',
        uid: '1999999999',
      });
      assert.equal(unknown.body.status, 116);
      const noTime = await touristdb(
        { facebook_id: '10160004', token_for_business: 'TfB-t', uid: other.uid },
        { noTime: true },
      );
      assert.equal(noTime.body.status, 104);
      const missing = await touristdb({ token_for_business: 'TfB-t', uid: other.uid });
      assert.equal(missing.body.status, 114);
      const signedExtra = await touristdb(
        { facebook_id: '10160004', token_for_business: 'TfB-t', uid: other.uid },
        { sign: 'f'.repeat(32) },
      );
      assert.equal(signedExtra.body.status, 105);
    });

    it('/Suspension/login_method: binds Facebook, Google, Account Kit by type with unsigned per-type fields; 125, 116, 114, 104, 105', async () => {
      const guest = await tourist('lm-1');
      const fb = await loginMethod({
        uid: guest.uid,
        type: '1',
        facebook_id: '10170001',
        token_for_business: 'TfB-lm',
      });
      assert.equal(fb.body.status, 200, fb.body.msg);
      assert.deepEqual(fb.body.data, {});
      const google = await loginMethod({
        uid: guest.uid,
        type: '2',
        email: 'lm@example.com',
        person_id: 'g-lm',
      });
      assert.equal(google.body.status, 200, google.body.msg);
      const ak = await loginMethod({
        uid: guest.uid,
        type: '3',
        phone_number: '+551100',
        accountkit_id: 'ak-lm',
      });
      assert.equal(ak.body.status, 200, ak.body.msg);
      assert.equal((await getgoogle(getgoogleFields(app, 'g-lm'))).body.data.uid, guest.uid);
      assert.equal((await getfb(getfbFields(app, 'TfB-lm', '10170001'))).body.data.uid, guest.uid);
      const identities = await operatorView(server(), app, guest.uid);
      assert.deepEqual(identities.map((i) => i.provider).sort(), [
        'accountkit',
        'facebook',
        'google',
      ]);

      const other = await tourist('lm-2');
      const taken = await loginMethod({
        uid: other.uid,
        type: '2',
        email: 'x@example.com',
        person_id: 'g-lm',
      });
      assert.equal(taken.body.status, 125);
      const bound = await loginMethod({
        uid: guest.uid,
        type: '1',
        facebook_id: '1',
        token_for_business: 'TfB-other',
      });
      assert.equal(bound.body.status, 125);
      const unknown = await loginMethod({
        uid: '1999999999',
        type: '2',
        email: 'e',
        person_id: 'g-x',
      });
      assert.equal(unknown.body.status, 116);
      const badType = await loginMethod({ uid: other.uid, type: '4', person_id: 'g-x' });
      assert.equal(badType.body.status, 114);
      const missing = await loginMethod({ uid: other.uid, type: '3', phone_number: '+5511' });
      assert.equal(missing.body.status, 114);
      assert.match(missing.body.msg, /accountkit_id/);
      const noTime = await loginMethod(
        { uid: other.uid, type: '2', email: 'e@example.com', person_id: 'g-y' },
        { noTime: true },
      );
      assert.equal(noTime.body.status, 104);
      const signedTypeField = await loginMethod(
        { uid: other.uid, type: '2', email: 'e@example.com', person_id: 'g-y' },
        { unsigned: [] },
      );
      assert.equal(signedTypeField.body.status, 105);
      assert.deepEqual(await operatorView(server(), app, other.uid), []);
    });
  },
);
