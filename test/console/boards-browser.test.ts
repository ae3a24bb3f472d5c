import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { addConsoleUser, asConsoleUser, signInConsole } from '../helpers/console.js';
import type { ScreenName } from '../helpers/console-browser.js';
import {
  SCREENS,
  chromiumForTests,
  confirmWith,
  consoleContext,
  openConsolePage,
  screenshot,
  signInPage,
} from '../helpers/console-browser.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

type Player = Awaited<ReturnType<TestServer['guest']>>;

const chromium = chromiumForTests();

const TEST = { timeout: 60_000 };

describeEachBackend('console leaderboards page in Chromium', (server) => {
  let app: TestApp;
  const players: Player[] = [];
  const boards = () => `/v1/admin/apps/${app.id}/boards`;
  const submit = async (board: string, entries: [Player, number][]) => {
    const data = entries.map(([p, score]) => ({ userid: p.momo.userid, score_type: board, score }));
    const answer = await server().momo(app, 'rank/update', { data: JSON.stringify(data) });
    assert.equal(answer.body.ec, 0, JSON.stringify(answer.body));
  };
  const momoTotal = async (board: string, player: Player) =>
    (await server().momo(app, 'rank/total', { score_type: board, userid: player.momo.userid })).body
      .data as { rank: number; score: number };

  before(async () => {
    app = await server().createApp('Boards Game');
    await addConsoleUser(server(), 'ops@studio.test', 'operator');
    await addConsoleUser(server(), 'look@studio.test', 'viewer');
    for (let i = 0; i < 12; i++) {
      const player = await server().guest(app, `boards-page-${i}`);
      await server().profile(player.session_token, { name: `Knight ${i}`, city_code: '110000' });
      players.push(player);
    }
    await submit(
      '7',
      players.map((p, i) => [p, 1000 - i * i * 7]),
    );
    await submit('8', [
      [players[0]!, 30],
      [players[1]!, 20],
    ]);
  });

  for (const screen of Object.keys(SCREENS) as ScreenName[]) {
    it(
      `lists boards, shows a board's top, a player's place and the histogram, at ${screen} size`,
      TEST,
      async () => {
        const context = await consoleContext(chromium(), screen);
        const page = await signInPage(context, server(), 'ops@studio.test');
        await openConsolePage(page, 'boards');
        const row = page
          .getByRole('row')
          .filter({ has: page.getByRole('link', { name: '7', exact: true }) });
        await row.getByRole('cell', { name: '12' }).waitFor();
        await page.getByRole('link', { name: '8', exact: true }).waitFor();
        await screenshot(page, 'boards', screen);

        await page.getByRole('link', { name: '7', exact: true }).click();
        await page.getByRole('cell', { name: 'Knight 11' }).waitFor();
        await page.locator('figure[data-chart="Players per score range"] canvas').first().waitFor();
        const third = players[2]!.player_id;
        await page.getByLabel('Player id').fill(third);
        await page.getByRole('button', { name: 'Show rank' }).click();
        await page.getByText(`${third} is ranked #3 with 972.`).waitFor();
        assert.match(page.url(), new RegExp(`#/boards\\?board=7&player=${third}$`));
        await screenshot(page, 'boards-detail', screen);

        // The players page links straight to a player's place.
        await openConsolePage(page, 'boards', `?board=7&player=${players[11]!.player_id}`);
        await page.getByText(`${players[11]!.player_id} is ranked #12`).waitFor();
        await openConsolePage(page, 'boards', '?board=7&player=p_nobody');
        await page.getByRole('alert').filter({ hasText: 'p_nobody' }).waitFor();
        await context.close();
      },
    );
  }

  it('changes an operator and resets a board after a typed confirmation', TEST, async () => {
    const context = await consoleContext(chromium(), 'desktop');
    const page = await signInPage(context, server(), 'ops@studio.test');
    await openConsolePage(page, 'boards');
    await page.getByLabel('Board').fill('8');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('cell', { name: 'Knight 1', exact: true }).waitFor();
    await page.getByLabel('Operator').selectOption('best');
    await page.getByRole('button', { name: 'Change operator' }).click();
    await page.getByRole('status').filter({ hasText: 'Operator of 8 is now best' }).waitFor();
    const listed = await server().admin('GET', boards());
    assert.equal(listed.json.boards.find((b: any) => b.board === '8').operator, 'best');
    await submit('8', [[players[0]!, 5]]);
    assert.equal((await momoTotal('8', players[0]!)).score, 30, 'best keeps the higher score');

    confirmWith(page, 'not the name');
    await page.getByRole('button', { name: 'Reset board…' }).click();
    assert.equal(
      (await momoTotal('8', players[0]!)).rank,
      1,
      'a wrong confirmation resets nothing',
    );
    confirmWith(page, '8');
    await page.getByRole('button', { name: 'Reset board…' }).click();
    await page.getByRole('status').filter({ hasText: 'Board 8 reset' }).waitFor();
    await page.getByText('No scores on this board.').waitFor();
    const total = await momoTotal('8', players[0]!);
    assert.deepEqual([total.rank, total.score], [0, 0]);
    const audit = await server().admin('GET', '/v1/admin/audit?actor=console:ops@studio.test');
    const reset = audit.json.entries.find((e: any) => e.action.endsWith('/reset'));
    assert.deepEqual(
      [reset.before.entry_count, reset.after.entry_count, reset.after.operator],
      [2, 0, 'best'],
    );
    await context.close();
  });

  it(
    'shows the boards to a viewer without write buttons; the API refuses its writes',
    TEST,
    async () => {
      const context = await consoleContext(chromium(), 'desktop');
      const page = await signInPage(context, server(), 'look@studio.test');
      await openConsolePage(page, 'boards', '?board=7');
      await page.getByRole('cell', { name: 'Knight 0' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Reset board…' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Change operator' }).count(), 0);
      await context.close();

      const viewer = await signInConsole(server(), 'look@studio.test');
      const reset = await asConsoleUser(server(), viewer, 'POST', `${boards()}/7/reset`, {
        json: { confirm: '7' },
      });
      assert.equal(reset.status, 403);
      const operator = await asConsoleUser(server(), viewer, 'PUT', `${boards()}/7`, {
        json: { operator: 'increment' },
      });
      assert.equal(operator.status, 403);
      assert.equal((await momoTotal('7', players[0]!)).rank, 1);
      const listed = await server().admin('GET', boards());
      assert.equal(listed.json.boards.find((b: any) => b.board === '7').operator, 'set');
    },
  );
});
