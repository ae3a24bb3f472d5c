import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accountOf,
  domainError,
  movePlayer,
  newApp,
  newPlayers,
  useCoreGuildhall,
} from '../helpers.js';

const BEIJING = 110000;
const SHANGHAI = 310000;

describe('area, nearby and guild boards', () => {
  const core = useCoreGuildhall();

  async function areaPage(appId: string, accountId: number) {
    const account = await accountOf(core.guildhall, accountId);
    return core.guildhall.leaderboards.page(appId, 'main', { kind: 'area' }, account, 10, 0);
  }

  it('ranks an area board within the asking player city, and follows a player who moves', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const [a, b, c] = await newPlayers(guildhall, appId, `area-${appId}`, 3);
    await movePlayer(guildhall, a!, BEIJING);
    await movePlayer(guildhall, b!, BEIJING);
    await movePlayer(guildhall, c!, SHANGHAI);
    await guildhall.leaderboards.submit(appId, [
      { accountId: a!, board: 'main', score: 10 },
      { accountId: b!, board: 'main', score: 20 },
      { accountId: c!, board: 'main', score: 30 },
    ]);
    const beijing = await areaPage(appId, a!);
    assert.equal(beijing.areaId, BEIJING);
    assert.deepEqual(
      beijing.entries.map((e) => [e.accountId, e.rank]),
      [
        [b, 1],
        [a, 2],
      ],
    );
    assert.deepEqual([beijing.total, beijing.rank, beijing.score], [2, 2, 10]);

    await movePlayer(guildhall, c!, BEIJING);
    const after = await areaPage(appId, a!);
    assert.deepEqual(
      after.entries.map((e) => e.accountId),
      [c, b, a],
    );
    assert.equal((await areaPage(appId, c!)).rank, 1);

    await guildhall.leaderboards.compactJournal();
    await guildhall.leaderboards.rebuild();
    assert.deepEqual(
      (await areaPage(appId, a!)).entries.map((e) => e.accountId),
      [c, b, a],
      'the move reached the database too',
    );
    const tops = await guildhall.leaderboards.topPerArea(appId, 'main', 2);
    assert.deepEqual([...tops.entries()], [[BEIJING, [c, b]]]);
  });

  it('shows an empty area board to a player with no city', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const [a, b] = await newPlayers(guildhall, appId, `nocity-${appId}`, 2);
    await movePlayer(guildhall, b!, BEIJING);
    await guildhall.leaderboards.submit(appId, [
      { accountId: a!, board: 'main', score: 10 },
      { accountId: b!, board: 'main', score: 20 },
    ]);
    assert.deepEqual(await areaPage(appId, a!), {
      total: 0,
      rank: 0,
      score: 0,
      areaId: null,
      entries: [],
    });
    const unasked = await guildhall.leaderboards.page(
      appId,
      'main',
      { kind: 'area' },
      undefined,
      10,
      0,
    );
    assert.equal(unasked.total, 0);
  });

  it('ranks a nearby board among players within the radius', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const [me, near, far, unplaced] = await newPlayers(guildhall, appId, `near-${appId}`, 4);
    await movePlayer(guildhall, me!, BEIJING, { lat: 39.9042, lng: 116.4074 });
    await movePlayer(guildhall, near!, BEIJING, { lat: 39.91, lng: 116.41 });
    await movePlayer(guildhall, far!, SHANGHAI, { lat: 31.2304, lng: 121.4737 });
    await guildhall.leaderboards.submit(
      appId,
      [me!, near!, far!, unplaced!].map((accountId, i) => ({ accountId, board: 'main', score: i })),
    );
    const page = await guildhall.leaderboards.page(
      appId,
      'main',
      { kind: 'nearby' },
      await accountOf(guildhall, me!),
      10,
      10_000,
    );
    assert.deepEqual(
      page.entries.map((e) => [e.accountId, e.rank]),
      [
        [near, 1],
        [me, 2],
      ],
    );
    await assert.rejects(
      guildhall.leaderboards.page(
        appId,
        'main',
        { kind: 'nearby' },
        await accountOf(guildhall, unplaced!),
        10,
        10_000,
      ),
      domainError('player.no_location'),
    );
  });

  it('keeps guild boards apart from player boards of the same name and renames guilds', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const [president, player] = await newPlayers(guildhall, appId, `guild-${appId}`, 2);
    await guildhall.leaderboards.submit(appId, [{ accountId: player!, board: 'power', score: 1 }]);
    await guildhall.leaderboards.submitGuilds(appId, [
      { unionId: 'u1', name: 'Wolves', presidentId: president!, board: 'power', score: 300 },
      { unionId: 'u2', name: 'Bears', presidentId: null, board: 'power', score: 500 },
    ]);
    await guildhall.leaderboards.submitGuilds(appId, [
      { unionId: 'u1', name: null, presidentId: null, board: 'power', score: 700 },
    ]);
    const guilds = await guildhall.leaderboards.range(appId, 'power', 0, 10, 'guild');
    assert.deepEqual(
      guilds.entries.map((e) => e.score),
      [700, 500],
    );
    const players = await guildhall.leaderboards.range(appId, 'power', 0, 10);
    assert.deepEqual(
      players.entries.map((e) => [e.memberId, e.score]),
      [[player, 1]],
    );
    const listed = await guildhall.guildBindings.listApp(appId, 0, 10);
    const wolves = listed.find((g) => g.guild.unionId === 'u1')?.guild;
    assert.equal(wolves?.name, 'Wolves', 'a null name keeps the current one');
    assert.equal(wolves?.presidentId, president);
    assert.equal(guilds.entries[0]?.memberId, wolves?.id);
    await assert.rejects(
      guildhall.leaderboards.submitGuilds(appId, [
        { unionId: '', name: null, presidentId: null, board: 'power', score: 1 },
      ]),
      domainError('invalid_argument'),
    );
  });
});
