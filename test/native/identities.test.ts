import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FakeProviders } from '../helpers/fake-identity.js';
import {
  APPLE_CLIENT,
  appleClaims,
  FB_APP,
  GOOGLE_CLIENT,
  googleClaims,
  startFakeProviders,
} from '../helpers/fake-identity.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

let providers: FakeProviders;
before(async () => {
  providers = await startFakeProviders();
});
after(() => providers.close());

const assertError = (response: { status: number; json: any }, status: number, code: string) => {
  assert.equal(response.status, status, JSON.stringify(response.json));
  assert.equal(response.json.error.code, code);
};

describeEachBackend(
  'native third-party identities (Facebook, Google, Apple)',
  (server) => {
    let app: TestApp;
    let bare: TestApp;
    before(async () => {
      app = await server().createApp('Identity Game');
      bare = await server().createApp('Unconfigured Game');
      const patched = await server().admin('PATCH', `/v1/admin/apps/${app.id}`, {
        facebook_app_id: FB_APP.id,
        facebook_app_secret: FB_APP.secret,
        google_client_ids: [GOOGLE_CLIENT],
        apple_client_ids: [APPLE_CLIENT],
      });
      assert.equal(patched.status, 200, patched.text);
    });

    const login = (target: TestApp, body: Record<string, string>) =>
      server().request('POST', '/v1/client/login', { json: { app_id: target.id, ...body } });
    const facebookToken = (userId: string, tokenForBusiness: string, name = '') =>
      providers.facebook.token({ appId: FB_APP.id, userId, tokenForBusiness, name });

    it('configures the providers through the admin API, showing only whether the secret is set', async () => {
      const shown = await server().admin('GET', `/v1/admin/apps/${app.id}`);
      assert.equal(shown.json.settings.facebook_app_id, FB_APP.id);
      assert.equal(shown.json.settings.facebook_app_secret_set, true);
      assert.deepEqual(shown.json.settings.google_client_ids, [GOOGLE_CLIENT]);
      assert.deepEqual(shown.json.settings.apple_client_ids, [APPLE_CLIENT]);
      assert.ok(!shown.text.includes(FB_APP.secret));
      const plain = await server().admin('GET', `/v1/admin/apps/${bare.id}`);
      assert.equal(plain.json.settings.facebook_app_id, null);
      assert.equal(plain.json.settings.facebook_app_secret_set, false);
      assert.deepEqual(plain.json.settings.google_client_ids, []);
      for (const bad of [
        { facebook_app_secret: '   ' },
        { google_client_ids: 'one' },
        { apple_client_ids: [''] },
        { facebook_app_id: '' },
      ]) {
        assertError(
          await server().admin('PATCH', `/v1/admin/apps/${bare.id}`, bad),
          400,
          'invalid_argument',
        );
      }
      assert.deepEqual((await server().admin('GET', `/v1/admin/apps/${bare.id}`)).json, plain.json);
    });

    it('logs in with Facebook: a new account with every dialect ids, the same one for the same token_for_business', async () => {
      const first = await login(app, {
        method: 'facebook',
        access_token: facebookToken('10150001', 'TfB-ana', 'Ana'),
      });
      assert.equal(first.status, 200, first.text);
      assert.match(first.json.session_token, /^[0-9a-f]{64}$/);
      assert.match(first.json.xcloud.uid, /^[1-9]\d{9}$/);
      assert.match(first.json.xcloud.gidloginid, /^[1-9]\d{11}$/);
      assert.ok(first.json.momo.userid);
      const again = await login(app, {
        method: 'facebook',
        access_token: facebookToken('10150001', 'TfB-ana'),
      });
      assert.equal(again.json.player_id, first.json.player_id);
      assert.deepEqual(again.json.xcloud, first.json.xcloud);
      const mine = await server().request('GET', '/v1/client/identities', {
        token: first.json.session_token,
      });
      assert.equal(mine.status, 200);
      assert.equal(mine.json.identities.length, 1);
      assert.deepEqual(
        { ...mine.json.identities[0], created_at: 0 },
        {
          app_id: app.id,
          provider: 'facebook',
          subject: 'TfB-ana',
          verified: true,
          name: 'Ana',
          email: '',
          picture: '',
          created_at: 0,
        },
      );
    });

    it('logs in with Google and Apple; bad proofs are refused (401 identity.bad_proof)', async () => {
      const google = await login(app, {
        method: 'google',
        id_token: await providers.google.idToken(googleClaims('g-100', { email: 'g@example.com' })),
      });
      assert.equal(google.status, 200, google.text);
      const apple = await login(app, {
        method: 'apple',
        identity_token: await providers.apple.identityToken(
          appleClaims('a-100', server().clock.now()),
        ),
      });
      assert.equal(apple.status, 200, apple.text);
      assert.notEqual(google.json.player_id, apple.json.player_id);
      const googleAgain = await login(app, {
        method: 'google',
        id_token: await providers.google.idToken(googleClaims('g-100')),
      });
      assert.equal(googleAgain.json.player_id, google.json.player_id);

      const now = server().clock.now();
      const refused: Record<string, string>[] = [
        {
          method: 'google',
          id_token: await providers.google.idToken(googleClaims('g-1', { aud: 'other-client' })),
        },
        {
          method: 'google',
          id_token: await providers.google.idToken(
            googleClaims('g-1', { iat: Date.now() / 1000 - 7200, exp: Date.now() / 1000 - 3600 }),
          ),
        },
        { method: 'google', id_token: await providers.google.idToken(googleClaims('g-1'), true) },
        {
          method: 'apple',
          identity_token: await providers.apple.identityToken(appleClaims('a-1', now - 3_600_000)),
        },
        {
          method: 'apple',
          identity_token: await providers.apple.identityToken(
            appleClaims('a-1', now, { aud: 'com.example.other' }),
          ),
        },
        { method: 'facebook', access_token: 'EAAunknown' },
        {
          method: 'facebook',
          access_token: providers.facebook.token({
            appId: '9999',
            userId: '1',
            tokenForBusiness: 'x',
          }),
        },
      ];
      for (const body of refused) {
        assertError(await login(app, body), 401, 'identity.bad_proof');
      }
    });

    it('refuses providers the app does not configure (409 identity.not_configured)', async () => {
      assertError(
        await login(bare, { method: 'facebook', access_token: facebookToken('1', 'TfB-x') }),
        409,
        'identity.not_configured',
      );
      assertError(
        await login(bare, {
          method: 'google',
          id_token: await providers.google.idToken(googleClaims('g-2')),
        }),
        409,
        'identity.not_configured',
      );
      assertError(
        await login(bare, { method: 'apple', identity_token: 'x.y.z' }),
        409,
        'identity.not_configured',
      );
    });

    it('answers 503 identity.provider_unavailable when the provider cannot be asked', async () => {
      const token = facebookToken('10150009', 'TfB-down');
      const idToken = await providers.google.idToken(googleClaims('g-down'));
      providers.facebook.down = true;
      providers.google.down = true;
      try {
        assertError(
          await login(app, { method: 'facebook', access_token: token }),
          503,
          'identity.provider_unavailable',
        );
        assertError(
          await login(app, { method: 'google', id_token: idToken }),
          503,
          'identity.provider_unavailable',
        );
      } finally {
        providers.facebook.down = false;
        providers.google.down = false;
      }
    });

    it('binds an identity to a logged-in guest, who then logs in by it; taken and already bound are refused', async () => {
      const guest = await server().guest(app, 'bind-device-1');
      const bind = (who: { session_token: string }, body: unknown) =>
        server().request('POST', '/v1/client/identities', { token: who.session_token, json: body });
      const idToken = await providers.google.idToken(googleClaims('g-bind'));
      const bound = await bind(guest, { method: 'google', id_token: idToken });
      assert.equal(bound.status, 201, bound.text);
      assert.equal(bound.json.provider, 'google');
      assert.equal(bound.json.subject, 'g-bind');
      assert.equal(bound.json.verified, true);
      assert.equal((await bind(guest, { method: 'google', id_token: idToken })).status, 201);

      const byGoogle = await login(app, { method: 'google', id_token: idToken });
      assert.equal(byGoogle.json.player_id, guest.player_id);
      assert.deepEqual(byGoogle.json.xcloud, guest.xcloud);

      const another = await providers.google.idToken(googleClaims('g-bind-2'));
      assertError(
        await bind(guest, { method: 'google', id_token: another }),
        409,
        'identity.already_bound',
      );
      const other = await server().guest(app, 'bind-device-2');
      assertError(
        await bind(other, { method: 'google', id_token: idToken }),
        409,
        'identity.taken',
      );
      assertError(await bind(other, { method: 'twitter', token: 'x' }), 400, 'invalid_argument');
      assertError(
        await server().request('POST', '/v1/client/identities', {
          json: { method: 'google', id_token: idToken },
        }),
        401,
        'auth.bad_token',
      );

      const shown = await server().admin('GET', `/v1/admin/players/${guest.player_id}`);
      assert.deepEqual(
        shown.json.identities.map((i: Record<string, unknown>) => [
          i.app_id,
          i.provider,
          i.subject,
          i.verified,
        ]),
        [[app.id, 'google', 'g-bind', true]],
      );
    });
  },
  () => providers.options(),
);
