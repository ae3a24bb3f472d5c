import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.js';
import { AppleVerifier } from '../../src/providers/identity/apple.js';
import { FacebookVerifier } from '../../src/providers/identity/facebook.js';
import { GoogleVerifier } from '../../src/providers/identity/google.js';
import { FakeApple, FakeFacebook, FakeGoogle } from '../helpers/fake-identity.js';
import { TestClock } from '../helpers/server.js';

/** Asserts the promise fails with this domain error code. */
async function failsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
}

/** A port nobody listens on. */
const CLOSED = 'http://127.0.0.1:9';

describe('Facebook verifier (Graph API debug_token + token_for_business)', () => {
  let graph: FakeFacebook;
  let verifier: FacebookVerifier;
  const app = { appId: '1001', appSecret: 'fb-secret' };
  before(async () => {
    graph = await FakeFacebook.start({ '1001': 'fb-secret', '2002': 'other-secret' });
    verifier = new FacebookVerifier(graph.url, 2_000);
  });
  after(() => graph.close());

  it('accepts a valid token of the app and reads the token_for_business back', async () => {
    const token = graph.token({
      appId: '1001',
      userId: '10150000001',
      tokenForBusiness: 'AbTfb001',
      name: 'Ana Souza',
      email: 'ana@example.com',
    });
    const found = await verifier.verify(app, token);
    assert.equal(found.subject, 'AbTfb001');
    assert.equal(found.userId, '10150000001');
    assert.equal(found.displayName, 'Ana Souza');
    assert.equal(found.email, 'ana@example.com');
  });

  it('refuses an invalid token, a token of another app, a wrong app secret', async () => {
    const expired = graph.token({
      appId: '1001',
      userId: '1',
      tokenForBusiness: 'x',
      valid: false,
    });
    await failsWith(verifier.verify(app, expired), 'identity.bad_proof');
    await failsWith(verifier.verify(app, 'EAAnonsense'), 'identity.bad_proof');
    const other = graph.token({ appId: '2002', userId: '2', tokenForBusiness: 'y' });
    await failsWith(verifier.verify(app, other), 'identity.bad_proof');
    const good = graph.token({ appId: '1001', userId: '3', tokenForBusiness: 'z' });
    await failsWith(verifier.verify({ ...app, appSecret: 'wrong' }, good), 'identity.bad_proof');
  });

  it('says the provider is unavailable when Graph is down or unreachable', async () => {
    const token = graph.token({ appId: '1001', userId: '4', tokenForBusiness: 'w' });
    graph.down = true;
    try {
      await failsWith(verifier.verify(app, token), 'identity.provider_unavailable');
    } finally {
      graph.down = false;
    }
    await failsWith(
      new FacebookVerifier(CLOSED, 2_000).verify(app, token),
      'identity.provider_unavailable',
    );
  });
});

describe('Google verifier (google-auth-library verifyIdToken)', () => {
  let google: FakeGoogle;
  let verifier: GoogleVerifier;
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({
    sub: '1098765432100',
    aud: 'client-a.apps.googleusercontent.com',
    iat: now() - 10,
    exp: now() + 3600,
    email: 'bia@example.com',
    name: 'Bia',
    ...extra,
  });
  before(async () => {
    google = await FakeGoogle.start();
    verifier = new GoogleVerifier(google.certsUrl);
  });
  after(() => google.close());

  it('accepts a token signed by Google for one of the client ids', async () => {
    const token = await google.idToken(claims());
    const found = await verifier.verify(
      ['other.apps.googleusercontent.com', 'client-a.apps.googleusercontent.com'],
      token,
    );
    assert.equal(found.subject, '1098765432100');
    assert.equal(found.email, 'bia@example.com');
    assert.equal(found.displayName, 'Bia');
  });

  it('refuses an expired token, a wrong audience, a forged signature, a wrong issuer, garbage', async () => {
    const clients = ['client-a.apps.googleusercontent.com'];
    const expired = await google.idToken(claims({ iat: now() - 7200, exp: now() - 3600 }));
    await failsWith(verifier.verify(clients, expired), 'identity.bad_proof');
    const elsewhere = await google.idToken(claims({ aud: 'client-b.apps.googleusercontent.com' }));
    await failsWith(verifier.verify(clients, elsewhere), 'identity.bad_proof');
    await failsWith(
      verifier.verify(clients, await google.idToken(claims(), true)),
      'identity.bad_proof',
    );
    const issuer = await google.idToken(claims({ iss: 'https://evil.example.com' }));
    await failsWith(verifier.verify(clients, issuer), 'identity.bad_proof');
    await failsWith(verifier.verify(clients, 'not-a-jwt'), 'identity.bad_proof');
  });

  it("says the provider is unavailable when Google's keys cannot be fetched", async () => {
    const token = await google.idToken(claims());
    google.down = true;
    try {
      await failsWith(
        verifier.verify(['client-a.apps.googleusercontent.com'], token),
        'identity.provider_unavailable',
      );
    } finally {
      google.down = false;
    }
  });
});

describe('Apple verifier (jose against the JWKS)', () => {
  let apple: FakeApple;
  const clock = new TestClock();
  const now = () => Math.floor(clock.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({
    sub: '001234.abcdef.0420',
    aud: 'com.example.tecnofut',
    iat: now() - 10,
    exp: now() + 600,
    email: 'x@privaterelay.appleid.com',
    ...extra,
  });
  before(async () => {
    apple = await FakeApple.start();
  });
  after(() => apple.close());

  it('accepts a token signed by Apple for the client id, at the injected clock', async () => {
    const verifier = new AppleVerifier(clock, apple.jwksUrl, 2_000);
    const found = await verifier.verify(
      ['com.example.tecnofut'],
      await apple.identityToken(claims()),
    );
    assert.equal(found.subject, '001234.abcdef.0420');
    assert.equal(found.email, 'x@privaterelay.appleid.com');
  });

  it('refuses an expired token, a wrong audience, a forged signature, a wrong issuer', async () => {
    const verifier = new AppleVerifier(clock, apple.jwksUrl, 2_000);
    const clients = ['com.example.tecnofut'];
    const expired = await apple.identityToken(claims({ iat: now() - 7200, exp: now() - 3600 }));
    await failsWith(verifier.verify(clients, expired), 'identity.bad_proof');
    const elsewhere = await apple.identityToken(claims({ aud: 'com.example.other' }));
    await failsWith(verifier.verify(clients, elsewhere), 'identity.bad_proof');
    await failsWith(
      verifier.verify(clients, await apple.identityToken(claims(), true)),
      'identity.bad_proof',
    );
    const issuer = await apple.identityToken(claims({ iss: 'https://evil.example.com' }));
    await failsWith(verifier.verify(clients, issuer), 'identity.bad_proof');
  });

  it("says the provider is unavailable when Apple's JWKS cannot be fetched", async () => {
    const verifier = new AppleVerifier(clock, CLOSED, 2_000);
    await failsWith(
      verifier.verify(['com.example.tecnofut'], await apple.identityToken(claims())),
      'identity.provider_unavailable',
    );
  });
});
