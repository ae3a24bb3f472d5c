import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyPairKeyObjectResult } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import type { Clock } from '../../src/core/runtime.js';
import { systemClock } from '../../src/core/runtime.js';
import { FCM_SCOPE } from '../../src/providers/fcm/client.js';

export const FAKE_PROJECT_ID = 'guildhall-test';
export const FAKE_CLIENT_EMAIL = `push@${FAKE_PROJECT_ID}.iam.gserviceaccount.com`;

/** One message the fake accepted or refused. */
export interface FcmMessageRecord {
  projectId: string;
  /** The bearer token the request carried. */
  accessToken: string;
  /** The `message` object of the request body. */
  message: any;
}

export interface FakeFcm {
  /** `http://127.0.0.1:<port>`: pass as the client's `endpoint`. */
  endpoint: string;
  tokenUri: string;
  /** A service-account key file whose key the fake trusts and whose token_uri is the fake. */
  serviceAccountJson(overrides?: Record<string, unknown>): string;
  messages: FcmMessageRecord[];
  /** Assertions the token endpoint accepted (their decoded claims). */
  tokenGrants: Record<string, unknown>[];
  /** Tokens answered 404 UNREGISTERED. */
  setUnregistered(...tokens: string[]): void;
  /** Tokens answered 400 INVALID_ARGUMENT about the registration token. */
  setBad(...tokens: string[]): void;
  /** Forgets every access token issued so far, as if they had been revoked. */
  revokeAccessTokens(): void;
  close(): Promise<void>;
}

/**
 * Plain-HTTP fake of Google's token endpoint and FCM v1 send. Assertions are checked against
 * `clock` (the one the client uses), so tests can move time.
 */
export async function startFakeFcm(clock: Clock = systemClock): Promise<FakeFcm> {
  const { privateKey, publicKey } = serviceAccountKeys();
  const issued = new Set<string>();
  const unregistered = new Set<string>();
  const bad = new Set<string>();
  const messages: FcmMessageRecord[] = [];
  const tokenGrants: Record<string, unknown>[] = [];
  let sent = 0;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const reply = (status: number, json: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      };
      const sendPath = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(request.url ?? '');
      if (request.method === 'POST' && request.url === '/token') {
        grantToken(body).then(
          (token) => reply(200, { access_token: token, expires_in: 3600, token_type: 'Bearer' }),
          (error: Error) =>
            reply(400, { error: 'invalid_grant', error_description: error.message }),
        );
      } else if (request.method === 'POST' && sendPath?.[1]) {
        const [status, json] = acceptMessage(
          decodeURIComponent(sendPath[1]),
          request.headers.authorization,
          body,
        );
        reply(status, json);
      } else {
        reply(404, { error: { code: 404, status: 'NOT_FOUND', message: 'no such route' } });
      }
    });
  });

  const grantToken = async (form: string): Promise<string> => {
    const params = new URLSearchParams(form);
    if (params.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      throw new Error('unsupported grant_type');
    }
    const { payload } = await jwtVerify(params.get('assertion') ?? '', publicKey, {
      algorithms: ['RS256'],
      issuer: FAKE_CLIENT_EMAIL,
      audience: tokenUri,
      currentDate: new Date(clock.now()),
    });
    if (payload.scope !== FCM_SCOPE) throw new Error(`scope ${String(payload.scope)} not granted`);
    tokenGrants.push(payload);
    const token = `ya29.fake-${randomBytes(12).toString('hex')}`;
    issued.add(token);
    return token;
  };

  const acceptMessage = (
    projectId: string,
    authorization: string | undefined,
    body: string,
  ): [number, unknown] => {
    const accessToken = authorization?.replace(/^Bearer /, '') ?? '';
    if (!issued.has(accessToken)) {
      return [401, googleError(401, 'UNAUTHENTICATED', 'Request had invalid credentials.')];
    }
    if (projectId !== FAKE_PROJECT_ID) {
      return [
        403,
        googleError(403, 'PERMISSION_DENIED', 'SenderId mismatch', 'SENDER_ID_MISMATCH'),
      ];
    }
    const { message } = JSON.parse(body);
    messages.push({ projectId, accessToken, message });
    if (unregistered.has(message.token)) {
      return [
        404,
        googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'UNREGISTERED'),
      ];
    }
    if (bad.has(message.token)) {
      const error = googleError(
        400,
        'INVALID_ARGUMENT',
        'The registration token is not a valid FCM registration token',
        'INVALID_ARGUMENT',
      );
      error.error.details.push({
        '@type': 'type.googleapis.com/google.rpc.BadRequest',
        fieldViolations: [{ field: 'message.token', description: 'Invalid registration token' }],
      });
      return [400, error];
    }
    return [200, { name: `projects/${projectId}/messages/${++sent}` }];
  };

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokenUri = `${endpoint}/token`;

  return {
    endpoint,
    tokenUri,
    serviceAccountJson: (overrides = {}) =>
      JSON.stringify({
        type: 'service_account',
        project_id: FAKE_PROJECT_ID,
        private_key_id: 'fake-key-1',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
        client_email: FAKE_CLIENT_EMAIL,
        client_id: '100000000000000000001',
        auth_uri: 'https://accounts.google.com/o/oauth2/auth',
        token_uri: tokenUri,
        ...overrides,
      }),
    messages,
    tokenGrants,
    setUnregistered: (...tokens) => tokens.forEach((token) => unregistered.add(token)),
    setBad: (...tokens) => tokens.forEach((token) => bad.add(token)),
    revokeAccessTokens: () => issued.clear(),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

let keys: KeyPairKeyObjectResult | undefined;
/** One RSA key per process: generating a 2048-bit key costs a noticeable part of a test. */
function serviceAccountKeys(): KeyPairKeyObjectResult {
  keys ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return keys;
}

function googleError(code: number, status: string, message: string, fcmErrorCode?: string) {
  const details: Record<string, unknown>[] = fcmErrorCode
    ? [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: fcmErrorCode }]
    : [];
  return { error: { code, message, status, details } };
}
