import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FakeGooglePlay } from '../helpers/fake-google-play.js';
import {
  PLAY_CLIENT_EMAIL,
  PLAY_PACKAGE,
  PLAY_PROJECT_ID,
  startFakeGooglePlay,
} from '../helpers/fake-google-play.js';
import { describeEachBackend } from '../helpers/server.js';

let play: FakeGooglePlay;
before(async () => {
  play = await startFakeGooglePlay();
});
after(() => play.close());

const assertError = (response: { status: number; json: any }, status: number, code: string) => {
  assert.equal(response.status, status, JSON.stringify(response.json));
  assert.equal(response.json.error.code, code);
  assert.equal(typeof response.json.error.message, 'string');
};

describeEachBackend('native admin: Google Play set-up', (server) => {
  it('stores, shows and deletes the package name and service account', async () => {
    const app = await server().createApp('Play Game');
    const path = `/v1/admin/apps/${app.id}/google-play`;
    assertError(await server().admin('GET', path), 404, 'not_found');
    const keyFile = JSON.parse(play.serviceAccountJson());
    const stored = await server().admin('PUT', path, {
      package_name: PLAY_PACKAGE,
      service_account: keyFile,
    });
    assert.equal(stored.status, 200, stored.text);
    const view = {
      package_name: PLAY_PACKAGE,
      service_account: {
        project_id: PLAY_PROJECT_ID,
        client_email: PLAY_CLIENT_EMAIL,
        private_key_id: 'play-key-1',
      },
    };
    assert.deepEqual(stored.json, view);
    assert.deepEqual((await server().admin('GET', path)).json, view);
    assert.doesNotMatch((await server().admin('GET', path)).text, /PRIVATE KEY/);

    // Sealed at rest: the stored row is not the key file.
    const guildhall = server().guildhall;
    const opened = await guildhall.appSecrets.get(app.id, 'google_play_service_account');
    assert.deepEqual(JSON.parse(opened!.toString('utf8')), keyFile);
    assert.equal((await guildhall.apps.get(app.id)).settings.googlePlayPackageName, PLAY_PACKAGE);

    // Either part alone replaces that part.
    const renamed = await server().admin('PUT', path, { package_name: 'com.example.next_1' });
    assert.deepEqual(renamed.json, { ...view, package_name: 'com.example.next_1' });

    const removed = await server().admin('DELETE', path);
    assert.equal(removed.status, 204);
    assertError(await server().admin('GET', path), 404, 'not_found');
    assertError(await server().admin('DELETE', path), 404, 'not_found');
    assert.equal(await guildhall.appSecrets.get(app.id, 'google_play_service_account'), undefined);
  });

  it('refuses bad set-ups and changes nothing', async () => {
    const app = await server().createApp('Play Bad');
    const path = `/v1/admin/apps/${app.id}/google-play`;
    const good = {
      package_name: PLAY_PACKAGE,
      service_account: JSON.parse(play.serviceAccountJson()),
    };
    assert.equal((await server().admin('PUT', path, good)).status, 200);
    const before = (await server().admin('GET', path)).json;
    const bad: unknown[] = [
      {},
      { package_name: 'nodots' },
      { package_name: '1com.example' },
      { package_name: 'com..example' },
      { package_name: 42 },
      { service_account: JSON.parse(play.serviceAccountJson({ type: 'authorized_user' })) },
      { service_account: JSON.parse(play.serviceAccountJson({ private_key: 'not a key' })) },
      { service_account: 'a string' },
      { package_name: 'com.example.fine', service_account: { hello: 'world' } },
      [1, 2],
    ];
    for (const body of bad) {
      assertError(await server().admin('PUT', path, body), 400, 'invalid_argument');
    }
    assert.deepEqual((await server().admin('GET', path)).json, before);
    assertError(
      await server().admin('PUT', '/v1/admin/apps/app_nope/google-play', good),
      404,
      'app.not_found',
    );
    for (const method of ['GET', 'PUT', 'DELETE']) {
      assertError(
        await server().request(method, path, { json: method === 'PUT' ? good : undefined }),
        401,
        'auth.bad_token',
      );
    }
  });
});
