import { once } from 'node:events';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { TLSSocket } from 'node:tls';

/** One request the fake received. */
export interface ApnsRequestRecord {
  method: string;
  path: string;
  /** The device token from `/3/device/<token>`. */
  token: string;
  headers: http2.IncomingHttpHeaders;
  body: unknown;
  clientCertificate: { presented: boolean; subjectCN?: string };
  /** The apns-id the fake answered with, if it answered. */
  apnsId?: string;
}

export interface FakeApns {
  /** `https://127.0.0.1:<port>`: pass as the client's `origin`. */
  origin: string;
  /** The fake's self-signed certificate: pass as the client's `ca`. */
  ca: string;
  requests: ApnsRequestRecord[];
  /** TLS connections accepted so far. */
  connections(): number;
  /** Tokens answered 410 Unregistered. */
  setUnregistered(...tokens: string[]): void;
  /** Tokens answered 400 BadDeviceToken. */
  setBad(...tokens: string[]): void;
  /** Tokens answered with this status and reason. */
  setResponse(token: string, status: number, reason: string): void;
  /** Tokens never answered. */
  setStalled(...tokens: string[]): void;
  /** The next request for this token gets a GOAWAY that refuses its stream (so it was not processed). */
  refuseOnce(token: string): void;
  /** Sends GOAWAY on every open session and waits until they are closed. */
  dropSessions(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeApns(tls: { cert: string; key: string }): Promise<FakeApns> {
  const unregistered = new Set<string>();
  const bad = new Set<string>();
  const stalled = new Set<string>();
  const refused = new Set<string>();
  const custom = new Map<string, { status: number; reason: string }>();
  const requests: ApnsRequestRecord[] = [];
  const sessions = new Set<http2.ServerHttp2Session>();
  let connections = 0;

  const server = http2.createSecureServer({
    cert: tls.cert,
    key: tls.key,
    requestCert: true,
    rejectUnauthorized: false,
  });
  server.on('secureConnection', () => connections++);
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const path = String(headers[':path']);
      const token = decodeURIComponent(path.replace(/^\/3\/device\//, ''));
      const text = Buffer.concat(chunks).toString('utf8');
      const peer = (stream.session?.socket as TLSSocket).getPeerCertificate();
      const presented = peer.subject !== undefined;
      const record: ApnsRequestRecord = {
        method: String(headers[':method']),
        path,
        token,
        headers,
        body: text ? JSON.parse(text) : undefined,
        clientCertificate: presented
          ? { presented, subjectCN: String(peer.subject.CN) }
          : { presented },
      };
      requests.push(record);

      if (stalled.has(token)) return;
      if (refused.delete(token)) {
        stream.on('error', () => undefined); // the refusal resets this stream
        stream.session?.goaway(http2.constants.NGHTTP2_NO_ERROR, Math.max(0, (stream.id ?? 0) - 2));
        return;
      }
      const answer = (status: number, reason?: string) => {
        record.apnsId = randomUUID();
        stream.respond({ ':status': status, 'apns-id': record.apnsId });
        stream.end(reason ? JSON.stringify({ reason }) : undefined);
      };
      const rule = custom.get(token);
      if (!presented) answer(403, 'MissingProviderToken');
      else if (rule) answer(rule.status, rule.reason);
      else if (unregistered.has(token)) answer(410, 'Unregistered');
      else if (bad.has(token)) answer(400, 'BadDeviceToken');
      else answer(200);
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const dropSessions = async () => {
    await Promise.all(
      [...sessions].map(async (session) => {
        const closed = once(session, 'close');
        session.close();
        await closed;
      }),
    );
  };

  return {
    origin: `https://127.0.0.1:${port}`,
    ca: tls.cert,
    requests,
    connections: () => connections,
    setUnregistered: (...tokens) => tokens.forEach((token) => unregistered.add(token)),
    setBad: (...tokens) => tokens.forEach((token) => bad.add(token)),
    setResponse: (token, status, reason) => custom.set(token, { status, reason }),
    setStalled: (...tokens) => tokens.forEach((token) => stalled.add(token)),
    refuseOnce: (token) => refused.add(token),
    dropSessions,
    close: async () => {
      for (const session of sessions) session.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
