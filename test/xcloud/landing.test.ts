import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { tokenHash } from '../../src/core/runtime.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { LANDING_CALLS_PER_MINUTE } from '../../src/protocols/xcloud/landing/routes.js';

const sink = new SmtpSink();
before(() => sink.start());
after(() => sink.stop());

const UID = /^[1-9]\d{9}$/;
const GIDLOGINID = /^[1-9]\d{11}$/;

/** A landing call as the page makes it (JSON), or as a plain form post. */
async function call(
  server: TestServer,
  path: string,
  fields: Record<string, string>,
  via: 'json' | 'form' = 'json',
) {
  const response =
    via === 'json'
      ? await server.request('POST', path, { json: fields })
      : await server.request('POST', path, {
          body: new URLSearchParams(fields).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return response.json as { status: number; msg: string; data: Record<string, string> };
}

/** The reset token of the link in a mail. */
function tokenOf(text: string): string {
  const link = /https:\/\/tecnofut\.test\/Pt\/landing\/reset\?\S+/.exec(text)?.[0];
  assert.ok(link, text);
  return new URL(link).searchParams.get('token') ?? '';
}

describeEachBackend(
  'xcloud H5 landing',
  (server) => {
    let app: TestApp;
    let other: TestApp;
    before(async () => {
      app = await server().createApp('Tecnofut', {
        xcloud: { xcloud_landing_callback_url: 'https://game.test/landed?from=h5' },
      });
      other = await server().createApp('Other Game');
    });
    const game = () => ({ gameid: app.xcloud.gid });

    it('serves the page for the game named by gameid, gid or app_id, in Portuguese by default', async () => {
      for (const query of [
        `gameid=${app.xcloud.gid}`,
        `gid=${app.xcloud.gid}`,
        `app_id=${app.xcloud.appId}`,
      ]) {
        const page = await server().request('GET', `/Pt/landing?${query}`);
        assert.equal(page.status, 200, query);
        assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
        assert.match(page.text, /<html lang="pt-BR">/);
        assert.match(page.text, /<h1>Tecnofut<\/h1>/);
        assert.match(page.text, /<label for="login-email">E-mail<\/label>/);
        assert.match(page.text, /<label for="login-password">Senha<\/label>/);
        assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
        assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
        assert.doesNotMatch(page.text, /https?:\/\/(?!game\.test)/, 'no external resource');
      }
    });

    it('speaks entry_lang, else the browser language, else Portuguese', async () => {
      const id = app.xcloud.gid;
      const cases: [string, Record<string, string>, RegExp, RegExp][] = [
        [`entry_lang=en`, {}, /lang="en"/, /Log in/],
        [`entry_lang=zh`, { 'accept-language': 'en' }, /lang="zh-CN"/, /登录/],
        [``, { 'accept-language': 'fr-FR, zh-CN;q=0.8, en;q=0.9' }, /lang="en"/, /Sign up/],
        [``, { 'accept-language': 'zh-TW,zh;q=0.9' }, /lang="zh-CN"/, /注册/],
        [`entry_lang=de`, { 'accept-language': 'de' }, /lang="pt-BR"/, /Criar conta/],
      ];
      for (const [query, headers, lang, words] of cases) {
        const page = await server().request('GET', `/Pt/landing?gameid=${id}&${query}`, {
          headers,
        });
        assert.match(page.text, lang, query + JSON.stringify(headers));
        assert.match(page.text, words, query + JSON.stringify(headers));
      }
    });

    it('serves its own CSS and script, and names the bridge and callback to its script', async () => {
      const page = await server().request(
        'GET',
        `/Pt/landing?gameid=${app.xcloud.gid}&bridge=TecnofutSDK&bridge_method=onLogin`,
      );
      const css = /href="(\/Pt\/landing\/assets\/landing\.css\?v=\w+)"/.exec(page.text)?.[1];
      const js = /src="(\/Pt\/landing\/assets\/landing\.js\?v=\w+)"/.exec(page.text)?.[1];
      assert.ok(css && js);
      const style = await server().request('GET', css);
      assert.equal(style.status, 200);
      assert.match(style.headers.get('content-type') ?? '', /^text\/css/);
      const script = await server().request('GET', js);
      assert.equal(script.status, 200);
      assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
      const config = JSON.parse(
        /<script type="application\/json" id="landing-config">(.*?)<\/script>/s.exec(
          page.text,
        )?.[1] ?? '{}',
      );
      assert.equal(config.bridge, 'TecnofutSDK');
      assert.equal(config.bridgeMethod, 'onLogin');
      assert.equal(config.callback, 'https://game.test/landed?from=h5');
      assert.equal(config.text.status[103], 'E-mail ou senha incorretos.');

      const unsafe = await server().request(
        'GET',
        `/Pt/landing?gameid=${other.xcloud.gid}&bridge=${encodeURIComponent('x</script><script>alert(1)')}`,
      );
      assert.doesNotMatch(unsafe.text, /alert\(1\)/);
      assert.match(unsafe.text, /"callback":null/);
    });

    it('answers a page without a known game with a page that says so', async () => {
      for (const query of ['', 'gameid=1', 'app_id=nope', 'entry_lang=en']) {
        const page = await server().request('GET', `/Pt/landing?${query}`);
        assert.equal(page.status, 404, query);
        assert.match(page.text, /role="alert"/);
      }
    });

    it('registers an email account: uid and gidloginid; the same email again answers 125', async () => {
      const first = await call(server(), '/Pt/landing/register', {
        ...game(),
        email: 'Ana@Example.com',
        password: 'golaço-2026',
        entry_lang: 'pt',
      });
      assert.equal(first.status, 200);
      assert.equal(first.msg, 'success');
      assert.match(first.data.uid ?? '', UID);
      assert.match(first.data.gidloginid ?? '', GIDLOGINID);
      const again = await call(
        server(),
        '/Pt/landing/register',
        { ...game(), email: 'ana@example.com', password: 'another-pass' },
        'form',
      );
      assert.equal(again.status, 125);
      assert.equal(again.msg.split(':')[0], '账号已被绑定或注册');
      assert.deepEqual(again.data, {});
    });

    it('logs in (JSON or form) with the uid registration gave; wrong password or unknown email 103', async () => {
      const registered = await call(server(), '/Pt/landing/register', {
        app_id: app.xcloud.appId,
        email: 'bia@example.com',
        password: 'penalty-kick',
      });
      for (const via of ['json', 'form'] as const) {
        const login = await call(
          server(),
          '/Pt/landing/login',
          { ...game(), email: ' BIA@example.com ', password: 'penalty-kick' },
          via,
        );
        assert.deepEqual(login, registered, via);
      }
      for (const fields of [
        { email: 'bia@example.com', password: 'penalty-kicK' },
        { email: 'nobody@example.com', password: 'penalty-kick' },
      ]) {
        const wrong = await call(server(), '/Pt/landing/login', { ...game(), ...fields });
        assert.equal(wrong.status, 103);
        assert.match(wrong.msg, /^password 错误/);
        assert.deepEqual(wrong.data, {});
      }
    });

    it('gives the landing account the same uid through the native login, and its own uid in another app', async () => {
      const landed = await call(server(), '/Pt/landing/register', {
        ...game(),
        email: 'caio@example.com',
        password: 'midfield-maestro',
      });
      const native = await server().request('POST', '/v1/client/login', {
        json: {
          app_id: app.id,
          method: 'password',
          email: 'caio@example.com',
          password: 'midfield-maestro',
        },
      });
      assert.equal(native.status, 200);
      assert.deepEqual(native.json.xcloud, landed.data);
      const elsewhere = await call(server(), '/Pt/landing/login', {
        gameid: other.xcloud.gid,
        email: 'caio@example.com',
        password: 'midfield-maestro',
      });
      assert.equal(elsewhere.status, 200);
      assert.notEqual(elsewhere.data.uid, landed.data.uid);
    });

    it('answers 100 for a missing or malformed email and 101 for a missing or short password, creating nothing', async () => {
      const cases: [string, Record<string, string>, number][] = [
        ['/Pt/landing/register', { password: 'long-enough' }, 100],
        ['/Pt/landing/register', { email: '', password: 'long-enough' }, 100],
        ['/Pt/landing/register', { email: 'not-an-email', password: 'long-enough' }, 100],
        ['/Pt/landing/register', { email: 'dani@example.com' }, 101],
        ['/Pt/landing/register', { email: 'dani@example.com', password: 'short' }, 101],
        ['/Pt/landing/register', { email: 'dani@example.com', password: 'x'.repeat(257) }, 101],
        ['/Pt/landing/login', { password: 'long-enough' }, 100],
        ['/Pt/landing/login', { email: 'dani@', password: 'long-enough' }, 100],
        ['/Pt/landing/login', { email: 'dani@example.com', password: '' }, 101],
        ['/Pt/landing/forgot', { email: 'dani' }, 100],
        ['/Pt/landing/forgot', {}, 100],
      ];
      for (const [path, fields, status] of cases) {
        const answer = await call(server(), path, { ...game(), ...fields });
        assert.equal(answer.status, status, `${path} ${JSON.stringify(fields)}`);
        assert.deepEqual(answer.data, {});
      }
      const still = await call(server(), '/Pt/landing/register', {
        ...game(),
        email: 'dani@example.com',
        password: 'long-enough',
      });
      assert.equal(still.status, 200, 'no failed call registered dani');
    });

    it('answers 114 without a game id, 108 for an unknown gameid/gid, 110 for an unknown app_id', async () => {
      const account = { email: 'edu@example.com', password: 'long-enough' };
      for (const path of ['/Pt/landing/register', '/Pt/landing/login', '/Pt/landing/forgot']) {
        const cases: [Record<string, string>, number][] = [
          [{}, 114],
          [{ gameid: '1' }, 108],
          [{ gid: '1' }, 108],
          [{ app_id: 'xcnope' }, 110],
        ];
        for (const [ids, status] of cases) {
          const answer = await call(server(), path, { ...ids, ...account });
          assert.equal(answer.status, status, `${path} ${JSON.stringify(ids)}`);
        }
      }
      const free = await call(server(), '/Pt/landing/register', { ...game(), ...account });
      assert.equal(free.status, 200);
    });

    it('mails a one-time reset link; the new password logs in to the same uid, the old one no longer', async () => {
      const registered = await call(server(), '/Pt/landing/register', {
        ...game(),
        email: 'fabi@example.com',
        password: 'old-password',
      });
      const session = await server().request('POST', '/v1/client/login', {
        json: {
          app_id: app.id,
          method: 'password',
          email: 'fabi@example.com',
          password: 'old-password',
        },
      });
      const sessionToken: string = session.json.session_token;
      const profile = () => server().request('GET', '/v1/client/profile', { token: sessionToken });
      assert.equal((await profile()).status, 200);
      const before = sink.mails.length;
      const forgot = await call(server(), '/Pt/landing/forgot', {
        ...game(),
        email: 'FABI@example.com',
        entry_lang: 'en',
      });
      assert.deepEqual(forgot, { status: 200, msg: 'success', data: {} });
      const mail = await sink.next(before);
      assert.deepEqual(mail.to, ['fabi@example.com']);
      assert.equal(mail.from, 'no-reply@tecnofut.test');
      assert.equal(mail.subject, 'Reset your Tecnofut password');
      assert.match(mail.text, /within 30 minutes/);
      const token = tokenOf(mail.text);
      assert.match(token, /^[0-9a-f]{64}$/);

      const stored = await server().guildhall.store.tokens.byHash(tokenHash(token));
      assert.equal(stored?.kind, 'password_reset');
      assert.equal(await server().guildhall.store.tokens.byHash(token), undefined, 'kept hashed');

      const page = await server().request('GET', `/Pt/landing/reset?token=${token}&entry_lang=en`);
      assert.equal(page.status, 200);
      assert.match(page.text, /<label for="reset-password">New password<\/label>/);
      assert.match(page.text, new RegExp(`name="token" value="${token}"`));

      const short = await call(server(), '/Pt/landing/reset', { token, password: 'short' });
      assert.equal(short.status, 101);
      const reset = await call(server(), '/Pt/landing/reset', { token, password: 'new-password' });
      assert.deepEqual(reset, { status: 200, msg: 'success', data: {} });
      assert.equal((await profile()).status, 401, 'a reset ends the sessions');
      const reused = await call(server(), '/Pt/landing/reset', { token, password: 'other-pass' });
      assert.equal(reused.status, 119);
      assert.match(reused.msg, /^验证异常/);

      const old = await call(server(), '/Pt/landing/login', {
        ...game(),
        email: 'fabi@example.com',
        password: 'old-password',
      });
      assert.equal(old.status, 103);
      const fresh = await call(server(), '/Pt/landing/login', {
        ...game(),
        email: 'fabi@example.com',
        password: 'new-password',
      });
      assert.deepEqual(fresh, registered);
    });

    it('ends older reset links when a new one is sent, and links after 30 minutes', async () => {
      await call(server(), '/Pt/landing/register', {
        ...game(),
        email: 'gabi@example.com',
        password: 'old-password',
      });
      const tokens: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        const before = sink.mails.length;
        await call(server(), '/Pt/landing/forgot', { ...game(), email: 'gabi@example.com' });
        const mail = await sink.next(before);
        assert.equal(mail.subject, 'Redefinir sua senha de Tecnofut');
        tokens.push(tokenOf(mail.text));
      }
      const [older, newer] = tokens as [string, string];
      const stale = await call(server(), '/Pt/landing/reset', {
        token: older,
        password: 'newer-password',
      });
      assert.equal(stale.status, 119);

      server().clock.advance(30 * 60_000 + 1);
      const late = await call(server(), '/Pt/landing/reset', {
        token: newer,
        password: 'newer-password',
      });
      assert.equal(late.status, 119);
      const unchanged = await call(server(), '/Pt/landing/login', {
        ...game(),
        email: 'gabi@example.com',
        password: 'old-password',
      });
      assert.equal(unchanged.status, 200);
    });

    it('lets only one of two concurrent resets with the same link through', async () => {
      await call(server(), '/Pt/landing/register', {
        ...game(),
        email: 'kaka@example.com',
        password: 'old-password',
      });
      const before = sink.mails.length;
      await call(server(), '/Pt/landing/forgot', { ...game(), email: 'kaka@example.com' });
      const token = tokenOf((await sink.next(before)).text);
      const answers = await Promise.all(
        ['first-password', 'second-password'].map((password) =>
          call(server(), '/Pt/landing/reset', { token, password }),
        ),
      );
      assert.deepEqual(answers.map((a) => a.status).sort(), [119, 200]);
    });

    it('answers a reset without a token 114 and with an unknown one 119', async () => {
      assert.equal(
        (await call(server(), '/Pt/landing/reset', { password: 'long-enough' })).status,
        114,
      );
      const unknown = await call(server(), '/Pt/landing/reset', {
        token: 'f'.repeat(64),
        password: 'long-enough',
      });
      assert.equal(unknown.status, 119);
    });

    it('answers 200 and sends nothing for an email without an account', async () => {
      const before = sink.mails.length;
      const answer = await call(server(), '/Pt/landing/forgot', {
        ...game(),
        email: 'ghost@example.com',
      });
      assert.equal(answer.status, 200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(sink.mails.length, before);
    });

    it('answers 114 to a body that does not parse', async () => {
      const response = await server().request('POST', '/Pt/landing/login', {
        body: '{"email": ',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.json.status, 114);
      assert.deepEqual(response.json.data, {});
    });

    it('answers 106 when storage fails', async () => {
      const { players, passwordResets } = server().guildhall;
      const down = () => Promise.reject(new Error('storage down'));
      const saved = {
        loginPassword: players.loginPassword,
        register: players.register,
        request: passwordResets.request,
        reset: passwordResets.reset,
      };
      Object.assign(players, { loginPassword: down, register: down });
      Object.assign(passwordResets, { request: down, reset: down });
      try {
        const account = { ...game(), email: 'joao@example.com', password: 'long-enough' };
        for (const [path, fields] of [
          ['/Pt/landing/login', account],
          ['/Pt/landing/register', account],
          ['/Pt/landing/forgot', account],
          ['/Pt/landing/reset', { token: 'a'.repeat(64), password: 'long-enough' }],
        ] as const) {
          const answer = await call(server(), path, fields);
          assert.deepEqual(answer, { status: 106, msg: '数据库操作失败', data: {} }, path);
        }
      } finally {
        Object.assign(players, { loginPassword: saved.loginPassword, register: saved.register });
        Object.assign(passwordResets, { request: saved.request, reset: saved.reset });
      }
    });

    it('answers 117 when the mail server refuses the mail', async () => {
      await call(server(), '/Pt/landing/register', {
        ...game(),
        email: 'hugo@example.com',
        password: 'long-enough',
      });
      sink.fail = true;
      try {
        const answer = await call(server(), '/Pt/landing/forgot', {
          ...game(),
          email: 'hugo@example.com',
        });
        assert.equal(answer.status, 117);
        assert.equal(answer.msg, '系统错误');
      } finally {
        sink.fail = false;
      }
    });
  },
  () => ({
    mail: { smtpUrl: sink.url, from: 'Tecnofut <no-reply@tecnofut.test>' },
    publicUrl: 'https://tecnofut.test',
  }),
);

describeEachBackend('xcloud H5 landing without a mail server', (server) => {
  it('answers forgot-password 117 (mail not configured)', async () => {
    const app = await server().createApp('Tecnofut');
    const answer = await call(server(), '/Pt/landing/forgot', {
      gameid: app.xcloud.gid,
      email: 'ivo@example.com',
    });
    assert.equal(answer.status, 117);
  });
});

describeEachBackend('xcloud H5 landing call limits', (server) => {
  it(`answers HTTP 429 with 117 after ${LANDING_CALLS_PER_MINUTE} calls a minute from one address, per call`, async () => {
    const app = await server().createApp('Tecnofut');
    const login = { gameid: app.xcloud.gid, email: 'ana@example.com', password: 'wrong-password' };
    for (let attempt = 0; attempt < LANDING_CALLS_PER_MINUTE; attempt++) {
      assert.equal((await call(server(), '/Pt/landing/login', login)).status, 103);
    }
    const limited = await server().request('POST', '/Pt/landing/login', { json: login });
    assert.equal(limited.status, 429);
    const body = limited.json as { status: number; msg: string; data: object };
    assert.equal(body.status, 117);
    assert.match(body.msg, /too many attempts from this address, try again in/);
    assert.deepEqual(body.data, {});
    const other = await call(server(), '/Pt/landing/register', { ...login, password: 'short' });
    assert.equal(other.status, 101, 'another call keeps its own count');
  });
});

describeEachBackend('xcloud H5 landing calls from another site', (server) => {
  it('refuses a call whose Origin is another site (HTTP 403, 117) and takes its own', async () => {
    const app = await server().createApp('Tecnofut');
    const fields = { gameid: app.xcloud.gid, email: 'rui@example.com', password: 'long-enough-1' };
    for (const origin of ['https://evil.test', 'null']) {
      const refused = await server().request('POST', '/Pt/landing/register', {
        json: fields,
        headers: { origin },
      });
      assert.equal(refused.status, 403, origin);
      assert.equal((refused.json as { status: number }).status, 117);
    }
    const own = new URL(server().baseUrl).origin;
    const taken = await server().request('POST', '/Pt/landing/register', {
      json: fields,
      headers: { origin: own },
    });
    assert.equal((taken.json as { status: number }).status, 200, 'nothing was made before');
  });
});
