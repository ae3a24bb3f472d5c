import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { resolveConfig } from '../../src/config.js';
import type { FakeGooglePlay } from '../helpers/fake-google-play.js';
import { PLAY_PACKAGE, startFakeGooglePlay } from '../helpers/fake-google-play.js';
import type { TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

/** The fake checks assertions against the clock of the server under test. */
let current: (() => TestServer) | undefined;
let play: FakeGooglePlay;
before(async () => {
  play = await startFakeGooglePlay({ now: () => current?.().clock.now() ?? Date.now() });
});
after(() => play.close());

it('reads GUILDHALL_GOOGLE_PLAY_ENDPOINT', () => {
  assert.equal(resolveConfig({}, {}).stores.googlePlayEndpoint, undefined);
  const config = resolveConfig({}, { GUILDHALL_GOOGLE_PLAY_ENDPOINT: 'http://127.0.0.1:9/' });
  assert.equal(config.stores.googlePlayEndpoint, 'http://127.0.0.1:9/');
  assert.throws(
    () => resolveConfig({}, { GUILDHALL_GOOGLE_PLAY_ENDPOINT: 'ftp://x' }),
    /GUILDHALL_GOOGLE_PLAY_ENDPOINT must be a http: or https: URL/,
  );
});

describeEachBackend(
  'the google_play verifier of the platform',
  (server) => {
    before(() => {
      current = server;
    });

    it('verifies and acknowledges with the set-up the admin API stored', async () => {
      const app = await server().createApp('Play Wired');
      const verifier = server().guildhall.storePurchaseVerifiers.google_play;
      assert.equal(verifier?.store, 'google_play');
      const appRecord = await server().guildhall.apps.get(app.id);
      const proof = { token: `wired-${app.id}`, productId: 'coins_100', packageName: PLAY_PACKAGE };
      const stored = play.addPurchase(proof.token);
      await assert.rejects(verifier.verify(appRecord, proof), { code: 'purchase.not_configured' });

      const put = await server().admin('PUT', `/v1/admin/apps/${app.id}/google-play`, {
        package_name: PLAY_PACKAGE,
        service_account: JSON.parse(play.serviceAccountJson()),
      });
      assert.equal(put.status, 200, put.text);
      const fresh = await server().guildhall.apps.get(app.id);
      const purchase = await verifier.verify(fresh, proof);
      assert.equal(purchase.storeOrderId, stored.orderId);
      await verifier.acknowledge(fresh, purchase, proof);
      assert.ok(play.acknowledged.includes(proof.token));
    });
  },
  () => ({ stores: { googlePlayEndpoint: play.endpoint } }),
);
