/**
 * Screenshots of every screen of the H5 login page at a phone's size, for the docs:
 * `node --import tsx scripts/landing-screenshots.ts` writes docs/images/landing-*.png.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium, phonePage } from '../test/helpers/browser.js';
import { startTestServer } from '../test/helpers/server.js';
import { testBackends } from '../test/helpers/backends.js';
import { SmtpSink } from '../test/helpers/smtp-sink.js';

const out = resolve(dirname(fileURLToPath(import.meta.url)), '../docs/images');
const backend = testBackends().find((b) => b.name === 'sqlite');
if (!backend) throw new Error('no SQLite backend');

const sink = await new SmtpSink().start();
const server = await startTestServer(backend, undefined, { mail: { smtpUrl: sink.url } });
const browser = await launchChromium();
mkdirSync(out, { recursive: true });

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => (globalThis as any).document.activeElement?.blur());
  await page.screenshot({ path: join(out, `landing-${name}.png`) });
  console.log(`docs/images/landing-${name}.png`);
}

async function fill(page: Page, view: string, fields: Record<string, string>, submit = true) {
  const section = page.locator(`#view-${view}`);
  for (const [label, value] of Object.entries(fields))
    await section.getByLabel(label, { exact: true }).fill(value);
  if (submit) await section.locator('button[type="submit"]').click();
}

try {
  const app = await server.createApp('Tecnofut');
  const landing = `${server.baseUrl}/Pt/landing?gameid=${app.xcloud.gid}`;
  const { context, page } = await phonePage(browser, { deviceScaleFactor: 2 });
  await page.addInitScript(
    'window.webkit = { messageHandlers: { xcloud: { postMessage() {} } } };',
  );

  await page.goto(landing);
  await shot(page, 'login');
  for (const lang of ['en', 'zh']) {
    await page.goto(`${landing}&entry_lang=${lang}`);
    await shot(page, `login-${lang}`);
  }

  await page.goto(landing);
  await page.getByRole('tab', { name: 'Criar conta' }).click();
  await fill(page, 'register', { 'E-mail': 'ana@example.com', Senha: 'golaço-2026' }, false);
  await shot(page, 'register');
  await page.locator('#view-register button[type="submit"]').click();
  await page.locator('#view-success').waitFor();
  await shot(page, 'success');

  await page.goto(landing);
  await fill(page, 'login', { 'E-mail': 'ana@example.com', Senha: 'errada-123' });
  await page.locator('#view-login .alert').waitFor();
  await shot(page, 'wrong-password');

  await page.getByRole('button', { name: 'Esqueceu a senha?' }).click();
  await fill(page, 'forgot', { 'E-mail': 'ana@example.com' }, false);
  await shot(page, 'forgot');
  const before = sink.mails.length;
  await page.locator('#view-forgot button[type="submit"]').click();
  await page.locator('#view-forgot .notice').waitFor();
  await shot(page, 'forgot-sent');

  const mail = await sink.next(before);
  const link = /http:\/\/\S+\/Pt\/landing\/reset\?\S+/.exec(mail.text)?.[0] ?? '';
  await page.goto(link);
  await shot(page, 'reset');
  await fill(page, 'reset', {
    'Nova senha': 'nova-senha-1',
    'Confirme a nova senha': 'nova-senha-1',
  });
  await page.locator('#view-reset-done').waitFor();
  await shot(page, 'reset-done');
  await context.close();
} finally {
  await browser.close();
  await server.cleanup();
  await sink.stop();
}
