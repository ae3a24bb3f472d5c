import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';

type Handler = (url: URL, request: IncomingMessage) => { status: number; body: unknown };

/** A local HTTP server answering JSON; `down` makes it answer 503. */
class FakeServer {
  down = false;
  url = '';
  private readonly server: Server;

  constructor(handler: Handler) {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const { status, body } = this.down
        ? { status: 503, body: { error: 'down' } }
        : handler(url, request);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface FacebookUser {
  userId: string;
  tokenForBusiness: string;
  name?: string;
  email?: string;
  /** The Facebook app the token was issued for. */
  appId: string;
  valid?: boolean;
}

/**
 * Facebook's Graph API as far as login checks go: `debug_token` (with the app access token
 * `appid|secret`) and `/me?fields=...` (with the user's token), for the users it is given.
 */
export class FakeFacebook {
  private readonly users = new Map<string, FacebookUser>();
  private readonly server = new FakeServer((url) => this.answer(url));
  private constructor(private readonly apps: ReadonlyMap<string, string>) {}

  static async start(apps: Record<string, string>): Promise<FakeFacebook> {
    const fake = new FakeFacebook(new Map(Object.entries(apps)));
    await fake.server.listen();
    return fake;
  }

  get url(): string {
    return this.server.url;
  }

  set down(down: boolean) {
    this.server.down = down;
  }

  /** A user access token for the user. */
  token(user: FacebookUser): string {
    const token = `EAA${randomUUID().replaceAll('-', '')}`;
    this.users.set(token, user);
    return token;
  }

  private answer(url: URL): { status: number; body: unknown } {
    const oauthError = (message: string) => ({
      status: 400,
      body: { error: { message, type: 'OAuthException', code: 190 } },
    });
    if (url.pathname === '/debug_token') {
      const [appId, secret] = (url.searchParams.get('access_token') ?? '').split('|');
      if (!appId || this.apps.get(appId) !== secret)
        return oauthError('Invalid OAuth access token');
      const user = this.users.get(url.searchParams.get('input_token') ?? '');
      if (!user) return { status: 200, body: { data: { is_valid: false, error: { code: 190 } } } };
      return {
        status: 200,
        body: {
          data: {
            app_id: user.appId,
            type: 'USER',
            is_valid: user.valid !== false,
            user_id: user.userId,
            scopes: ['public_profile', 'email'],
          },
        },
      };
    }
    if (url.pathname === '/me') {
      const user = this.users.get(url.searchParams.get('access_token') ?? '');
      if (!user || user.valid === false) return oauthError('Error validating access token');
      if (!url.searchParams.get('appsecret_proof')) return oauthError('appsecret_proof required');
      return {
        status: 200,
        body: {
          id: user.userId,
          token_for_business: user.tokenForBusiness,
          ...(user.name !== undefined && { name: user.name }),
          ...(user.email !== undefined && { email: user.email }),
        },
      };
    }
    return { status: 404, body: { error: { message: 'unknown path' } } };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** An RSA signing key of a fake provider, with its key id. */
function rsaKey(): { kid: string; privateKey: KeyObject; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID(), privateKey, publicKey };
}

/** Claims of a test token and when it was issued (unix seconds). */
export interface TokenClaims {
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  iss?: string;
  [claim: string]: unknown;
}

async function signed(key: ReturnType<typeof rsaKey>, claims: TokenClaims): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .sign(key.privateKey);
}

/**
 * Google's ID-token signing keys: serves them as PEM certificates by key id (the format of
 * oauth2/v1/certs) and signs ID tokens with them (or, `forge`, with a key it does not serve).
 */
export class FakeGoogle {
  private readonly key = rsaKey();
  private readonly stranger = rsaKey();
  private readonly server = new FakeServer(() => ({
    status: 200,
    body: { [this.key.kid]: this.key.publicKey.export({ type: 'spki', format: 'pem' }) },
  }));

  static async start(): Promise<FakeGoogle> {
    const fake = new FakeGoogle();
    await fake.server.listen();
    return fake;
  }

  get certsUrl(): string {
    return `${this.server.url}/oauth2/v1/certs`;
  }

  set down(down: boolean) {
    this.server.down = down;
  }

  /** An ID token; `forge` signs it with a key Google does not publish (under a served kid). */
  idToken(claims: TokenClaims, forge = false): Promise<string> {
    const key = forge ? { ...this.stranger, kid: this.key.kid } : this.key;
    return signed(key, { iss: 'https://accounts.google.com', ...claims });
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** Apple's Sign in with Apple JWKS, and identity tokens signed with its key. */
export class FakeApple {
  private readonly key = rsaKey();
  private readonly stranger = rsaKey();
  private jwks: unknown[] = [];
  private readonly server = new FakeServer(() => ({ status: 200, body: { keys: this.jwks } }));

  static async start(): Promise<FakeApple> {
    const fake = new FakeApple();
    fake.jwks = [
      { ...(await exportJWK(fake.key.publicKey)), kid: fake.key.kid, alg: 'RS256', use: 'sig' },
    ];
    await fake.server.listen();
    return fake;
  }

  get jwksUrl(): string {
    return `${this.server.url}/auth/keys`;
  }

  identityToken(claims: TokenClaims, forge = false): Promise<string> {
    const key = forge ? { ...this.stranger, kid: this.key.kid } : this.key;
    return signed(key, { iss: 'https://appleid.apple.com', ...claims });
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** Facebook app id and secret the fakes know, as tests configure apps with them. */
export const FB_APP = { id: '1001', secret: 'fb-app-secret' };
export const GOOGLE_CLIENT = 'tecnofut.apps.googleusercontent.com';
export const APPLE_CLIENT = 'com.example.tecnofut';

/** All three fake providers, and the platform options that reach them. */
export interface FakeProviders {
  facebook: FakeFacebook;
  google: FakeGoogle;
  apple: FakeApple;
  options(): { identityProviders: Record<string, string | number> };
  close(): Promise<void>;
}

export async function startFakeProviders(): Promise<FakeProviders> {
  const facebook = await FakeFacebook.start({ [FB_APP.id]: FB_APP.secret });
  const google = await FakeGoogle.start();
  const apple = await FakeApple.start();
  return {
    facebook,
    google,
    apple,
    options: () => ({
      identityProviders: {
        facebookGraphUrl: facebook.url,
        googleCertsUrl: google.certsUrl,
        appleJwksUrl: apple.jwksUrl,
        timeoutMs: 2_000,
      },
    }),
    close: async () => {
      await Promise.all([facebook.close(), google.close(), apple.close()]);
    },
  };
}

/** Google ID-token claims for the test client, valid for an hour from now (real time). */
export function googleClaims(sub: string, extra: Record<string, unknown> = {}): TokenClaims {
  const now = Math.floor(Date.now() / 1000);
  return { sub, aud: GOOGLE_CLIENT, iat: now - 10, exp: now + 3600, ...extra };
}

/** Apple identity-token claims for the test client, valid for 10 minutes from `nowMs`. */
export function appleClaims(sub: string, nowMs: number, extra: Record<string, unknown> = {}) {
  const now = Math.floor(nowMs / 1000);
  return { sub, aud: APPLE_CLIENT, iat: now - 10, exp: now + 600, ...extra };
}
