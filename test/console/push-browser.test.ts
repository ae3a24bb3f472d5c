import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { addConsoleUser, asConsoleUser, signInConsole } from '../helpers/console.js';
import type { ScreenName } from '../helpers/console-browser.js';
import {
  SCREENS,
  consoleContext,
  openConsolePage,
  screenshot,
  signInPage,
  chromiumForTests,
} from '../helpers/console-browser.js';
import { drainOutbox } from '../helpers/outbox.js';
import {
  configurePush,
  pushFakeOptions,
  registerDevice,
  usePushFakes,
} from '../helpers/push-fakes.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

type Player = Awaited<ReturnType<TestServer['guest']>>;

let current: TestServer | undefined;
const chromium = chromiumForTests();
const fakes = usePushFakes(() => current?.clock.now() ?? Date.now());

const TEST = { timeout: 60_000 };

describeEachBackend(
  'console push page in Chromium',
  (server) => {
    let app: TestApp;
    let alice: Player;
    let bob: Player;

    before(async () => {
      current = server();
      app = await server().createApp('Push Console Game');
      alice = await server().guest(app, 'push-console-alice');
      bob = await server().guest(app, 'push-console-bob');
      await configurePush(server(), app, fakes());
      await registerDevice(server(), alice, 'ios', 'alice-apns-token-0123456789abcdef');
      await registerDevice(server(), alice, 'android', 'alice-fcm-token-0123456789abcdef');
      await registerDevice(server(), bob, 'android', 'bob-fcm-token-0123456789abcdef');
      const sent = await server().admin('POST', `/v1/admin/apps/${app.id}/push-jobs`, {
        title: 'Maintenance',
        body: 'Back at 10:00',
        all: true,
      });
      assert.equal(sent.status, 202, sent.text);
      await drainOutbox(server().guildhall);
      await addConsoleUser(server(), 'push-ops@studio.test', 'operator');
      await addConsoleUser(server(), 'push-look@studio.test', 'viewer');
    });

    for (const screen of Object.keys(SCREENS) as ScreenName[]) {
      it(
        `shows push services, jobs with counts and a player's devices, at ${screen} size`,
        TEST,
        async () => {
          const context = await consoleContext(chromium(), screen);
          const page = await signInPage(context, server(), 'push-ops@studio.test');
          await openConsolePage(page, 'push', `?player_id=${alice.player_id}`);
          const services = page.getByRole('region', { name: 'Push services' });
          await services.getByText('FCM · guildhall-test').waitFor();
          assert.deepEqual(await services.locator('.card').allInnerTexts(), [
            'configured\nFCM · guildhall-test · push@guildhall-test.iam.gserviceaccount.com',
            'configured\nAPNs · production certificate',
          ]);
          const android = page.getByRole('row', { name: /android.*Maintenance — Back at 10:00/ });
          assert.deepEqual(
            await android
              .getByRole('cell')
              .allInnerTexts()
              .then((cells) => cells.slice(5)),
            ['done', '2', '0', '0', '0'],
          );
          await page.getByRole('cell', { name: 'alice-ap…cdef' }).waitFor();
          await page.getByRole('cell', { name: 'alice-fc…cdef' }).waitFor();
          await screenshot(page, 'push', screen);
          await context.close();
        },
      );
    }

    it(
      'sends a push to one player from the page; the job counts it and FCM gets it',
      TEST,
      async () => {
        current = server();
        fakes().fcm.messages.splice(0);
        fakes().apns.requests.splice(0);
        const context = await consoleContext(chromium(), 'desktop');
        const page = await signInPage(context, server(), 'push-ops@studio.test');
        await openConsolePage(page, 'push');
        await page.getByLabel('Title').fill('Gift');
        await page.getByLabel('Text').fill('A present for you');
        await page.getByLabel('Player ids (for players)').fill(bob.player_id);
        await page.getByRole('button', { name: 'Send push' }).click();
        await page.getByRole('status').filter({ hasText: 'Push queued' }).waitFor();
        await page.locator('.loading').waitFor({ state: 'detached' });
        const row = page.getByRole('row', { name: /android.*Gift — A present for you/ });
        await row.getByRole('cell', { name: 'pending', exact: true }).waitFor();

        await drainOutbox(server().guildhall);
        assert.deepEqual(
          fakes().fcm.messages.map((m) => [m.message.token, m.message.notification]),
          [['bob-fcm-token-0123456789abcdef', { title: 'Gift', body: 'A present for you' }]],
        );
        assert.equal(fakes().apns.requests.length, 0);
        await page.reload();
        await row.getByRole('cell', { name: 'done', exact: true }).waitFor();
        assert.deepEqual(
          await row
            .getByRole('cell')
            .allInnerTexts()
            .then((cells) => cells.slice(4)),
          [`player: ${bob.player_id}`, 'done', '1', '0', '0', '0'],
        );
        const ops = await signInConsole(server(), 'push-ops@studio.test');
        const jobs = (
          await asConsoleUser(server(), ops, 'GET', `/v1/admin/apps/${app.id}/push-jobs`)
        ).json.jobs;
        const job = jobs.find(
          (j: any) => j.platform === 'android' && j.message.android?.title === 'Gift',
        );
        assert.deepEqual([job.target.values, job.sent, job.pending], [[bob.player_id], 1, 0]);

        await row.getByRole('link').click();
        await page.getByRole('heading', { name: `Push job #${job.id}` }).waitFor();
        await page.getByRole('cell', { name: 'sent', exact: true }).waitFor();
        await screenshot(page, 'push-job', 'desktop');
        await context.close();
      },
    );

    it('shows a viewer the push page but refuses its send', TEST, async () => {
      const context = await consoleContext(chromium(), 'desktop');
      const page = await signInPage(context, server(), 'push-look@studio.test');
      await openConsolePage(page, 'push');
      await page
        .getByRole('row', { name: /Maintenance/ })
        .first()
        .waitFor();
      assert.equal(await page.getByRole('button', { name: 'Send push' }).count(), 0);
      const look = await signInConsole(server(), 'push-look@studio.test');
      const path = `/v1/admin/apps/${app.id}/push-jobs`;
      const before = (await asConsoleUser(server(), look, 'GET', path)).json.jobs.length;
      const refused = await asConsoleUser(server(), look, 'POST', path, {
        json: { title: 'T', body: 'B', all: true },
      });
      assert.equal(refused.status, 403, refused.text);
      assert.equal((await asConsoleUser(server(), look, 'GET', path)).json.jobs.length, before);
      await context.close();
    });
  },
  () => pushFakeOptions(fakes()),
);
