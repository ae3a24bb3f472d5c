import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { SIGN_IN_ATTEMPTS } from '../../src/core/console/users.js';
import { CONSOLE_PASSWORD, addConsoleUser } from '../helpers/console.js';
import type { ScreenName } from '../helpers/console-browser.js';
import {
  SCREENS,
  chromiumForTests,
  consoleContext,
  openConsolePage,
  screenshot,
  signInPage,
} from '../helpers/console-browser.js';
import { describeEachBackend } from '../helpers/server.js';

const chromium = chromiumForTests();

const TEST = { timeout: 60_000 };

describeEachBackend('console sign-in, audit and users pages in Chromium', (server) => {
  before(async () => {
    await server().createApp('Browser Game');
    await addConsoleUser(server(), 'root@studio.test', 'admin');
    await addConsoleUser(server(), 'look@studio.test', 'viewer');
    await addConsoleUser(server(), 'locked@studio.test', 'operator');
  });

  it(
    'shows the sign-in form, refuses a wrong password, locks out, and signs in',
    TEST,
    async () => {
      const context = await consoleContext(chromium(), 'desktop');
      const page = await context.newPage();
      await page.goto(`${server().baseUrl}/console`);
      await screenshot(page, 'sign-in', 'desktop');
      for (let i = 1; i <= SIGN_IN_ATTEMPTS; i++) {
        await page.getByLabel('Email').fill('locked@studio.test');
        await page.getByLabel('Password').fill('wrong password');
        const answered = page.waitForResponse('**/console/api/session');
        await page.getByRole('button', { name: 'Sign in' }).click();
        assert.equal((await answered).status(), i < SIGN_IN_ATTEMPTS ? 401 : 423);
      }
      await page.getByRole('alert').filter({ hasText: 'locked for a while' }).waitFor();
      await page.getByLabel('Password').fill(CONSOLE_PASSWORD);
      const refused = page.waitForResponse('**/console/api/session');
      await page.getByRole('button', { name: 'Sign in' }).click();
      assert.equal((await refused).status(), 423);
      await screenshot(page, 'sign-in-locked', 'desktop');
      await page.getByLabel('Email').fill('look@studio.test');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await context.close();
    },
  );

  for (const screen of Object.keys(SCREENS) as ScreenName[]) {
    it(`lists console users and adds one as an admin, at ${screen} size`, TEST, async () => {
      const context = await consoleContext(chromium(), screen);
      const page = await signInPage(context, server(), 'root@studio.test');
      await openConsolePage(page, 'users');
      await page.getByRole('cell', { name: 'look@studio.test' }).waitFor();
      const email = `new-${screen}@studio.test`;
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('a new long password');
      await page.getByRole('button', { name: 'Add' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Added ${email}` })
        .waitFor();
      await page.getByRole('cell', { name: email }).waitFor();
      await screenshot(page, 'users', screen);

      await openConsolePage(page, 'audit');
      await page.getByRole('cell', { name: 'console:root@studio.test' }).first().waitFor();
      assert.ok(await page.getByText('POST /v1/admin/console-users').first().isVisible());
      await screenshot(page, 'audit', screen);
      await context.close();
    });
  }

  it('hides what a viewer may not see and refuses its writes', TEST, async () => {
    const context = await consoleContext(chromium(), 'desktop');
    const page = await signInPage(context, server(), 'look@studio.test');
    assert.equal(await page.getByRole('link', { name: 'Console users' }).count(), 0);
    await openConsolePage(page, 'users');
    await page.getByRole('alert').filter({ hasText: 'Your role cannot see this page.' }).waitFor();
    const status = await page.evaluate(async () => {
      const session: any = await (await fetch('/console/api/session')).json();
      const response = await fetch('/v1/admin/console-users', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
        body: JSON.stringify({ email: 'x@studio.test', password: 'whatever long', role: 'admin' }),
      });
      return response.status;
    });
    assert.equal(status, 403);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();
  });
});
