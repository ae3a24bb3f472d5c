import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { PHONE, launchChromium, phonePage } from '../helpers/browser.js';

const sink = new SmtpSink();
let browser: Browser;
before(async () => {
  await sink.start();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await sink.stop();
});

const TEST = { timeout: 30_000 };

/**
 * Records what the page hands to an iOS SDK's message handler named `xcloud`. A string: tsx
 * names functions with a helper the page does not have.
 */
const IOS_BRIDGE = `
  window.sent = [];
  window.webkit = { messageHandlers: { xcloud: { postMessage: (m) => window.sent.push(m) } } };
`;
const ANDROID_BRIDGE = `
  window.calls = [];
  window.TecnofutSDK = { onLogin: (json) => window.calls.push(json) };
`;

async function open(server: TestServer, app: TestApp, query = '', locale?: string) {
  const { context, page } = await phonePage(browser, locale ? { locale } : {});
  await page.addInitScript(IOS_BRIDGE);
  await page.goto(`${server.baseUrl}/Pt/landing?gameid=${app.xcloud.gid}${query}`);
  return { context, page };
}

async function fillAndSubmit(page: Page, view: string, fields: Record<string, string>) {
  const section = page.locator(`#view-${view}`);
  for (const [label, value] of Object.entries(fields))
    await section.getByLabel(label, { exact: true }).fill(value);
  await section.locator('button[type="submit"]').click();
}

const sentOf = (page: Page) => page.evaluate(() => (globalThis as any).sent);

describeEachBackend(
  'xcloud H5 landing in a phone browser',
  (server) => {
    let app: TestApp;
    let withCallback: TestApp;
    before(async () => {
      app = await server().createApp('Tecnofut');
      withCallback = await server().createApp('Tecnofut Callback', {
        xcloud: { xcloud_landing_callback_url: 'https://game.test/landed?from=h5' },
      });
    });

    it(
      'registers, fits a 390×844 screen, and hands status and uid to the iOS bridge',
      TEST,
      async () => {
        const { context, page } = await open(server(), app, '&entry_lang=en');
        try {
          assert.equal(await page.locator('html').getAttribute('lang'), 'en');
          const width = await page.evaluate(
            () => (globalThis as any).document.documentElement.scrollWidth,
          );
          assert.ok(width <= PHONE.width, `no sideways scrolling (${width})`);
          await page.getByRole('tab', { name: 'Sign up' }).click();
          await fillAndSubmit(page, 'register', {
            Email: 'ana@example.com',
            Password: 'golaço-2026',
          });
          await page.locator('#view-success').waitFor();
          const [message] = (await sentOf(page)) as { status: number; uid: string }[];
          assert.equal(message?.status, 200);
          assert.match(message?.uid ?? '', /^[1-9]\d{9}$/);
          const login = await server().request('POST', '/Pt/landing/login', {
            json: { gameid: app.xcloud.gid, email: 'ana@example.com', password: 'golaço-2026' },
          });
          assert.deepEqual(message, { status: 200, ...login.json.data });
        } finally {
          await context.close();
        }
      },
    );

    it('logs in, and tells a wrong password in the player language', TEST, async () => {
      const { context, page } = await open(server(), app);
      try {
        await fillAndSubmit(page, 'login', { 'E-mail': 'ana@example.com', Senha: 'wrong-pass' });
        const alert = page.locator('#view-login .alert');
        await alert.waitFor();
        assert.equal(await alert.textContent(), 'E-mail ou senha incorretos.');
        const password = page.locator('#view-login').getByLabel('Senha', { exact: true });
        assert.equal(await password.getAttribute('aria-invalid'), 'true');
        assert.deepEqual(await sentOf(page), []);

        await password.fill('golaço-2026');
        await page.locator('#view-login button[type="submit"]').click();
        await page.locator('#view-success').waitFor();
        const [message] = (await sentOf(page)) as { status: number }[];
        assert.equal(message?.status, 200);
      } finally {
        await context.close();
      }
    });

    it(
      'resets a forgotten password through the mailed link, then logs in with the new one',
      TEST,
      async () => {
        const { context, page } = await open(server(), app, '', 'en-US');
        try {
          await page.getByRole('button', { name: 'Forgot your password?' }).click();
          const before = sink.mails.length;
          await fillAndSubmit(page, 'forgot', { Email: 'ana@example.com' });
          await page.locator('#view-forgot .notice').waitFor();
          const mail = await sink.next(before);
          const link = /http:\/\/\S+\/Pt\/landing\/reset\?\S+/.exec(mail.text)?.[0];
          assert.ok(link, mail.text);

          await page.goto(link);
          await fillAndSubmit(page, 'reset', {
            'New password': 'brand-new-pass',
            'Confirm the new password': 'brand-new-pasS',
          });
          assert.equal(
            await page.locator('#view-reset .alert').textContent(),
            'The passwords do not match.',
          );
          await fillAndSubmit(page, 'reset', {
            'New password': 'brand-new-pass',
            'Confirm the new password': 'brand-new-pass',
          });
          await page.locator('#view-reset-done').waitFor();

          await page.goto(`${server().baseUrl}/Pt/landing?gameid=${app.xcloud.gid}`);
          await fillAndSubmit(page, 'login', {
            Email: 'ana@example.com',
            Password: 'brand-new-pass',
          });
          await page.locator('#view-success').waitFor();
          const [message] = (await sentOf(page)) as { status: number }[];
          assert.equal(message?.status, 200);
        } finally {
          await context.close();
        }
      },
    );

    it(
      'calls an Android JS interface named by the page link with the result as JSON',
      TEST,
      async () => {
        const { context, page } = await phonePage(browser);
        try {
          await page.addInitScript(ANDROID_BRIDGE);
          await page.goto(
            `${server().baseUrl}/Pt/landing?gameid=${app.xcloud.gid}&bridge=TecnofutSDK&bridge_method=onLogin`,
          );
          await fillAndSubmit(page, 'login', {
            'E-mail': 'ana@example.com',
            Senha: 'brand-new-pass',
          });
          await page.locator('#view-success').waitFor();
          const calls = await page.evaluate(() => (globalThis as any).calls);
          assert.equal(calls.length, 1);
          assert.equal(JSON.parse(calls[0] ?? '{}').status, 200);
        } finally {
          await context.close();
        }
      },
    );

    it('posts the result to the page that frames it when there is no bridge', TEST, async () => {
      const { context, page } = await phonePage(browser);
      try {
        const landing = `${server().baseUrl}/Pt/landing?gameid=${app.xcloud.gid}`;
        await page.route(`${server().baseUrl}/framing-game`, (route) =>
          route.fulfill({
            contentType: 'text/html',
            body: `<script>window.got = []; addEventListener('message', (e) => window.got.push(e.data));</script>
            <iframe src="${landing}" style="width:390px;height:800px;border:0"></iframe>`,
          }),
        );
        await page.goto(`${server().baseUrl}/framing-game`);
        const frame = page.frameLocator('iframe').locator('#view-login');
        await frame.getByLabel('E-mail', { exact: true }).fill('ana@example.com');
        await frame.getByLabel('Senha', { exact: true }).fill('brand-new-pass');
        await frame.locator('button[type="submit"]').click();
        await page.frameLocator('iframe').locator('#view-success').waitFor();
        await page.waitForFunction(() => (globalThis as any).got.length > 0);
        const [message] = await page.evaluate(() => (globalThis as any).got);
        assert.equal(message.status, 200);
        assert.match(message.uid, /^[1-9]\d{9}$/);
      } finally {
        await context.close();
      }
    });

    it('sends the player to the app callback URL with status and uid', TEST, async () => {
      const { context, page } = await phonePage(browser);
      try {
        await page.route('https://game.test/**', (route) =>
          route.fulfill({ contentType: 'text/html', body: '<p>back in the game</p>' }),
        );
        await page.goto(`${server().baseUrl}/Pt/landing?gameid=${withCallback.xcloud.gid}`);
        await page.getByRole('tab', { name: 'Criar conta' }).click();
        await fillAndSubmit(page, 'register', {
          'E-mail': 'bia@example.com',
          Senha: 'penalty-kick',
        });
        await page.waitForURL(/^https:\/\/game\.test\/landed/);
        const url = new URL(page.url());
        assert.equal(url.searchParams.get('from'), 'h5');
        assert.equal(url.searchParams.get('status'), '200');
        assert.match(url.searchParams.get('uid') ?? '', /^[1-9]\d{9}$/);
        assert.match(url.searchParams.get('gidloginid') ?? '', /^[1-9]\d{11}$/);
      } finally {
        await context.close();
      }
    });
  },
  () => ({ mail: { smtpUrl: sink.url } }),
);
