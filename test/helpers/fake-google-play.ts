import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import type { Clock } from '../../src/core/runtime.js';
import { systemClock } from '../../src/core/runtime.js';
import { ANDROID_PUBLISHER_SCOPE } from '../../src/providers/stores/google-play.js';

export const PLAY_PROJECT_ID = 'guildhall-play-test';
export const PLAY_CLIENT_EMAIL = `purchases@${PLAY_PROJECT_ID}.iam.gserviceaccount.com`;
export const PLAY_PACKAGE = 'com.example.tecnofut';

/** A purchase as androidpublisher v3 `ProductPurchase` answers it, with where it belongs. */
export interface FakePurchase {
  packageName: string;
  productId: string;
  orderId: string;
  purchaseTimeMillis: string;
  /** 0 purchased, 1 canceled, 2 pending. */
  purchaseState: number;
  /** 0 yet to be consumed, 1 consumed. */
  consumptionState: number;
  acknowledgementState: number;
  /** 0 test purchase; absent for real ones. */
  purchaseType?: number;
  /** The productId the answer names when not the one asked for (a relay gone wrong). */
  answeredProductId?: string;
}

export interface FakeGooglePlay {
  /** `http://127.0.0.1:<port>`: the androidpublisher endpoint. */
  endpoint: string;
  tokenUri: string;
  /** A key file whose key the fake trusts and whose token_uri is the fake's. */
  serviceAccountJson(overrides?: Record<string, unknown>): string;
  /** A key file of the same account with a key the fake does not know. */
  foreignKeyJson(): string;
  /** Registers a purchase under `token` (purchased, unconsumed, unacknowledged unless given). */
  addPurchase(token: string, purchase?: Partial<FakePurchase>): FakePurchase;
  purchases: Map<string, FakePurchase>;
  /** Tokens acknowledged, in order. */
  acknowledged: string[];
  /** Assertions the token endpoint accepted (their claims). */
  tokenGrants: Record<string, unknown>[];
  /** While set, purchase calls answer this HTTP status. */
  failWith(status: number | undefined): void;
  revokeAccessTokens(): void;
  close(): Promise<void>;
}

let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
/** One RSA key per process: generating one costs a noticeable part of a test. */
function accountKeys() {
  keys ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return keys;
}

const PURCHASE_PATH =
  /^\/androidpublisher\/v3\/applications\/([^/]+)\/purchases\/products\/([^/]+)\/tokens\/([^/:]+)(:acknowledge)?$/;

/**
 * Plain-HTTP fake of Google's OAuth token endpoint and androidpublisher v3 purchases.products
 * get/acknowledge. Assertions are checked against `clock` (the one the client uses).
 */
export async function startFakeGooglePlay(clock: Clock = systemClock): Promise<FakeGooglePlay> {
  const { privateKey, publicKey } = accountKeys();
  const issued = new Set<string>();
  const purchases = new Map<string, FakePurchase>();
  const acknowledged: string[] = [];
  const tokenGrants: Record<string, unknown>[] = [];
  let failure: number | undefined;

  const grantToken = async (form: string): Promise<string> => {
    const params = new URLSearchParams(form);
    if (params.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      throw new Error('unsupported grant_type');
    }
    const { payload } = await jwtVerify(params.get('assertion') ?? '', publicKey, {
      algorithms: ['RS256'],
      issuer: PLAY_CLIENT_EMAIL,
      audience: tokenUri,
      requiredClaims: ['exp', 'iat'],
      currentDate: new Date(clock.now()),
    });
    if (payload.scope !== ANDROID_PUBLISHER_SCOPE) {
      throw new Error(`scope ${String(payload.scope)} not granted`);
    }
    tokenGrants.push(payload);
    const token = `ya29.play-${randomBytes(12).toString('hex')}`;
    issued.add(token);
    return token;
  };

  const answerPurchase = (
    method: string,
    match: RegExpExecArray,
    authorization: string | undefined,
  ): [number, unknown] => {
    if (!issued.has(authorization?.replace(/^Bearer /, '') ?? '')) {
      return googleError(401, 'Request had invalid authentication credentials.');
    }
    if (failure !== undefined) return googleError(failure, 'Backend Error');
    const [packageName, productId, token] = match.slice(1, 4).map((p) => decodeURIComponent(p!));
    const purchase = purchases.get(token!);
    if (!purchase || purchase.packageName !== packageName || purchase.productId !== productId) {
      return googleError(404, 'No application was found for the given package name.');
    }
    if (match[4]) {
      if (method !== 'POST') return googleError(405, 'Method not allowed');
      purchase.acknowledgementState = 1;
      acknowledged.push(token!);
      return [204, undefined];
    }
    if (method !== 'GET') return googleError(405, 'Method not allowed');
    return [
      200,
      {
        kind: 'androidpublisher#productPurchase',
        purchaseTimeMillis: purchase.purchaseTimeMillis,
        purchaseState: purchase.purchaseState,
        consumptionState: purchase.consumptionState,
        acknowledgementState: purchase.acknowledgementState,
        orderId: purchase.orderId,
        ...(purchase.purchaseType === undefined ? {} : { purchaseType: purchase.purchaseType }),
        productId: purchase.answeredProductId ?? purchase.productId,
        purchaseToken: token,
        quantity: 1,
        regionCode: 'BR',
      },
    ];
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, json: unknown) => {
        if (json === undefined) {
          response.writeHead(status).end();
          return;
        }
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      };
      const match = PURCHASE_PATH.exec(request.url ?? '');
      if (request.method === 'POST' && request.url === '/token') {
        grantToken(Buffer.concat(chunks).toString('utf8')).then(
          (token) => reply(200, { access_token: token, expires_in: 3600, token_type: 'Bearer' }),
          (error: Error) =>
            reply(400, { error: 'invalid_grant', error_description: error.message }),
        );
      } else if (match) {
        reply(...answerPurchase(request.method ?? '', match, request.headers.authorization));
      } else {
        reply(...googleError(404, 'no such route'));
      }
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokenUri = `${endpoint}/token`;

  const keyFile = (key: KeyObject, overrides: Record<string, unknown> = {}) =>
    JSON.stringify({
      type: 'service_account',
      project_id: PLAY_PROJECT_ID,
      private_key_id: 'play-key-1',
      private_key: key.export({ type: 'pkcs8', format: 'pem' }),
      client_email: PLAY_CLIENT_EMAIL,
      client_id: '100000000000000000002',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: tokenUri,
      ...overrides,
    });

  return {
    endpoint,
    tokenUri,
    serviceAccountJson: (overrides) => keyFile(privateKey, overrides),
    foreignKeyJson: () => keyFile(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    addPurchase(token, purchase = {}) {
      const stored: FakePurchase = {
        packageName: PLAY_PACKAGE,
        productId: 'coins_100',
        orderId: `GPA.${randomBytes(2).readUInt16BE()}-${randomBytes(4).toString('hex')}`,
        purchaseTimeMillis: String(clock.now() - 60_000),
        purchaseState: 0,
        consumptionState: 0,
        acknowledgementState: 0,
        ...purchase,
      };
      purchases.set(token, stored);
      return stored;
    },
    purchases,
    acknowledged,
    tokenGrants,
    failWith: (status) => {
      failure = status;
    },
    revokeAccessTokens: () => issued.clear(),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function googleError(code: number, message: string): [number, unknown] {
  return [code, { error: { code, message, errors: [{ message, domain: 'global' }] } }];
}
