import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { FcmClientOptions } from '../../src/providers/fcm/client.js';
import { FCM_SCOPE, FcmClient } from '../../src/providers/fcm/client.js';
import { DEFAULT_TOKEN_URI, parseServiceAccount } from '../../src/providers/fcm/service-account.js';
import type { PushMessage } from '../../src/providers/push/types.js';
import type { FakeFcm } from '../helpers/fake-fcm.js';
import { FAKE_CLIENT_EMAIL, FAKE_PROJECT_ID, startFakeFcm } from '../helpers/fake-fcm.js';

const MESSAGE: PushMessage = {
  android: {
    title: 'Guild war',
    text: 'Your guild is under attack',
    content: '{"war_id":42}',
    logo: 'https://cdn.example.com/logo.png',
  },
};

/** A port nothing listens on (fetch refuses well-known ones such as 1). */
async function freedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** A clock the tests move by hand; the client and the fake share it. */
function handClock() {
  return {
    time: Date.now(),
    now() {
      return this.time;
    },
  };
}

describe('FcmClient', () => {
  let clock: ReturnType<typeof handClock>;
  let fake: FakeFcm;

  const client = (options: Partial<FcmClientOptions> = {}) =>
    new FcmClient({
      serviceAccount: parseServiceAccount(fake.serviceAccountJson()),
      endpoint: fake.endpoint,
      clock,
      ...options,
    });

  beforeEach(async () => {
    clock = handClock();
    fake = await startFakeFcm(clock);
  });
  afterEach(() => fake.close());

  it('posts an HTTP v1 message with the bearer token from the service-account grant', async () => {
    const outcome = await client().send('device-1', MESSAGE);

    assert.deepEqual(outcome, {
      status: 'sent',
      detail: `projects/${FAKE_PROJECT_ID}/messages/1`,
    });
    const [sent] = fake.messages;
    assert.equal(sent?.projectId, FAKE_PROJECT_ID);
    assert.deepEqual(sent?.message, {
      token: 'device-1',
      notification: {
        title: 'Guild war',
        body: 'Your guild is under attack',
        image: 'https://cdn.example.com/logo.png',
      },
      data: { content: '{"war_id":42}' },
      android: { priority: 'high' },
    });
  });

  it('signs the assertion the way Google specifies', async () => {
    await client().send('device-1', MESSAGE);
    const [claims] = fake.tokenGrants;
    const issuedAt = Math.floor(clock.time / 1000);
    assert.deepEqual(claims, {
      iss: FAKE_CLIENT_EMAIL,
      scope: FCM_SCOPE,
      aud: fake.tokenUri,
      iat: issuedAt,
      exp: issuedAt + 3600,
    });
  });

  it('leaves out image and data when the message has none', async () => {
    await client().send('device-1', { android: { title: 't', text: 'b' } });
    assert.deepEqual(fake.messages[0]?.message, {
      token: 'device-1',
      notification: { title: 't', body: 'b' },
      android: { priority: 'high' },
    });
  });

  it('reports unregistered and malformed tokens as invalid', async () => {
    fake.setUnregistered('gone');
    fake.setBad('garbled');
    const fcm = client();
    assert.deepEqual(await fcm.send('gone', MESSAGE), {
      status: 'invalid',
      detail: '404 NOT_FOUND UNREGISTERED Requested entity was not found.',
    });
    assert.deepEqual(await fcm.send('garbled', MESSAGE), {
      status: 'invalid',
      detail: '400 INVALID_ARGUMENT The registration token is not a valid FCM registration token',
    });
  });

  it('reports other refusals and network errors as failed', async () => {
    const otherProject = new FcmClient({
      serviceAccount: parseServiceAccount(fake.serviceAccountJson({ project_id: 'someone-else' })),
      endpoint: fake.endpoint,
      clock,
    });
    assert.deepEqual(await otherProject.send('device-1', MESSAGE), {
      status: 'failed',
      detail: '403 PERMISSION_DENIED SENDER_ID_MISMATCH SenderId mismatch',
    });

    const endpoint = `http://127.0.0.1:${await freedPort()}`;
    const unreachable = await client({ endpoint }).send('device-1', MESSAGE);
    assert.equal(unreachable.status, 'failed');
    assert.match(unreachable.detail, /ECONNREFUSED/);

    const noAndroid = await client().send('device-1', { aps: { alert: 'hi' } });
    assert.deepEqual(noAndroid, { status: 'failed', detail: 'the message has no android part' });
  });

  it('fails sends when the token endpoint refuses the assertion', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const stranger = parseServiceAccount(
      fake.serviceAccountJson({ private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }) }),
    );
    const outcome = await client({ serviceAccount: stranger }).send('device-1', MESSAGE);
    assert.equal(outcome.status, 'failed');
    assert.match(
      outcome.detail,
      /^access token: 400 .*invalid_grant.*signature verification failed/,
    );
    assert.equal(fake.messages.length, 0);
  });

  it('requests one access token for many sends', async () => {
    const fcm = client();
    const parallel = await Promise.all(['a', 'b', 'c'].map((t) => fcm.send(t, MESSAGE)));
    for (const token of ['d', 'e']) parallel.push(await fcm.send(token, MESSAGE));
    assert.ok(parallel.every((outcome) => outcome.status === 'sent'));
    assert.equal(fake.tokenGrants.length, 1);
    assert.equal(new Set(fake.messages.map((m) => m.accessToken)).size, 1);
  });

  it('refreshes the access token a minute before it expires', async () => {
    const fcm = client();
    await fcm.send('a', MESSAGE);
    clock.time += 3_540_000 - 1;
    await fcm.send('b', MESSAGE);
    assert.equal(fake.tokenGrants.length, 1, 'still fresh');
    clock.time += 1;
    assert.equal((await fcm.send('c', MESSAGE)).status, 'sent');
    assert.equal(fake.tokenGrants.length, 2);
    const [first, second, third] = fake.messages.map((m) => m.accessToken);
    assert.equal(first, second);
    assert.notEqual(second, third);
  });

  it('drops an access token the service no longer accepts', async () => {
    const fcm = client();
    await fcm.send('a', MESSAGE);
    fake.revokeAccessTokens();
    assert.deepEqual(await fcm.send('b', MESSAGE), {
      status: 'failed',
      detail: '401 UNAUTHENTICATED Request had invalid credentials.',
    });
    assert.equal((await fcm.send('c', MESSAGE)).status, 'sent');
    assert.equal(fake.tokenGrants.length, 2);
  });
});

describe('parseServiceAccount', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const valid = {
    type: 'service_account',
    project_id: 'game-123',
    private_key_id: 'k1',
    private_key: pem,
    client_email: 'push@game-123.iam.gserviceaccount.com',
  };
  const rejects = (json: string, message: RegExp) =>
    assert.throws(() => parseServiceAccount(json), message);

  it('reads the fields and defaults token_uri to Google', () => {
    assert.deepEqual(parseServiceAccount(JSON.stringify(valid)), {
      projectId: 'game-123',
      clientEmail: 'push@game-123.iam.gserviceaccount.com',
      privateKey: pem,
      privateKeyId: 'k1',
      tokenUri: DEFAULT_TOKEN_URI,
    });
  });

  it('rejects what is not a service-account key', () => {
    rejects('{not json', /not valid JSON/);
    rejects('null', /Not a usable service account key/);
    rejects(
      JSON.stringify({ ...valid, type: 'authorized_user' }),
      /type must be "service_account"/,
    );
    rejects(JSON.stringify({ ...valid, project_id: undefined }), /project_id is required/);
    rejects(JSON.stringify({ ...valid, client_email: '' }), /client_email is required/);
    rejects(JSON.stringify({ ...valid, private_key: 'secret' }), /private_key must be a PEM key/);
    rejects(
      JSON.stringify({ ...valid, private_key: pem.replace(/[A-Za-z]{20}/, 'x') }),
      /private_key does not parse/,
    );
    rejects(JSON.stringify({ ...valid, token_uri: 'ftp://x/token' }), /token_uri must be an http/);
  });

  it('rejects a key that is not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const ecPem = ec.export({ type: 'pkcs8', format: 'pem' }) as string;
    rejects(JSON.stringify({ ...valid, private_key: ecPem }), /private_key is ec, not RSA/);
  });
});
