import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Page } from 'playwright-core';
import { addConsoleUser } from '../helpers/console.js';
import type { ScreenName } from '../helpers/console-browser.js';
import {
  SCREENS,
  chromiumForTests,
  consoleContext,
  openConsolePage,
  screenshot,
  signInPage,
} from '../helpers/console-browser.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const browser = chromiumForTests();

const TEST = { timeout: 60_000 };

const credential = (page: Page, name: string) =>
  page.locator(`[data-credential="${name}"]`).innerText();
const status = (page: Page, text: string) =>
  page.getByRole('status').filter({ hasText: text }).waitFor();

describeEachBackend('console apps page in Chromium', (server) => {
  let existing: TestApp;
  type Player = Awaited<ReturnType<TestServer['guest']>>;
  const appCheck = (player: Player, appid: string, secret: string) =>
    server().momoRaw('app/check', {
      appid,
      app_secret: secret,
      userid: player.momo.userid,
      vtoken: player.momo.vtoken,
    });
  const listed = async (name: string) =>
    ((await server().admin('GET', '/v1/admin/apps')).json.apps as TestApp[]).find(
      (a) => a.name === name,
    );

  before(async () => {
    existing = await server().createApp('Listed Game', { sandbox: true });
    await server().admin('PUT', `/v1/admin/apps/${existing.id}/google-play`, {
      package_name: 'com.example.listed',
    });
    await addConsoleUser(server(), 'ops@apps.test', 'operator');
    await addConsoleUser(server(), 'look@apps.test', 'viewer');
  });

  for (const screen of Object.keys(SCREENS) as ScreenName[]) {
    it(
      `creates an app, reveals and rotates its secrets, edits settings, at ${screen} size`,
      TEST,
      async () => {
        const context = await consoleContext(browser(), screen);
        const page = await signInPage(context, server(), 'ops@apps.test');
        await openConsolePage(page, 'apps');
        const row = page.getByRole('row').filter({ hasText: existing.id });
        assert.deepEqual(
          (await row.getByRole('cell').allInnerTexts()).map((t) => t.trim())[0],
          'Listed Game',
        );
        assert.equal((await row.getByRole('cell').last().innerText()).trim(), 'yes');
        await screenshot(page, 'apps', screen);

        // Create: the page shows the new app, the API lists it, the header's picker offers it.
        const name = `Console Made ${screen}`;
        await page.getByLabel('Name').fill(name);
        await page.getByRole('button', { name: 'Create app' }).click();
        await status(page, `Created ${name}`);
        await page.getByRole('heading', { name }).waitFor();
        await page.locator('.loading').waitFor({ state: 'detached' });
        const made = await listed(name);
        assert.ok(made, 'the API lists the app made in the page');
        assert.equal(await page.getByLabel('App').locator(`option[value="${made.id}"]`).count(), 1);
        const app = await server().getApp(made.id);

        // Credentials: public ids shown, secrets masked until revealed (and the reveal audited).
        assert.equal(await credential(page, 'momo.appid'), app.momo.appid);
        assert.equal(
          await credential(page, 'momo.app_secret'),
          `****${app.momo.appSecret.slice(-4)}`,
        );
        assert.equal(await credential(page, 'xcloud.key'), `****${app.xcloud.key.slice(-4)}`);
        assert.equal(await credential(page, 'msdk.guest_appid'), `G_${app.msdk.qqAppid}`);
        await page.getByRole('button', { name: 'Reveal secrets' }).click();
        await status(page, `Revealed the credentials of ${name}`);
        assert.equal(await credential(page, 'momo.app_secret'), app.momo.appSecret);
        assert.equal(await credential(page, 'msdk.msdkkey'), app.msdk.msdkkey);
        const audit = await server().admin('GET', '/v1/admin/audit?actor=console:ops@apps.test');
        assert.ok(
          audit.json.entries.some(
            (e: { action: string; target: { app_id?: string } }) =>
              e.action === 'POST /v1/admin/apps/:app_id/credentials/reveal' &&
              e.target.app_id === app.id,
          ),
        );

        // Set-ups: none yet for the new app.
        for (const setup of ['fcm-service-account', 'google-play', 'app-store'])
          await page.locator(`[data-setup="${setup}"]`).getByText('Not configured').waitFor();

        // Rotate Momo's secret, confirmed by typing the dialect: the old one is refused (30009).
        const player = await server().guest(app, `apps-browser-${screen}`);
        assert.equal((await appCheck(player, app.momo.appid, app.momo.appSecret)).body.ec, 0);
        page.once('dialog', (dialog) => void dialog.accept('nope'));
        await page.getByRole('button', { name: 'Rotate momo secret' }).click();
        assert.equal(
          (await appCheck(player, app.momo.appid, app.momo.appSecret)).body.ec,
          0,
          'not confirmed',
        );
        page.once('dialog', (dialog) => {
          assert.match(dialog.message(), /Type "momo" to confirm/);
          void dialog.accept('momo');
        });
        await page.getByRole('button', { name: 'Rotate momo secret' }).click();
        await status(page, `Rotated the momo secrets of ${name}`);
        await page.locator('.loading').waitFor({ state: 'detached' });
        const rotated = await server().getApp(app.id);
        assert.notEqual(rotated.momo.appSecret, app.momo.appSecret);
        assert.equal(rotated.msdk.appkey, app.msdk.appkey, 'the other dialects keep theirs');
        assert.equal(
          await credential(page, 'momo.app_secret'),
          `****${rotated.momo.appSecret.slice(-4)}`,
        );
        assert.equal((await appCheck(player, app.momo.appid, app.momo.appSecret)).body.ec, 30009);
        assert.equal((await appCheck(player, app.momo.appid, rotated.momo.appSecret)).body.ec, 0);
        await page.getByRole('button', { name: 'Reveal secrets' }).click();
        await status(page, 'Revealed');
        assert.equal(await credential(page, 'momo.app_secret'), rotated.momo.appSecret);

        // Settings, from the view's settings object: core and dialects' alike.
        await page.getByLabel('momo notify url').fill('https://game.example.com/momo/notify');
        await page.getByLabel('sandbox', { exact: true }).check();
        await page.getByLabel('nearby radius m').fill('5000');
        await page.getByLabel('xcloud time window sec').fill('');
        await page
          .getByLabel(/google client ids/)
          .fill('a.apps.googleusercontent.com\nb.apps.googleusercontent.com');
        await page.getByLabel(/facebook app secret/).fill('fb-secret');
        await page.getByRole('button', { name: 'Save settings' }).click();
        await status(page, 'Saved');
        const { settings } = (await server().admin('GET', `/v1/admin/apps/${app.id}`)).json;
        assert.equal(settings.momo_notify_url, 'https://game.example.com/momo/notify');
        assert.equal(settings.sandbox, true);
        assert.equal(settings.nearby_radius_m, 5000);
        assert.equal(settings.xcloud_time_window_sec, null);
        assert.deepEqual(settings.google_client_ids, [
          'a.apps.googleusercontent.com',
          'b.apps.googleusercontent.com',
        ]);
        assert.equal(settings.facebook_app_secret_set, true);
        assert.equal(settings.timezone, 'Asia/Shanghai', 'what was not touched stays');
        await page.getByLabel('nearby radius m').fill('5');
        await page.getByRole('button', { name: 'Save settings' }).click();
        await page.getByRole('status').filter({ hasText: 'nearby_radius_m' }).waitFor();
        await screenshot(page, 'app', screen);
        await context.close();
      },
    );
  }

  it('shows a configured set-up', TEST, async () => {
    const context = await consoleContext(browser(), 'desktop');
    const page = await signInPage(context, server(), 'ops@apps.test');
    await openConsolePage(page, 'apps', `?id=${existing.id}`);
    const panel = page.locator('[data-setup="google-play"]');
    await panel.getByText('Configured').waitFor();
    await panel.getByText('com.example.listed').waitFor();
    await page.locator('[data-setup="app-store"]').getByText('Not configured').waitFor();
    await context.close();
  });

  it('shows a viewer masked credentials only and refuses its writes', TEST, async () => {
    const context = await consoleContext(browser(), 'desktop');
    const page = await signInPage(context, server(), 'look@apps.test');
    await openConsolePage(page, 'apps');
    await page.getByRole('cell', { name: 'Listed Game' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create app' }).count(), 0);
    await openConsolePage(page, 'apps', `?id=${existing.id}`);
    assert.equal(
      await credential(page, 'momo.app_secret'),
      `****${existing.momo.appSecret.slice(-4)}`,
    );
    for (const button of ['Reveal secrets', 'Rotate momo secret', 'Save settings'])
      assert.equal(await page.getByRole('button', { name: button }).count(), 0, button);
    assert.ok(await page.getByLabel('momo notify url').isDisabled());
    const writes: [string, unknown][] = [
      [`/v1/admin/apps/${existing.id}/credentials/reveal`, {}],
      [`/v1/admin/apps/${existing.id}/rotate-secret`, { dialect: 'momo' }],
      ['/v1/admin/apps', { name: 'By a viewer' }],
    ];
    const answers = await page.evaluate(async (calls) => {
      const session: any = await (await fetch('/console/api/session')).json();
      const statuses: number[] = [];
      for (const [path, body] of calls) {
        const response = await fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
          body: JSON.stringify(body),
        });
        statuses.push(response.status);
      }
      return statuses;
    }, writes);
    assert.deepEqual(answers, [403, 403, 403]);
    assert.equal(await listed('By a viewer'), undefined);
    assert.equal((await server().getApp(existing.id)).momo.appSecret, existing.momo.appSecret);
    await context.close();
  });
});
