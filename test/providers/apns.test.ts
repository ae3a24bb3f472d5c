import assert from 'node:assert/strict';
import { once } from 'node:events';
import http2 from 'node:http2';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ApnsClientOptions } from '../../src/providers/apns/client.js';
import { ApnsClient, openPkcs12 } from '../../src/providers/apns/client.js';
import type { PushMessage } from '../../src/providers/push/types.js';
import type { TestCertificates } from '../helpers/certificates.js';
import { PUSH_CERTIFICATE_CN, makeTestCertificates } from '../helpers/certificates.js';
import type { FakeApns } from '../helpers/fake-apns.js';
import { startFakeApns } from '../helpers/fake-apns.js';

const MESSAGE: PushMessage = {
  aps: { alert: { title: 'Guild war', body: 'Your guild is under attack' }, sound: 'default' },
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let certificates: TestCertificates;
before(async () => {
  certificates = await makeTestCertificates();
});
after(() => certificates.remove());

describe('ApnsClient', () => {
  let fake: FakeApns;
  const clients: ApnsClient[] = [];

  const client = (options: Partial<ApnsClientOptions> = {}) => {
    const created = new ApnsClient({
      pfx: certificates.clientP12,
      passphrase: certificates.clientPassphrase,
      environment: 'sandbox',
      origin: fake.origin,
      ca: fake.ca,
      ...options,
    });
    clients.push(created);
    return created;
  };

  beforeEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await fake?.close();
    fake = await startFakeApns({ cert: certificates.serverCert, key: certificates.serverKey });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await fake.close();
  });

  it('posts the aps payload to /3/device/<token> with the provider API headers', async () => {
    const outcome = await client().send('a1b2c3', MESSAGE);

    const [request] = fake.requests;
    assert.ok(request);
    assert.deepEqual(outcome, { status: 'sent', detail: request.apnsId });
    assert.match(outcome.detail, UUID);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/3/device/a1b2c3');
    assert.equal(request.headers['apns-push-type'], 'alert');
    assert.equal(request.headers['apns-priority'], '10');
    assert.equal(request.headers['apns-expiration'], '0');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['apns-topic'], undefined, 'the certificate gives the topic');
    assert.deepEqual(request.body, { aps: MESSAGE.aps });
  });

  it('sends apns-topic when one is configured', async () => {
    await client({ topic: 'com.example.game' }).send('a1', MESSAGE);
    assert.equal(fake.requests[0]?.headers['apns-topic'], 'com.example.game');
  });

  it('presents the push certificate as its TLS client certificate', async () => {
    await client().send('a1', MESSAGE);
    assert.deepEqual(fake.requests[0]?.clientCertificate, {
      presented: true,
      subjectCN: PUSH_CERTIFICATE_CN,
    });
  });

  it('the fake refuses requests that come without a client certificate', async () => {
    const session = http2.connect(fake.origin, { ca: fake.ca });
    const stream = session.request({ ':method': 'POST', ':path': '/3/device/a1' });
    stream.end('{}');
    const [headers] = (await once(stream, 'response')) as [http2.IncomingHttpHeaders];
    let body = '';
    for await (const chunk of stream) body += chunk;
    session.close();
    assert.equal(headers[':status'], 403);
    assert.deepEqual(JSON.parse(body), { reason: 'MissingProviderToken' });
  });

  it('reports dead tokens as invalid', async () => {
    fake.setUnregistered('gone');
    fake.setBad('garbled');
    fake.setResponse('elsewhere', 400, 'DeviceTokenNotForTopic');
    const apns = client();
    assert.deepEqual(await apns.send('gone', MESSAGE), {
      status: 'invalid',
      detail: '410 Unregistered',
    });
    assert.deepEqual(await apns.send('garbled', MESSAGE), {
      status: 'invalid',
      detail: '400 BadDeviceToken',
    });
    assert.deepEqual(await apns.send('elsewhere', MESSAGE), {
      status: 'invalid',
      detail: '400 DeviceTokenNotForTopic',
    });
  });

  it('reports other refusals as failed with status and reason', async () => {
    fake.setResponse('t1', 400, 'BadExpirationDate');
    fake.setResponse('t2', 429, 'TooManyRequests');
    fake.setResponse('t3', 500, 'InternalServerError');
    const apns = client();
    assert.deepEqual(await apns.send('t1', MESSAGE), {
      status: 'failed',
      detail: '400 BadExpirationDate',
    });
    assert.deepEqual(await apns.send('t2', MESSAGE), {
      status: 'failed',
      detail: '429 TooManyRequests',
    });
    assert.deepEqual(await apns.send('t3', MESSAGE), {
      status: 'failed',
      detail: '500 InternalServerError',
    });
  });

  it('fails a request that gets no answer in time', async () => {
    fake.setStalled('slow');
    const apns = client({ timeoutMs: 200 });
    assert.deepEqual(await apns.send('slow', MESSAGE), {
      status: 'failed',
      detail: 'no answer within 200 ms',
    });
    assert.equal((await apns.send('fast', MESSAGE)).status, 'sent', 'the session is still usable');
  });

  it('fails when APNs cannot be reached or is not trusted', async () => {
    const unreachable = await client({ origin: 'https://127.0.0.1:1' }).send('a1', MESSAGE);
    assert.equal(unreachable.status, 'failed');
    assert.match(unreachable.detail, /ECONNREFUSED/);

    const untrusted = await client({ ca: undefined }).send('a1', MESSAGE);
    assert.equal(untrusted.status, 'failed');
    assert.match(untrusted.detail, /self-signed certificate/);
  });

  it('reuses one TLS connection for many sends', async () => {
    const apns = client();
    for (const token of ['s1', 's2', 's3'])
      assert.equal((await apns.send(token, MESSAGE)).status, 'sent');
    const parallel = await Promise.all(['p1', 'p2', 'p3'].map((t) => apns.send(t, MESSAGE)));
    assert.ok(parallel.every((outcome) => outcome.status === 'sent'));
    assert.equal(fake.requests.length, 6);
    assert.equal(fake.connections(), 1);
  });

  it('reconnects after APNs closes the session', async () => {
    const apns = client();
    assert.equal((await apns.send('before', MESSAGE)).status, 'sent');
    await fake.dropSessions();
    assert.equal((await apns.send('after', MESSAGE)).status, 'sent');
    assert.equal(fake.connections(), 2);
  });

  it('sends again on a new connection when a GOAWAY refuses the stream', async () => {
    const apns = client();
    await apns.send('first', MESSAGE);
    fake.refuseOnce('second');
    assert.equal((await apns.send('second', MESSAGE)).status, 'sent');
    assert.deepEqual(
      fake.requests.map((r) => r.token),
      ['first', 'second', 'second'],
    );
    assert.equal(fake.connections(), 2);
  });

  it('fails sends after close', async () => {
    const apns = client();
    await apns.send('a1', MESSAGE);
    await apns.close();
    assert.deepEqual(await apns.send('a2', MESSAGE), { status: 'failed', detail: 'client closed' });
  });
});

describe('openPkcs12', () => {
  it('opens the certificate with its passphrase', () => {
    openPkcs12(certificates.clientP12, certificates.clientPassphrase);
  });

  it('rejects a wrong passphrase or a file that is not PKCS#12', () => {
    assert.throws(
      () => openPkcs12(certificates.clientP12, 'wrong'),
      /push certificate does not open: wrong passphrase .*mac verify failure/,
    );
    assert.throws(
      () => openPkcs12(Buffer.from('not a p12'), 'x'),
      /push certificate does not open/,
    );
  });

  it('keeps the client from being built with a wrong passphrase', () => {
    assert.throws(
      () =>
        new ApnsClient({
          pfx: certificates.clientP12,
          passphrase: 'wrong',
          environment: 'production',
        }),
      /push certificate does not open/,
    );
  });
});
