import { execFileSync } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  X509Certificate,
} from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, jwtVerify } from 'jose';

/** A test stand-in for Apple's PKI: root CA → intermediate (WWDR) → leaf (App Store signing). */
export interface TestAppleChain {
  /** DER root certificate: hand it to the verifier as the trusted root. */
  root: Buffer;
  intermediate: Buffer;
  leaf: Buffer;
  leafKey: KeyObject;
}

/**
 * Builds the chain with openssl, with the extensions Apple's verifier looks for: the intermediate
 * marked 1.2.840.113635.100.6.2.1 and a CA, the leaf marked 1.2.840.113635.100.6.11.1.
 */
export function makeAppleChain(): TestAppleChain {
  const dir = mkdtempSync(join(tmpdir(), 'guildhall-apple-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  for (const name of ['root', 'intermediate', 'leaf']) {
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file(`${name}.key`));
  }
  writeFileSync(
    file('root.ext'),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n',
  );
  writeFileSync(
    file('intermediate.ext'),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' +
      '1.2.840.113635.100.6.2.1=ASN1:NULL\n',
  );
  writeFileSync(
    file('leaf.ext'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n' +
      '1.2.840.113635.100.6.11.1=ASN1:NULL\n',
  );
  const subject = (name: string) => `/O=Guildhall Test/CN=Test Apple ${name}`;
  openssl(
    'req',
    '-new',
    '-key',
    file('root.key'),
    '-subj',
    subject('root'),
    '-out',
    file('root.csr'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('root.csr'),
    '-signkey',
    file('root.key'),
    '-days',
    '3650',
    '-extfile',
    file('root.ext'),
    '-set_serial',
    '1',
    '-out',
    file('root.pem'),
  );
  const issue = (name: string, issuer: string, serial: string) => {
    openssl(
      'req',
      '-new',
      '-key',
      file(`${name}.key`),
      '-subj',
      subject(name),
      '-out',
      file(`${name}.csr`),
    );
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file(`${issuer}.pem`),
      '-CAkey',
      file(`${issuer}.key`),
      '-days',
      '3650',
      '-extfile',
      file(`${name}.ext`),
      '-set_serial',
      serial,
      '-out',
      file(`${name}.pem`),
    );
  };
  issue('intermediate', 'root', '2');
  issue('leaf', 'intermediate', '3');
  const der = (name: string) =>
    Buffer.from(new X509Certificate(readFileSync(file(`${name}.pem`))).raw);
  return {
    root: der('root'),
    intermediate: der('intermediate'),
    leaf: der('leaf'),
    leafKey: createPrivateKey(readFileSync(file('leaf.key'))),
  };
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A JWS as Apple signs it: ES256 over the payload, the chain in the x5c header. */
export function signWithChain(chain: TestAppleChain, payload: object): string {
  const header = {
    alg: 'ES256',
    x5c: [chain.leaf, chain.intermediate, chain.root].map((cert) => cert.toString('base64')),
  };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: chain.leafKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${base64url(signature)}`;
}

export interface TransactionFields {
  transactionId: string;
  originalTransactionId?: string;
  bundleId: string;
  productId: string;
  environment: 'Production' | 'Sandbox';
  purchaseDate?: number;
  signedDate?: number;
  revocationDate?: number;
}

/** A StoreKit 2 signed transaction (JWSTransaction) of a consumable. */
export function signedTransaction(chain: TestAppleChain, fields: TransactionFields): string {
  const now = Date.now();
  return signWithChain(chain, {
    originalTransactionId: fields.transactionId,
    purchaseDate: now - 1_000,
    signedDate: now,
    type: 'Consumable',
    inAppOwnershipType: 'PURCHASED',
    quantity: 1,
    storefront: 'USA',
    ...fields,
  });
}

/** An In-App Purchase key as App Store Connect hands it out (.p8) and its public half. */
export function inAppPurchaseKey(): { p8: string; publicKey: KeyObject } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    p8: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKey: createPublicKey(privateKey),
  };
}

export interface FakeAppStore {
  /** `http://127.0.0.1:<port>`: the App Store Server API. */
  apiEndpoint: string;
  receiptEndpoint: string;
  receiptSandboxEndpoint: string;
  /** Signed transactions the Server API answers, by transaction id. */
  transactions: Map<string, string>;
  /** verifyReceipt answers, by receipt-data, per environment. */
  receipts: { production: Map<string, object>; sandbox: Map<string, object> };
  /** Bodies verifyReceipt received. */
  receiptRequests: { environment: string; body: any }[];
  /** Answer everything with this HTTP status (e.g. 503); null: answer normally. */
  failWith: number | null;
  close(): Promise<void>;
}

/**
 * Plain-HTTP fake of the App Store Server API (Get Transaction Info, checking the request's JWT
 * against the app's In-App Purchase key) and of verifyReceipt in both environments.
 */
export async function startFakeAppStore(key: {
  publicKey: KeyObject;
  issuerId: string;
  keyId: string;
  bundleId: string;
}): Promise<FakeAppStore> {
  const fake: Omit<
    FakeAppStore,
    'apiEndpoint' | 'receiptEndpoint' | 'receiptSandboxEndpoint' | 'close'
  > = {
    transactions: new Map(),
    receipts: { production: new Map(), sandbox: new Map() },
    receiptRequests: [],
    failWith: null,
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, json: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      };
      void (async () => {
        if (fake.failWith !== null) return reply(fake.failWith, {});
        const url = new URL(request.url ?? '/', 'http://fake');
        const receipt = /^\/(production|sandbox)\/verifyReceipt$/.exec(url.pathname);
        if (receipt && request.method === 'POST') {
          const environment = receipt[1] as 'production' | 'sandbox';
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          fake.receiptRequests.push({ environment, body });
          const answer = fake.receipts[environment].get(body['receipt-data']);
          if (answer) return reply(200, answer);
          return reply(200, { status: environment === 'production' ? 21007 : 21002 });
        }
        const lookup = /^\/inApps\/v1\/transactions\/(\d+)$/.exec(url.pathname);
        if (lookup && request.method === 'GET') {
          const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
          try {
            const { payload } = await jwtVerify(token, key.publicKey, {
              algorithms: ['ES256'],
              issuer: key.issuerId,
              audience: 'appstoreconnect-v1',
            });
            if (decodeProtectedHeader(token).kid !== key.keyId || payload.bid !== key.bundleId) {
              throw new Error('wrong key id or bundle id');
            }
          } catch {
            return reply(401, {});
          }
          const signed = fake.transactions.get(lookup[1] ?? '');
          if (!signed)
            return reply(404, { errorCode: 4040010, errorMessage: 'Transaction id not found.' });
          return reply(200, { signedTransactionInfo: signed });
        }
        return reply(404, {});
      })();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    apiEndpoint: origin,
    receiptEndpoint: `${origin}/production/verifyReceipt`,
    receiptSandboxEndpoint: `${origin}/sandbox/verifyReceipt`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
