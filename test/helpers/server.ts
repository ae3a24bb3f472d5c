import { createHash } from 'node:crypto';
import { after, before, describe } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { App, AppSettings } from '../../src/core/apps/types.js';
import type { Clock } from '../../src/core/runtime.js';
import { tokenHash } from '../../src/core/runtime.js';
import type { Guildhall, GuildhallOptions } from '../../src/guildhall.js';
import { openGuildhall } from '../../src/guildhall.js';
import type { NotifySignType } from '../../src/protocols/momo/app-config.js';
import { momoCredentials } from '../../src/protocols/momo/app-config.js';
import type { MsdkCredentials } from '../../src/protocols/msdk/app-config.js';
import { msdkCredentials } from '../../src/protocols/msdk/app-config.js';
import { MSDK_TEA_KEY, teaDecrypt, teaEncrypt } from '../../src/protocols/msdk/tea.js';
import type { XcloudCredentials } from '../../src/protocols/xcloud/app-config.js';
import { xcloudCredentials } from '../../src/protocols/xcloud/app-config.js';
import { buildServer } from '../../src/server.js';
import type { XcloudCallOptions } from './xcloud.js';
import { xcloudRequest } from './xcloud.js';
import type { Backend } from './backends.js';
import { testBackends } from './backends.js';

export const ADMIN_TOKEN = 'test-admin-token';

/** A clock tests move by hand. */
export class TestClock implements Clock {
  constructor(public time = Date.UTC(2026, 10, 21, 4, 0, 0)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** An app with its Momo, MSDK and xcloud credentials at hand, as tests read them. */
export type TestApp = App & {
  momo: { appid: string; appSecret: string };
  msdk: MsdkCredentials;
  xcloud: XcloudCredentials;
};

export function testApp(app: App): TestApp {
  return {
    ...app,
    momo: momoCredentials(app),
    msdk: msdkCredentials(app),
    xcloud: xcloudCredentials(app),
  };
}

/** The settings a test app starts with: the core ones, and the dialects' by their old names. */
export type TestAppSettings = Partial<AppSettings> & {
  momoNotifyUrl?: string | null;
  momoNotifySignType?: NotifySignType;
  msdkTimestampWindowSec?: number | null;
  xcloud?: Record<string, unknown>;
};

export interface MomoCallOptions {
  /** How the parameters travel: query string (GET), urlencoded form or multipart form (POST). */
  via?: 'query' | 'form' | 'multipart';
}

export interface MsdkCallOptions {
  /** The appid the call names (default: the app's QQ appid). */
  appid?: string;
  encode?: '1' | '2';
  timestamp?: string;
  /** A sig to send instead of the right one. */
  sig?: string;
  /** More query parameters (openid, msdkExtInfo, version, ...). */
  query?: Record<string, string>;
  method?: 'GET' | 'POST';
  contentType?: string;
  /** Send the body as msdktea ciphertext (Content-Encrypt) and ask for one back (Accept-Encrypt). */
  encrypt?: boolean;
  /** The body as sent, instead of JSON of `body`. */
  rawBody?: string | Buffer;
  trailingSlash?: boolean;
}

export interface TencentLoginBlock {
  openid?: string;
  openkey?: string;
  pay_token?: string;
  pf?: string;
  pfkey?: string;
  access_token?: string;
  refresh_token?: string;
  guestid?: string;
  accessToken?: string;
}

/** A running platform on a real port, with helpers to call it the way clients do. */
export class TestServer {
  constructor(
    readonly guildhall: Guildhall,
    readonly http: FastifyInstance,
    readonly baseUrl: string,
    readonly clock: TestClock,
  ) {}

  async request(
    method: string,
    path: string,
    options: {
      json?: unknown;
      token?: string;
      headers?: Record<string, string>;
      body?: RequestInit['body'];
    } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, json: json as any, text, headers: response.headers };
  }

  /** Creates an app (as `guildhall.apps.create` does) with its credentials at hand. */
  async createApp(name: string, settings: TestAppSettings = {}): Promise<TestApp> {
    const { momoNotifyUrl, momoNotifySignType, msdkTimestampWindowSec, xcloud, ...core } = settings;
    const momo = {
      ...(momoNotifyUrl !== undefined && { momo_notify_url: momoNotifyUrl }),
      ...(momoNotifySignType !== undefined && { momo_notify_sign_type: momoNotifySignType }),
    };
    const msdk = {
      ...(msdkTimestampWindowSec !== undefined && {
        msdk_timestamp_window_sec: msdkTimestampWindowSec,
      }),
    };
    return testApp(
      await this.guildhall.apps.create(name, core, { momo, msdk, xcloud: xcloud ?? {} }),
    );
  }

  /** The app (as `guildhall.apps.get` has it) with its credentials at hand. */
  async getApp(id: string): Promise<TestApp> {
    return testApp(await this.guildhall.apps.get(id));
  }

  admin(method: string, path: string, json?: unknown) {
    return this.request(method, path, { json, token: ADMIN_TOKEN });
  }

  /** Calls a Momo server endpoint as `app` and returns the parsed envelope. */
  async momo(
    app: App,
    path: string,
    params: Record<string, string> = {},
    options: MomoCallOptions = {},
  ) {
    const momo = momoCredentials(app);
    const all = { appid: momo.appid, app_secret: momo.appSecret, ...params };
    return this.momoRaw(path, all, options);
  }

  async momoRaw(path: string, params: Record<string, string>, options: MomoCallOptions = {}) {
    const via = options.via ?? 'form';
    const url = `${this.baseUrl}/game/2/server/${path}`;
    let response: Response;
    if (via === 'query') {
      response = await fetch(`${url}?${new URLSearchParams(params).toString()}`);
    } else if (via === 'form') {
      response = await fetch(url, { method: 'POST', body: new URLSearchParams(params) });
    } else {
      const form = new FormData();
      for (const [key, value] of Object.entries(params)) form.append(key, value);
      response = await fetch(url, { method: 'POST', body: form });
    }
    return { status: response.status, body: (await response.json()) as any };
  }

  /**
   * Calls an xcloud endpoint (`/Pt/...`) signed with the app's key (or as `options` say); `time`
   * is added (the test clock's) unless given or told not to.
   */
  xcloud(
    app: TestApp,
    path: string,
    fields: Record<string, string>,
    options: XcloudCallOptions = {},
  ) {
    const time = String(Math.floor(this.clock.now() / 1000));
    return xcloudRequest(this.baseUrl + path, app.xcloud.key, { time, ...fields }, options);
  }

  /** An xcloud guest login (`/Pt/tourist`) on the device named `deviceId`. */
  xcloudTourist(app: TestApp, deviceId: string) {
    return this.xcloud(
      app,
      '/Pt/tourist',
      {
        device: JSON.stringify({ deviceuuid: deviceId }),
        source: 'googleplay',
        gameid: app.xcloud.gid,
      },
      { unsigned: ['device'] },
    );
  }

  /** Calls an MSDK endpoint as the app, with a right sig unless told otherwise. */
  async msdk(app: App, path: string, body?: unknown, options: MsdkCallOptions = {}) {
    const encode = options.encode ?? '2';
    const timestamp = options.timestamp ?? String(Math.floor(this.clock.now() / 1000));
    const msdk = msdkCredentials(app);
    const key = encode === '1' ? msdk.appkey : msdk.msdkkey;
    const query = new URLSearchParams({
      timestamp,
      appid: options.appid ?? msdk.qqAppid,
      sig: options.sig ?? createHash('md5').update(`${key}${timestamp}`).digest('hex'),
      encode,
      ...options.query,
    });
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    };
    let payload: string | Buffer | undefined =
      options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (options.encrypt) {
      headers['content-encrypt'] = 'msdktea';
      headers['accept-encrypt'] = 'msdktea';
      if (payload !== undefined) payload = teaEncrypt(Buffer.from(payload), MSDK_TEA_KEY);
    }
    const method = options.method ?? 'POST';
    const url = `${this.baseUrl}/${path}${options.trailingSlash ? '/' : ''}?${query.toString()}`;
    const response = await fetch(url, {
      method,
      headers,
      body: method === 'GET' ? undefined : payload,
    });
    const raw = Buffer.from(await response.arrayBuffer());
    const plain = options.encrypt ? teaDecrypt(raw, MSDK_TEA_KEY) : raw;
    return {
      status: response.status,
      body: JSON.parse(plain.toString('utf8')) as any,
      text: plain.toString('utf8'),
      headers: response.headers,
    };
  }

  /** Logs a guest device in to the app through a Tencent platform; returns the `msdk` block. */
  async tencentLogin(app: App, deviceId: string, platform: 'qq' | 'wx' | 'guest') {
    const response = await this.request('POST', '/v1/client/login', {
      json: { app_id: app.id, method: 'guest', device_id: deviceId, platform },
    });
    if (response.status !== 200) throw new Error(`login failed: ${response.text}`);
    return response.json as {
      player_id: string;
      session_token: string;
      msdk: TencentLoginBlock;
    };
  }

  /** Creates an app and logs in a guest player on a device. */
  async guest(app: App, deviceId: string) {
    const response = await this.request('POST', '/v1/client/login', {
      json: { app_id: app.id, method: 'guest', device_id: deviceId },
    });
    if (response.status !== 200) throw new Error(`login failed: ${response.text}`);
    return response.json as {
      player_id: string;
      session_token: string;
      momo: { userid: string; vtoken: string; token: string };
      xcloud: { uid: string; gidloginid: string };
    };
  }

  async registered(app: App, email: string, password = 'correct horse battery') {
    const response = await this.request('POST', '/v1/client/register', {
      json: { app_id: app.id, email, password },
    });
    if (response.status !== 201) throw new Error(`register failed: ${response.text}`);
    return response.json as {
      player_id: string;
      session_token: string;
      momo: { userid: string; vtoken: string; token: string };
    };
  }

  async profile(sessionToken: string, profile: Record<string, unknown>) {
    const response = await this.request('PUT', '/v1/client/profile', {
      json: profile,
      token: sessionToken,
    });
    if (response.status !== 200) throw new Error(`profile failed: ${response.text}`);
    return response.json;
  }

  /** Places an order as the player (a 6.00 RMB sandbox order unless `order` says otherwise). */
  async placeOrder(who: { session_token: string }, order: Record<string, unknown> = {}) {
    const response = await this.request('POST', '/v1/client/orders', {
      token: who.session_token,
      json: {
        product_id: 'com.example.gems.60',
        amount: '6.00',
        currency: 'RMB',
        channel: 'sandbox',
        app_order_no: 'game-order-1',
        ...order,
      },
    });
    if (response.status !== 201) throw new Error(`order failed: ${response.text}`);
    return response.json as { order_id: string; trade_no: string };
  }

  /** Pays a sandbox order as the player who placed it. */
  async payOrder(who: { session_token: string }, orderId: string) {
    const response = await this.request('POST', `/v1/client/orders/${orderId}/pay`, {
      token: who.session_token,
    });
    if (response.status !== 200) throw new Error(`pay failed: ${response.text}`);
  }

  async befriend(
    a: { session_token: string; player_id: string },
    b: { session_token: string; player_id: string },
  ) {
    await this.request('POST', `/v1/client/friends/${b.player_id}`, { token: a.session_token });
    await this.request('POST', `/v1/client/friends/${a.player_id}`, { token: b.session_token });
  }
}

export async function startTestServer(
  backend: Backend,
  clock = new TestClock(),
  extra: Partial<GuildhallOptions> = {},
): Promise<TestServer & { cleanup: () => Promise<void> }> {
  const { options, cleanup } = await backend.provision();
  const guildhall = await openGuildhall({ ...options, ...extra, clock });
  const http = await buildServer(guildhall, { adminTokenHash: tokenHash(ADMIN_TOKEN) });
  await http.listen({ port: 0, host: '127.0.0.1' });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const server = new TestServer(guildhall, http, `http://127.0.0.1:${port}`, clock);
  return Object.assign(server, {
    cleanup: async () => {
      await http.close();
      await guildhall.close();
      await cleanup();
    },
  });
}

/**
 * Runs the suite once per storage backend, each with its own fresh platform and server.
 * `get()` returns the running server inside tests.
 */
export function describeEachBackend(
  name: string,
  suite: (get: () => TestServer) => void,
  /** More platform options, read when the server starts (e.g. fakes started in a before hook). */
  options: () => Partial<GuildhallOptions> = () => ({}),
): void {
  for (const backend of testBackends()) {
    describe(`${name} [${backend.name}]`, () => {
      let server: (TestServer & { cleanup: () => Promise<void> }) | undefined;
      before(async () => {
        server = await startTestServer(backend, new TestClock(), options());
      });
      after(async () => {
        await server?.cleanup();
      });
      suite(() => {
        if (!server) throw new Error('server not started');
        return server;
      });
    });
  }
}
