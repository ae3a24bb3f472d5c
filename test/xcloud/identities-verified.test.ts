import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FakeProviders } from '../helpers/fake-identity.js';
import {
  FB_APP,
  GOOGLE_CLIENT,
  googleClaims,
  startFakeProviders,
} from '../helpers/fake-identity.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';
import { getfbFields, getgoogleFields, UNSIGNED } from '../helpers/xcloud-identities.js';

let providers: FakeProviders;
before(async () => {
  providers = await startFakeProviders();
});
after(() => providers.close());

describeEachBackend(
  'xcloud identities verified with Facebook and Google',
  (server) => {
    let app: TestApp;
    before(async () => {
      app = await server().createApp('Tecnofut Verified', {
        facebookAppId: FB_APP.id,
        googleClientIds: [GOOGLE_CLIENT],
      });
      await server().guildhall.externalIdentities.setFacebookSecret(app.id, FB_APP.secret);
    });

    const getfb = (fields: Record<string, string>) =>
      server().xcloud(app, '/Pt/getfb', fields, { unsigned: UNSIGNED.getfb, noTime: true });
    const getgoogle = (fields: Record<string, string>) =>
      server().xcloud(app, '/Pt/getgoogle', fields, { unsigned: UNSIGNED.getgoogle });
    const fbToken = (userId: string, tokenForBusiness: string) =>
      providers.facebook.token({ appId: FB_APP.id, userId, tokenForBusiness, name: 'Graph Name' });
    const verifiedOf = async (uid: string) => {
      const accountId = await server().guildhall.publicIds.resolveOne(app.id, 'xcloud.uid', uid);
      return (await server().guildhall.externalIdentities.ofAccount(accountId, app.id)).map((i) => [
        i.provider,
        i.subject,
        i.verified,
      ]);
    };
    const tourist = async (device: string) => {
      const answer = await server().xcloud(
        app,
        '/Pt/tourist',
        { device: JSON.stringify({ deviceuuid: device }), source: 'x', gameid: app.xcloud.gid },
        { unsigned: ['device'] },
      );
      return answer.body.data as { uid: string };
    };

    it('/Pt/getfb: verified with the Graph API through access_token (unsigned); 119 without it or when it is not this user', async () => {
      const ok = await getfb(
        getfbFields(app, 'TfB-v1', '20001', { access_token: fbToken('20001', 'TfB-v1') }),
      );
      assert.equal(ok.body.status, 200, ok.body.msg);
      assert.deepEqual(await verifiedOf(ok.body.data.uid), [['facebook', 'TfB-v1', true]]);

      const without = await getfb(getfbFields(app, 'TfB-v2', '20002'));
      assert.equal(without.body.status, 119);
      assert.deepEqual(without.body.data, {});
      for (const accessToken of [
        fbToken('29999', 'TfB-v2'), // another Facebook user
        fbToken('20002', 'TfB-other'), // another token_for_business
        'EAAnot-a-token',
        providers.facebook.token({ appId: '777', userId: '20002', tokenForBusiness: 'TfB-v2' }),
      ]) {
        const answer = await getfb(
          getfbFields(app, 'TfB-v2', '20002', { access_token: accessToken }),
        );
        assert.equal(answer.body.status, 119, answer.body.msg);
      }
      const none = await server().guildhall.store.externalIdentities.find(
        app.id,
        'facebook',
        'TfB-v2',
      );
      assert.equal(none, undefined);
    });

    it('/Pt/getfb and /Pt/touristdb: 117 when Facebook cannot be asked', async () => {
      const token = fbToken('20003', 'TfB-v3');
      providers.facebook.down = true;
      try {
        const answer = await getfb(getfbFields(app, 'TfB-v3', '20003', { access_token: token }));
        assert.equal(answer.body.status, 117);
      } finally {
        providers.facebook.down = false;
      }
    });

    it('/Pt/touristdb: binds a verified Facebook identity; 119 without a proof', async () => {
      const guest = await tourist('v-tdb');
      const fields = { facebook_id: '20004', token_for_business: 'TfB-v4', uid: guest.uid };
      const unproved = await server().xcloud(app, '/Pt/touristdb', fields, {
        unsigned: UNSIGNED.touristdb,
      });
      assert.equal(unproved.body.status, 119);
      const bound = await server().xcloud(
        app,
        '/Pt/touristdb',
        { ...fields, access_token: fbToken('20004', 'TfB-v4') },
        { unsigned: UNSIGNED.touristdb },
      );
      assert.equal(bound.body.status, 200, bound.body.msg);
      assert.deepEqual(await verifiedOf(guest.uid), [['facebook', 'TfB-v4', true]]);
    });

    it('/Pt/getgoogle: id_token (unsigned) verified with google-auth-library; 119 without it, expired, other audience, other person_id; 117 when unreachable', async () => {
      const idToken = await providers.google.idToken(googleClaims('g-v1'));
      const ok = await getgoogle(getgoogleFields(app, undefined, { id_token: idToken }));
      assert.equal(ok.body.status, 200, ok.body.msg);
      assert.deepEqual(await verifiedOf(ok.body.data.uid), [['google', 'g-v1', true]]);
      const withPerson = await getgoogle(getgoogleFields(app, 'g-v1', { id_token: idToken }));
      assert.deepEqual(withPerson.body.data, ok.body.data);

      const nowSec = Date.now() / 1000;
      for (const fields of [
        getgoogleFields(app, 'g-v2'),
        getgoogleFields(app, 'g-v2', {
          id_token: await providers.google.idToken(
            googleClaims('g-v2', { iat: nowSec - 7200, exp: nowSec - 3600 }),
          ),
        }),
        getgoogleFields(app, 'g-v2', {
          id_token: await providers.google.idToken(googleClaims('g-v2', { aud: 'other' })),
        }),
        getgoogleFields(app, 'g-v2', {
          id_token: await providers.google.idToken(googleClaims('g-v2'), true),
        }),
        getgoogleFields(app, 'g-v2', { id_token: idToken }),
      ]) {
        const answer = await getgoogle(fields);
        assert.equal(answer.body.status, 119, answer.body.msg);
      }
      providers.google.down = true;
      try {
        const down = await getgoogle(
          getgoogleFields(app, 'g-v3', {
            id_token: await providers.google.idToken(googleClaims('g-v3')),
          }),
        );
        assert.equal(down.body.status, 117);
      } finally {
        providers.google.down = false;
      }
    });

    it('/Suspension/login_method: Google verified by id_token, Facebook by access_token, Account Kit never', async () => {
      const guest = await tourist('v-lm');
      const call = (fields: Record<string, string>) =>
        server().xcloud(app, '/Suspension/login_method', fields, {
          unsigned: UNSIGNED.loginMethod,
        });
      const unproved = await call({
        uid: guest.uid,
        type: '2',
        email: 'e@example.com',
        person_id: 'g-lm',
      });
      assert.equal(unproved.body.status, 119);
      const google = await call({
        uid: guest.uid,
        type: '2',
        email: 'e@example.com',
        person_id: 'g-lm',
        id_token: await providers.google.idToken(googleClaims('g-lm')),
      });
      assert.equal(google.body.status, 200, google.body.msg);
      const facebook = await call({
        uid: guest.uid,
        type: '1',
        facebook_id: '20005',
        token_for_business: 'TfB-v5',
        access_token: fbToken('20005', 'TfB-v5'),
      });
      assert.equal(facebook.body.status, 200, facebook.body.msg);
      const ak = await call({
        uid: guest.uid,
        type: '3',
        phone_number: '+55',
        accountkit_id: 'ak-v',
      });
      assert.equal(ak.body.status, 200);
      assert.deepEqual((await verifiedOf(guest.uid)).sort(), [
        ['accountkit', 'ak-v', false],
        ['facebook', 'TfB-v5', true],
        ['google', 'g-lm', true],
      ]);
    });
  },
  () => providers.options(),
);
