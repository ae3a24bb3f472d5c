import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { TestCertificates } from './certificates.js';
import { makeTestCertificates } from './certificates.js';
import type { FakeApns } from './fake-apns.js';
import { startFakeApns } from './fake-apns.js';
import type { FakeFcm } from './fake-fcm.js';
import { startFakeFcm } from './fake-fcm.js';
import type { TestApp, TestServer } from './server.js';

export interface PushFakes {
  apns: FakeApns;
  fcm: FakeFcm;
  certificates: TestCertificates;
}

/**
 * Fake APNs and FCM servers for a test file: started before its tests, stopped after. FCM checks
 * the client's assertions against `now` (the running test server's clock).
 */
export function usePushFakes(now: () => number): () => PushFakes {
  let fakes: PushFakes | undefined;
  before(async () => {
    const certificates = await makeTestCertificates();
    fakes = {
      certificates,
      apns: await startFakeApns({ cert: certificates.serverCert, key: certificates.serverKey }),
      fcm: await startFakeFcm({ now }),
    };
  });
  after(async () => {
    await fakes?.apns.close();
    await fakes?.fcm.close();
    await fakes?.certificates.remove();
  });
  return () => fakes as PushFakes;
}

/** The platform options that send pushes to the fakes. */
export const pushFakeOptions = ({ apns, fcm }: PushFakes) => ({
  providers: { apnsOrigin: apns.origin, apnsCa: apns.ca, fcmEndpoint: fcm.endpoint },
});

/** Gives the app the fakes' FCM service account and an APNs certificate they accept. */
export async function configurePush(server: TestServer, app: TestApp, fakes: PushFakes) {
  const configured = await server.admin(
    'PUT',
    `/v1/admin/apps/${app.id}/fcm-service-account`,
    JSON.parse(fakes.fcm.serviceAccountJson()),
  );
  assert.equal(configured.status, 200, configured.text);
  await server.guildhall.messaging.push.setApnsCertificate(
    app.id,
    fakes.certificates.clientP12,
    fakes.certificates.clientPassphrase,
  );
}

/** Registers a push device for the player through the native client API. */
export async function registerDevice(
  server: TestServer,
  player: { session_token: string },
  platform: 'ios' | 'android',
  token: string,
) {
  const response = await server.request('POST', '/v1/client/devices', {
    token: player.session_token,
    json: { platform, token },
  });
  assert.equal(response.status, 200, response.text);
  return response.json as { id: number; created_at: number; updated_at: number };
}
