import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { ConsoleSession } from '../helpers/console.js';
import { addConsoleUser, asConsoleUser, signInConsole } from '../helpers/console.js';
import type { ScreenName } from '../helpers/console-browser.js';
import {
  SCREENS,
  chromiumForTests,
  consoleContext,
  openConsolePage,
  screenshot,
  signInPage,
} from '../helpers/console-browser.js';
import type { Guest } from '../helpers/player-access.js';
import { qqGuest } from '../helpers/player-access.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const browser = chromiumForTests();

const TEST = { timeout: 60_000 };

describeEachBackend('console players page in Chromium', (server) => {
  let app: TestApp;
  let pat: Awaited<ReturnType<ReturnType<typeof server>['registered']>>;
  let rival: Guest;
  let orderId: string;

  const overview = async () =>
    (await server().admin('GET', `/v1/admin/apps/${app.id}/players/${pat.player_id}/overview`))
      .json;
  const momoCheck = async () =>
    (await server().momo(app, 'app/check', { userid: pat.momo.userid, vtoken: pat.momo.vtoken }))
      .body.ec;

  /** Types `q` in the search box and waits for the answer. */
  const find = async (page: Page, q: string) => {
    await page.getByLabel('Any id of the player').fill(q);
    const answered = page.waitForResponse('**/players/search?*');
    await page.getByRole('button', { name: 'Find' }).click();
    assert.equal((await answered).status(), 200);
    await page.locator('.loading').waitFor({ state: 'detached' });
  };

  before(async () => {
    const s = server();
    const g = s.guildhall;
    app = await s.createApp('Players Game', { sandbox: true });
    pat = await s.registered(app, 'pat@example.com');
    rival = await qqGuest(s, app, 'rival-device');
    await s.profile(pat.session_token, { name: 'Pat', sign: 'hello' });
    const [patAccount, rivalAccount] = await Promise.all([
      g.directory.accountByPublicId(pat.player_id),
      g.directory.accountByPublicId(rival.player_id),
    ]);
    await g.leaderboards.submit(app.id, [
      { accountId: patAccount.id, board: 'weekly', score: 300 },
      { accountId: rivalAccount.id, board: 'weekly', score: 500 },
    ]);
    const group = await g.groups.createUnbound(app.id, patAccount.id, 'Pat club');
    await g.groups.join({ appId: app.id, gid: group.gid }, rivalAccount.id);
    await g.messaging.inbox.toPlayers(app, [patAccount.id], 'welcome');
    const order = await s.placeOrder(pat);
    await s.payOrder(pat, order.order_id);
    orderId = order.order_id;
    await addConsoleUser(s, 'ops@studio.test', 'operator');
    await addConsoleUser(s, 'look@studio.test', 'viewer');
  });

  for (const screen of Object.keys(SCREENS) as ScreenName[]) {
    it(`finds a player by Momo userid and shows them, at ${screen} size`, TEST, async () => {
      const context = await consoleContext(browser(), screen);
      const page = await signInPage(context, server(), 'ops@studio.test');
      await openConsolePage(page, 'players');
      await find(page, pat.momo.userid);
      await page.getByRole('cell', { name: 'momo_userid' }).waitFor();
      await screenshot(page, 'players-search', screen);
      await page.getByRole('button', { name: pat.player_id }).click();
      await page.getByRole('heading', { name: 'Pat' }).waitFor();
      await page.getByRole('definition').filter({ hasText: pat.player_id }).first().waitFor();
      await page.getByRole('cell', { name: 'momo_vtoken' }).first().waitFor();
      await page.getByRole('link', { name: 'weekly' }).waitFor();
      assert.equal(
        await page.getByRole('link', { name: 'weekly' }).getAttribute('href'),
        `#/boards?board=weekly&player=${pat.player_id}`,
      );
      await page.getByRole('row').filter({ hasText: 'Pat club' }).waitFor();
      await page.getByRole('link', { name: orderId }).waitFor();
      await page.getByRole('cell', { name: 'welcome' }).waitFor();
      await screenshot(page, 'players-detail', screen);
      await context.close();
    });
  }

  it('finds by email and MSDK openid; an unknown id finds nobody', TEST, async () => {
    const context = await consoleContext(browser(), 'desktop');
    const page = await signInPage(context, server(), 'ops@studio.test');
    await openConsolePage(page, 'players');
    await find(page, 'PAT@example.com');
    await page
      .getByRole('row')
      .filter({ hasText: pat.player_id })
      .filter({ hasText: 'email' })
      .waitFor();
    await find(page, rival.msdk.openid);
    await page.getByRole('button', { name: rival.player_id }).waitFor();
    await find(page, 'nobody-has-this');
    await page.getByText('No player has this id in this app.').waitFor();
    await context.close();
  });

  it('shows a viewer the player but refuses its revoke', TEST, async () => {
    const context = await consoleContext(browser(), 'desktop');
    const page = await signInPage(context, server(), 'look@studio.test');
    await openConsolePage(page, 'players', `?player=${pat.player_id}`);
    await page.getByRole('cell', { name: 'momo_vtoken' }).first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Revoke' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Delete account' }).count(), 0);
    const viewer: ConsoleSession = await signInConsole(server(), 'look@studio.test');
    const { tokens } = (await server().admin('GET', `/v1/admin/players/${pat.player_id}/tokens`))
      .json;
    const refused = await asConsoleUser(
      server(),
      viewer,
      'DELETE',
      `/v1/admin/players/${pat.player_id}/tokens/${tokens[0].token_id}`,
    );
    assert.equal(refused.status, 403, refused.text);
    assert.equal(await momoCheck(), 0);
    await context.close();
  });

  it('revokes a token, bans and unbans, edits attributes, exports, deletes', TEST, async () => {
    const context = await consoleContext(browser(), 'desktop');
    const page = await signInPage(context, server(), 'ops@studio.test');
    await openConsolePage(page, 'players', `?player=${pat.player_id}`);
    assert.equal(await momoCheck(), 0);
    await page
      .getByRole('row')
      .filter({ hasText: 'momo_vtoken' })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await page.getByRole('status').filter({ hasText: 'Revoked the momo_vtoken token' }).waitFor();
    assert.equal(await momoCheck(), 30016);
    await page.locator('.loading').waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('cell', { name: 'momo_vtoken' }).count(), 0);

    await page.getByLabel('Reason').fill('bots');
    await page.getByRole('button', { name: 'Ban', exact: true }).click();
    await page.getByText('Banned since').waitFor();
    assert.equal((await overview()).ban.in_force, true);
    assert.equal((await overview()).ban.reason, 'bots');
    await page.getByRole('button', { name: 'Lift the ban' }).click();
    await page.getByText('Not banned').waitFor();
    assert.equal((await overview()).ban, null);
    const audit = await server().admin('GET', '/v1/admin/audit?action=/ban');
    const [unbanned, banned] = audit.json.entries;
    assert.equal(banned.action, 'POST /v1/admin/players/:player_id/ban');
    assert.equal(banned.before.ban, null);
    assert.equal(banned.after.ban.reason, 'bots');
    assert.equal(unbanned.after.ban, null);

    await page.getByLabel('VIP').fill('5');
    await page.getByLabel('Spam').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Attributes saved' }).waitFor();
    const { player } = await overview();
    assert.deepEqual([player.vip, player.is_spam], [5, true]);

    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export data (JSON)' }).click();
    const download = await downloading;
    const exported = JSON.parse(await readFile((await download.path()) as string, 'utf8'));
    assert.equal(exported.player_id, pat.player_id);

    page.once('dialog', (dialog) => void dialog.accept('not the id'));
    await page.getByRole('button', { name: 'Delete account' }).click();
    assert.equal((await overview()).player.player_id, pat.player_id);
    page.once('dialog', (dialog) => void dialog.accept(pat.player_id));
    await page.getByRole('button', { name: 'Delete account' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Deleted ${pat.player_id}` })
      .waitFor();
    await find(page, 'pat@example.com');
    await page.getByText('No player has this id in this app.').waitFor();
    const search = await server().admin(
      'GET',
      `/v1/admin/apps/${app.id}/players/search?q=${encodeURIComponent(pat.momo.userid)}`,
    );
    assert.equal(search.json.total, 0);
    await context.close();
  });
});
