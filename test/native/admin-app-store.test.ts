import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { it } from 'node:test';
import { describeEachBackend } from '../helpers/server.js';

const assertError = (response: { status: number; json: any }, status: number, code: string) => {
  assert.equal(response.status, status, JSON.stringify(response.json));
  assert.equal(response.json.error.code, code);
  assert.equal(typeof response.json.error.message, 'string');
};

const p8 = (curve: string) =>
  generateKeyPairSync('ec', { namedCurve: curve }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;

const ISSUER = '57246542-96fe-1a63-e053-0824d011072a';

describeEachBackend('native admin: App Store set-up', (server) => {
  it('stores, shows and deletes a set-up, never showing the key; a bad one changes nothing', async () => {
    const app = await server().createApp('App Store Game');
    const path = `/v1/admin/apps/${app.id}/app-store`;
    assertError(await server().admin('GET', path), 404, 'not_found');
    const key = p8('prime256v1');
    const body = {
      bundle_id: 'com.example.tecnofut',
      environment: 'production',
      apple_id: 1234567890,
      issuer_id: ISSUER,
      key_id: 'ABCDEFGH12',
      private_key: key,
      shared_secret: 'abc123',
    };
    const stored = await server().admin('PUT', path, body);
    assert.equal(stored.status, 200, stored.text);
    const view = {
      bundle_id: 'com.example.tecnofut',
      environment: 'production',
      apple_id: 1234567890,
      issuer_id: ISSUER,
      key_id: 'ABCDEFGH12',
      shared_secret_set: true,
    };
    assert.deepEqual(stored.json, view);
    assert.deepEqual((await server().admin('GET', path)).json, view);
    assert.ok(!(await server().admin('GET', path)).text.includes('PRIVATE'));
    const setup = await server().guildhall.appStoreSetups.get(app.id);
    assert.equal(setup?.apiKey?.privateKey, key);
    const sealed = await server().guildhall.appSecrets.get(app.id, 'app_store_key');

    const bad: unknown[] = [
      { ...body, bundle_id: '' },
      { ...body, bundle_id: 'com example' },
      { ...body, environment: 'xcode' },
      { ...body, apple_id: null },
      { ...body, apple_id: -1 },
      { ...body, apple_id: '12' },
      { ...body, issuer_id: 'nope' },
      { ...body, key_id: 'abc' },
      { ...body, private_key: 'not a key' },
      { ...body, private_key: p8('secp384r1') },
      { ...body, issuer_id: undefined },
      { ...body, shared_secret: 'has space' },
      { ...body, extra: 1 },
      [1, 2],
    ];
    for (const wrong of bad)
      assertError(await server().admin('PUT', path, wrong), 400, 'invalid_argument');
    assert.deepEqual(await server().guildhall.appSecrets.get(app.id, 'app_store_key'), sealed);

    // A sandbox app needs no Apple id; the API key and the shared secret are optional.
    const sandbox = await server().admin('PUT', path, {
      bundle_id: 'com.example.tecnofut',
      environment: 'sandbox',
    });
    assert.deepEqual(sandbox.json, {
      bundle_id: 'com.example.tecnofut',
      environment: 'sandbox',
      apple_id: null,
      issuer_id: null,
      key_id: null,
      shared_secret_set: false,
    });
    assertError(
      await server().admin('PUT', '/v1/admin/apps/app_nope/app-store', body),
      404,
      'app.not_found',
    );
    for (const method of ['GET', 'PUT', 'DELETE']) {
      assertError(
        await server().request(method, path, { json: method === 'PUT' ? body : undefined }),
        401,
        'auth.bad_token',
      );
    }
    const removed = await server().admin('DELETE', path);
    assert.equal(removed.status, 204);
    assertError(await server().admin('GET', path), 404, 'not_found');
    assertError(await server().admin('DELETE', path), 404, 'not_found');
  });
});
