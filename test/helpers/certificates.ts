import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';

export const PUSH_CERTIFICATE_TOPIC = 'com.example.game';
export const PUSH_CERTIFICATE_CN = `Apple Push Services: ${PUSH_CERTIFICATE_TOPIC}`;

/** Throwaway TLS material for a fake APNs and a client holding an Apple-like push certificate. */
export interface TestCertificates {
  /** Self-signed server certificate (CN=localhost, SAN localhost and 127.0.0.1), PEM. */
  serverCert: string;
  serverKey: string;
  /** The client's push certificate and key as PKCS#12, encrypted with `clientPassphrase`. */
  clientP12: Buffer;
  clientPassphrase: string;
  /** Deletes the temporary directory. */
  remove(): Promise<void>;
}

export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'guildhall-certs-'));
  const file = (name: string) => join(dir, name);
  const clientPassphrase = 'correct horse battery staple';

  await Promise.all([
    selfSigned(file('server.key'), file('server.crt'), '/CN=localhost', [
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]),
    selfSigned(
      file('client.key'),
      file('client.crt'),
      `/UID=${PUSH_CERTIFICATE_TOPIC}/CN=${PUSH_CERTIFICATE_CN}`,
    ),
  ]);
  await run(OPENSSL, [
    'pkcs12',
    '-export',
    '-inkey',
    file('client.key'),
    '-in',
    file('client.crt'),
    '-name',
    PUSH_CERTIFICATE_CN,
    '-out',
    file('client.p12'),
    '-passout',
    `pass:${clientPassphrase}`,
  ]);

  return {
    serverCert: await readFile(file('server.crt'), 'utf8'),
    serverKey: await readFile(file('server.key'), 'utf8'),
    clientP12: await readFile(file('client.p12')),
    clientPassphrase,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

async function selfSigned(
  keyPath: string,
  certPath: string,
  subject: string,
  extra: string[] = [],
): Promise<void> {
  await run(OPENSSL, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    subject,
    '-keyout',
    keyPath,
    '-out',
    certPath,
    ...extra,
  ]);
}
