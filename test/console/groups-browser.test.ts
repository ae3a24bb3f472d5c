import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Page } from 'playwright-core';
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
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const chromium = chromiumForTests();

const TEST = { timeout: 60_000 };
/** Chat groups beyond the first page of 25. */
const LOOSE_GROUPS = 26;

describeEachBackend('console groups and guilds page in Chromium', (server) => {
  let app: TestApp;
  let owner: { player_id: string; session_token: string };
  let member: { player_id: string; session_token: string };
  const guildIds: Record<string, number> = {};

  const createGroup = async (token: string, json: Record<string, string>) => {
    const response = await server().request('POST', '/v1/client/groups', { token, json });
    assert.equal(response.status, 201, response.text);
    return response.json as { gid: string; join_key: string };
  };
  const guildPath = (union: string) => `/v1/admin/apps/${app.id}/guilds/${guildIds[union]}`;
  const section = (page: Page, name: string) => page.getByRole('region', { name });

  before(async () => {
    app = await server().createApp('Guild Console Game');
    owner = await server().registered(app, 'guild-console-owner@example.com');
    member = await server().guest(app, 'guild-console-member');
    for (const [union, name] of [
      ['clan-east', 'Eastern Clan'],
      ['clan-west', 'Western Clan'],
    ] as const) {
      const group = await createGroup(owner.session_token, { name, union_id: union, zone: 'z1' });
      const joined = await server().request('POST', '/v1/client/groups/join', {
        token: member.session_token,
        json: { join_key: group.join_key },
      });
      assert.equal(joined.status, 200, joined.text);
    }
    for (let i = 1; i <= LOOSE_GROUPS; i++) {
      await createGroup(owner.session_token, { name: `Party ${String(i).padStart(2, '0')}` });
    }
    const guilds = await server().admin('GET', `/v1/admin/apps/${app.id}/guilds`);
    for (const guild of guilds.json.guilds) guildIds[guild.union_id] = guild.id;
    await addConsoleUser(server(), 'guild-ops@studio.test', 'operator');
    await addConsoleUser(server(), 'guild-look@studio.test', 'viewer');
  });

  for (const screen of Object.keys(SCREENS) as ScreenName[]) {
    it(`lists, searches and pages guilds and groups, at ${screen} size`, TEST, async () => {
      const context = await consoleContext(chromium(), screen);
      const page = await signInPage(context, server(), 'guild-ops@studio.test');
      await openConsolePage(page, 'groups');
      const guilds = section(page, 'Guilds');
      const groups = section(page, 'Chat groups');
      await guilds.getByRole('link', { name: 'clan-east' }).waitFor();
      await guilds.getByRole('cell', { name: owner.player_id }).first().waitFor();
      assert.equal(await groups.getByRole('row').count(), 26, 'a header and a page of 25');
      await screenshot(page, 'groups', screen);

      await groups.getByRole('button', { name: 'Next →' }).click();
      await page.locator('.loading').waitFor({ state: 'detached' });
      await section(page, 'Chat groups')
        .getByRole('link', { name: /^Party 26/ })
        .waitFor();
      assert.equal(await section(page, 'Chat groups').getByRole('row').count(), 4);

      await guilds.getByLabel('Search').fill('west');
      await guilds.getByRole('button', { name: 'Search' }).click();
      await page.locator('.loading').waitFor({ state: 'detached' });
      await section(page, 'Guilds').getByRole('link', { name: 'clan-west' }).waitFor();
      assert.equal(
        await section(page, 'Guilds').getByRole('link', { name: 'clan-east' }).count(),
        0,
      );

      await section(page, 'Guilds').getByRole('link', { name: 'clan-west' }).click();
      await page.getByRole('heading', { name: 'Guild clan-west' }).waitFor();
      await page.getByRole('cell', { name: member.player_id }).waitFor();
      await page.getByRole('link', { name: /^Western Clan/ }).waitFor();
      await screenshot(page, 'groups-guild', screen);

      await page.getByRole('link', { name: /^Western Clan/ }).click();
      await page.getByRole('heading', { name: 'Group Western Clan' }).waitFor();
      await page.getByRole('cell', { name: 'owner' }).waitFor();
      await page.getByRole('cell', { name: member.player_id }).waitFor();
      await context.close();
    });
  }

  it(
    "changes the leader, removes a roster member and dissolves a guild's group",
    TEST,
    async () => {
      const context = await consoleContext(chromium(), 'desktop');
      const page = await signInPage(context, server(), 'guild-ops@studio.test');
      const ops = await signInConsole(server(), 'guild-ops@studio.test');
      const detail = async (union: string) =>
        (await asConsoleUser(server(), ops, 'GET', guildPath(union))).json;
      await openConsolePage(page, 'groups', `?guild=${guildIds['clan-east']}`);

      await page.getByLabel('New leader').selectOption(member.player_id);
      await page.getByRole('button', { name: 'Change leader' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `${member.player_id} leads` })
        .waitFor();
      assert.equal((await detail('clan-east')).leader, member.player_id);

      page.once('dialog', (dialog) => void dialog.accept());
      await page
        .getByRole('row', { name: owner.player_id })
        .getByRole('button', { name: 'Remove' })
        .click();
      await page.getByRole('status').filter({ hasText: 'Removed' }).waitFor();
      await page.locator('.loading').waitFor({ state: 'detached' });
      assert.equal(await page.getByRole('cell', { name: owner.player_id }).count(), 0);
      assert.deepEqual(
        (await detail('clan-east')).roster.map((m: { player_id: string }) => m.player_id),
        [member.player_id],
      );

      const gid = (await detail('clan-east')).group.gid;
      page.once('dialog', (dialog) => void dialog.accept('clan-east'));
      await page.getByRole('button', { name: 'Dissolve group' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Dissolved the group of clan-east' })
        .waitFor();
      await page.locator('[data-binding="none"]').waitFor();
      assert.equal((await detail('clan-east')).group, null);
      const group = await asConsoleUser(
        server(),
        ops,
        'GET',
        `/v1/admin/apps/${app.id}/groups/${gid}`,
      );
      assert.equal(group.status, 404);

      const audit = await asConsoleUser(server(), ops, 'GET', '/v1/admin/audit?action=dissolve');
      const [entry] = audit.json.entries;
      assert.equal(entry.before.group.gid, gid);
      assert.equal(entry.after.group, null);
      await context.close();
    },
  );

  it('shows a viewer the guild but refuses its dissolve', TEST, async () => {
    const context = await consoleContext(chromium(), 'desktop');
    const page = await signInPage(context, server(), 'guild-look@studio.test');
    await openConsolePage(page, 'groups', `?guild=${guildIds['clan-west']}`);
    await page.getByRole('heading', { name: 'Guild clan-west' }).waitFor();
    await page.getByRole('link', { name: /^Western Clan/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Dissolve group' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Remove' }).count(), 0);
    const look = await signInConsole(server(), 'guild-look@studio.test');
    const refused = await asConsoleUser(
      server(),
      look,
      'POST',
      `${guildPath('clan-west')}/dissolve`,
      {
        json: { confirm: 'clan-west' },
      },
    );
    assert.equal(refused.status, 403, refused.text);
    assert.notEqual((await server().admin('GET', guildPath('clan-west'))).json.group, null);
    await context.close();
  });
});
