import { rmSync, statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Insertable, Kysely } from 'kysely';
import { sql } from 'kysely';
import { DEFAULT_APP_SETTINGS } from '../src/core/apps/types.js';
import { DEFAULT_MAX_GROUP_MEMBERS } from '../src/core/groups/types.js';
import { geohashOf } from '../src/core/players/geo.js';
import { MOMO_TOKEN, MOMO_USERID } from '../src/protocols/momo/players.js';
import { TENCENT_NAMESPACE, TENCENT_TOKEN } from '../src/protocols/msdk/identity/types.js';
import { XCLOUD_GIDLOGINID, XCLOUD_UID } from '../src/protocols/xcloud/players.js';
import { tokenHash } from '../src/core/runtime.js';
import type { DatabaseHandle } from '../src/store/database.js';
import type {
  GroupMembersTable,
  GroupsTable,
  GuildMembersTable,
  GuildsTable,
} from '../src/store/tables/groups.js';
import { openDatabase } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import type { Database } from '../src/store/schema.js';
import type { AccountsTable } from '../src/store/tables/accounts.js';
import type {
  AnalyticsAcquisitionsTable,
  AnalyticsDevicesTable,
} from '../src/store/tables/analytics.js';
import type { ExternalIdentitiesTable } from '../src/store/tables/external-identities.js';
import type {
  AppPlayersTable,
  IdentitiesTable,
  PlayerIdsTable,
  TokensTable,
} from '../src/store/tables/identity.js';
import type { RolesTable, ServerChoicesTable } from '../src/store/tables/roles.js';
import type { ScoresTable } from '../src/store/tables/leaderboards.js';
import type { FriendRequestsTable } from '../src/store/tables/social.js';
import type { CityMix, DatasetParams } from './dataset.js';
import {
  BENCH_APP,
  BOARD,
  cityMix,
  facebookIdOf,
  groupJoinKey,
  groupNumberOf,
  groupOpenid,
  guestidOf,
  GUILD_ZONE,
  guildMemberIds,
  guildName,
  guildUnionId,
  hubId,
  isHub,
  isTencentHub,
  META_KEY,
  momoUserid,
  openkeyOf,
  qqOpenid,
  tencentHubId,
  publicIdOf,
  seededRandom,
  tokenForBusinessOf,
  tokenHolderId,
  touristDeviceOf,
  vtokenOf,
  wxOpenid,
  XCLOUD_CHANNEL,
  XCLOUD_DEVICE_MODEL,
  xcloudGidloginid,
  xcloudServerOf,
  xcloudUid,
} from './dataset.js';

export type SeedTarget =
  { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string };

export interface SeedOutcome {
  /** False when a cached database with the same parameters was reused. */
  seeded: boolean;
  seconds: number;
}

const PLAYER_CHUNK = 50_000;
const HUB_CHUNK = 1_000;
const GUILD_CHUNK = 100;
/** Bound parameters per statement: SQLite allows 32,766, PostgreSQL 65,535. */
const MAX_PARAMS = { sqlite: 30_000, postgres: 60_000 } as const;
const DAY_MS = 86_400_000;

/** Seeds the benchmark dataset unless the target already holds exactly these parameters. */
export async function ensureSeeded(
  target: SeedTarget,
  params: DatasetParams,
  fresh: boolean,
): Promise<SeedOutcome> {
  const started = performance.now();
  if (!fresh && (await holds(target, params))) return { seeded: false, seconds: 0 };
  await wipe(target);
  const handle = open(target);
  try {
    if (target.kind === 'postgres') {
      await handle.db.schema.createSchema(target.schema).ifNotExists().execute();
    }
    await migrateToLatest(handle);
    await seed(handle, params, label(target), target.kind === 'sqlite' ? target.file : undefined);
    await finish(handle);
    // Last: a run that failed before this point leaves no dataset a later run would reuse.
    await handle.db
      .insertInto('meta')
      .values({ key: META_KEY, value: fingerprint(params) })
      .execute();
  } finally {
    await handle.close();
  }
  return { seeded: true, seconds: (performance.now() - started) / 1000 };
}

function open(target: SeedTarget): DatabaseHandle {
  return target.kind === 'sqlite'
    ? openDatabase({ sqliteFile: target.file })
    : openDatabase({ url: target.url, schema: target.schema, poolSize: 2 });
}

function label(target: SeedTarget): string {
  return target.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
}

/** What a cached database must match to be reused: the parameters and the app's credentials. */
function fingerprint(params: DatasetParams): string {
  return JSON.stringify({ params, app: BENCH_APP });
}

async function holds(target: SeedTarget, params: DatasetParams): Promise<boolean> {
  const handle = open(target);
  try {
    const row = await handle.db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', META_KEY)
      .executeTakeFirst();
    return row?.value === fingerprint(params);
  } catch {
    return false; // no schema yet
  } finally {
    await handle.close();
  }
}

async function wipe(target: SeedTarget): Promise<void> {
  if (target.kind === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(target.file + suffix, { force: true });
    return;
  }
  const handle = openDatabase({ url: target.url, poolSize: 1 });
  try {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(target.schema)} CASCADE`.execute(handle.db);
  } finally {
    await handle.close();
  }
}

/**
 * The server's checkpointer copies the WAL back in the background, but a bulk load writes faster
 * than it copies, and the WAL only restarts once it has caught up: at 10M players it grew past
 * 30 GB. Past this size the seeding connection checkpoints it itself.
 */
const SEED_WAL_LIMIT_BYTES = 1024 ** 3;

async function seed(
  handle: DatabaseHandle,
  params: DatasetParams,
  name: string,
  sqliteFile?: string,
): Promise<void> {
  const { db, kind } = handle;
  const now = Date.now();
  if (kind === 'sqlite') {
    // Per-connection settings for the bulk load only: the rows are consistent by construction,
    // and durability comes from the final checkpoint.
    await sql`PRAGMA foreign_keys = OFF`.execute(db);
    await sql`PRAGMA synchronous = OFF`.execute(db);
    await sql`PRAGMA cache_size = -262144`.execute(db);
  }
  await db
    .insertInto('apps')
    .values({
      id: BENCH_APP.id,
      name: BENCH_APP.name,
      settings: JSON.stringify(DEFAULT_APP_SETTINGS),
      created_at: now,
      updated_at: now,
    })
    .execute();
  // In the clear: the first process to open the database seals the secret ones.
  await db
    .insertInto('app_credentials')
    .values(
      (
        [
          ['momo', 'appid', BENCH_APP.momoAppid],
          ['momo', 'app_secret', BENCH_APP.appSecret],
          ['msdk', 'qq_appid', BENCH_APP.qqAppid],
          ['msdk', 'wx_appid', BENCH_APP.wxAppid],
          ['msdk', 'appkey', BENCH_APP.appSecret],
          ['msdk', 'msdkkey', BENCH_APP.msdkkey],
          ['xcloud', 'gid', BENCH_APP.xcloudGid],
          ['xcloud', 'app_id', BENCH_APP.xcloudAppId],
          ['xcloud', 'key', BENCH_APP.xcloudKey],
        ] as const
      ).map(([dialect, name, value]) => ({
        app_id: BENCH_APP.id,
        dialect,
        name,
        value,
        sealed: 0,
      })),
    )
    .execute();

  const cities = cityMix(params);
  const maxParams = MAX_PARAMS[kind];
  // PostgreSQL: two transactions at a time, so that building rows here overlaps inserting there.
  const concurrency = kind === 'postgres' ? 2 : 1;
  const skipForeignKeys = kind === 'postgres' && (await isSuperuser(db));
  const walBytes = () => statSync(`${sqliteFile}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  const transaction = async <T>(work: (trx: Kysely<Database>) => Promise<T>) => {
    const result = await db.transaction().execute(async (trx) => {
      // The rows are consistent by construction: skip the per-row foreign-key triggers.
      if (skipForeignKeys) await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      return work(trx);
    });
    if (sqliteFile && walBytes() > SEED_WAL_LIMIT_BYTES) {
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    }
    return result;
  };
  const bars = new cliProgress.MultiBar(
    {
      format: `  seed ${name.padEnd(10)} {phase} [{bar}] {percentage}% {value}/{total} {duration}s`,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const playerBar = bars.create(params.players, 0, { phase: 'players' });
  const friendBar = bars.create(
    params.hubs * params.friendsPerHub + params.tencentHubs * params.friendsPerTencentHub,
    0,
    { phase: 'friends' },
  );
  const guildBar = bars.create(params.guilds, 0, { phase: 'guilds' });
  try {
    await forEachLimited(starts(1, params.players, PLAYER_CHUNK), concurrency, async (first) => {
      const last = Math.min(params.players, first + PLAYER_CHUNK - 1);
      const rows = playerRows(params, cities, first, last, now);
      await transaction(async (trx) => {
        await insertAll(rows.accounts, maxParams, (b) => trx.insertInto('accounts').values(b));
        await insertAll(rows.players, maxParams, (b) => trx.insertInto('app_players').values(b));
        await insertAll(rows.scores, maxParams, (b) => trx.insertInto('scores').values(b));
        await insertAll(rows.tokens, maxParams, (b) => trx.insertInto('tokens').values(b));
        await insertAll(rows.ids, maxParams, (b) => trx.insertInto('player_ids').values(b));
        const { xcloud } = rows;
        await insertAll(xcloud.devices, maxParams, (b) => trx.insertInto('identities').values(b));
        await insertAll(xcloud.facebook, maxParams, (b) =>
          trx.insertInto('external_identities').values(b),
        );
        await insertAll(xcloud.roles, maxParams, (b) => trx.insertInto('roles').values(b));
        await insertAll(xcloud.servers, maxParams, (b) =>
          trx.insertInto('server_choices').values(b),
        );
        await insertAll(xcloud.seen, maxParams, (b) =>
          trx.insertInto('analytics_devices').values(b),
        );
        await insertAll(xcloud.channels, maxParams, (b) =>
          trx.insertInto('analytics_acquisitions').values(b),
        );
      });
      playerBar.increment(last - first + 1);
    });
    await forEachLimited(starts(0, params.hubs - 1, HUB_CHUNK), concurrency, async (first) => {
      const last = Math.min(params.hubs, first + HUB_CHUNK);
      const rows = friendRows(params, momoHubs(params), first, last, now);
      await transaction((trx) =>
        insertAll(rows, maxParams, (b) => trx.insertInto('friend_requests').values(b)),
      );
      friendBar.increment((last - first) * params.friendsPerHub);
    });
    const qqHubs = tencentHubs(params);
    await forEachLimited(
      starts(0, params.tencentHubs - 1, HUB_CHUNK),
      concurrency,
      async (first) => {
        const last = Math.min(params.tencentHubs, first + HUB_CHUNK);
        const rows = friendRows(params, qqHubs, first, last, now);
        await transaction((trx) =>
          insertAll(rows, maxParams, (b) => trx.insertInto('friend_requests').values(b)),
        );
        friendBar.increment((last - first) * params.friendsPerTencentHub);
      },
    );
    await forEachLimited(starts(0, params.guilds - 1, GUILD_CHUNK), concurrency, async (first) => {
      const last = Math.min(params.guilds, first + GUILD_CHUNK);
      const rows = guildRows(params, first, last, now);
      await transaction(async (trx) => {
        await insertAll(rows.guilds, maxParams, (b) => trx.insertInto('guilds').values(b));
        await insertAll(rows.guildMembers, maxParams, (b) =>
          trx.insertInto('guild_members').values(b),
        );
        await insertAll(rows.groups, maxParams, (b) => trx.insertInto('groups').values(b));
        await insertAll(rows.groupMembers, maxParams, (b) =>
          trx.insertInto('group_members').values(b),
        );
      });
      guildBar.increment(last - first);
    });
  } finally {
    bars.stop();
  }
}

/** Leaves the database as a running server would find it. */
async function finish({ db, kind }: DatabaseHandle): Promise<void> {
  if (kind === 'sqlite') {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    return;
  }
  // Ids were inserted explicitly: move the sequences past them for later sign-ups and groups.
  for (const table of ['accounts', 'guilds', 'groups']) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT max(id) FROM ${sql.table(table)}))`.execute(
      db,
    );
  }
  await sql`VACUUM ANALYZE accounts, app_players, scores, tokens, player_ids, friend_requests, guilds, guild_members, groups, group_members, identities, external_identities, roles, server_choices, analytics_devices, analytics_acquisitions`.execute(
    db,
  );
}

interface PlayerRows {
  accounts: Insertable<AccountsTable>[];
  players: Insertable<AppPlayersTable>[];
  scores: Insertable<ScoresTable>[];
  tokens: Insertable<TokensTable>[];
  ids: Insertable<PlayerIdsTable>[];
  xcloud: XcloudRows;
}

/** What the xcloud login calls of a returning player find (token holders only). */
interface XcloudRows {
  /** The guest device /Pt/tourist logs in by. */
  devices: Insertable<IdentitiesTable>[];
  /** The Facebook identity /Pt/getfb logs in by (unverified: the app configures no Facebook). */
  facebook: Insertable<ExternalIdentitiesTable>[];
  /** A role on a server, and that server chosen last (/Pt/getsid chooses it again). */
  roles: Insertable<RolesTable>[];
  servers: Insertable<ServerChoicesTable>[];
  /** The device and channel the logins report, already known. */
  seen: Insertable<AnalyticsDevicesTable>[];
  channels: Insertable<AnalyticsAcquisitionsTable>[];
}

function playerRows(
  params: DatasetParams,
  cities: CityMix,
  first: number,
  last: number,
  now: number,
): PlayerRows {
  const random = seededRandom(params.seed ^ first);
  const rows: PlayerRows = {
    accounts: [],
    players: [],
    scores: [],
    tokens: [],
    ids: [],
    xcloud: { devices: [], facebook: [], roles: [], servers: [], seen: [], channels: [] },
  };
  const seqBase = (now - DAY_MS) * 1000;
  for (let id = first; id <= last; id++) {
    const city = cities.pick(random());
    const areaId = cities.ids[city]!;
    const createdAt = now - Math.floor(random() * 365 * DAY_MS);
    const registered = random() < 0.2;
    let location: { lat: number; lng: number } | null = null;
    if (random() < params.locatedShare) {
      const centre = cities.centres[city]!;
      location = { lat: centre.lat + random() - 0.5, lng: centre.lng + random() - 0.5 };
    }
    rows.accounts.push({
      id,
      public_id: publicIdOf(id),
      kind: registered ? 'password' : 'guest',
      name: `玩家${id}`,
      sex: random() < 0.5 ? 'M' : 'F',
      birthday: random() < 0.7 ? birthday(random) : null,
      photos: random() < 0.6 ? JSON.stringify([`ph_${id.toString(36)}`]) : '[]',
      sign: random() < 0.3 ? '今天也要加油' : '',
      area_id: areaId,
      lat: location?.lat ?? null,
      lng: location?.lng ?? null,
      geohash: location && geohashOf(location.lat, location.lng),
      loc_time: location && now - Math.floor(random() * 30 * DAY_MS),
      regstate: registered ? 3 : 1,
      vip: random() < 0.05 ? 1 + Math.floor(random() * 7) : 0,
      is_spam: 0,
      profile_version: 1,
      created_at: createdAt,
    });
    rows.players.push({
      app_id: BENCH_APP.id,
      account_id: id,
      created_at: createdAt,
    });
    // Everyone plays on QQ and WeChat.
    const ids: [string, string, number][] = [
      [MOMO_USERID, momoUserid(id), 1],
      [TENCENT_NAMESPACE.qq, qqOpenid(id), 1],
      [TENCENT_NAMESPACE.wx, wxOpenid(id), 1],
      [TENCENT_NAMESPACE.guest, guestidOf(id), 0],
    ];
    for (const [namespace, publicId, active] of ids) {
      rows.ids.push({
        app_id: BENCH_APP.id,
        namespace,
        public_id: publicId,
        account_id: id,
        active,
        created_at: createdAt,
      });
    }
    if (isTencentHub(params, id)) rows.tokens.push(openkeyRow(id, now));
    rows.scores.push({
      app_id: BENCH_APP.id,
      board: BOARD,
      member_id: id,
      member_kind: 'account',
      score: Math.floor(random() * random() * 10_000_000),
      seq: seqBase + id,
      area_id: areaId,
    });
  }
  const stride = Math.floor(params.players / params.tokenHolders);
  for (let index = Math.ceil((first - 2) / stride); index < params.tokenHolders; index++) {
    const id = tokenHolderId(params, index);
    if (id > last) break;
    if (id < first) continue;
    rows.tokens.push({
      hash: tokenHash(vtokenOf(id)),
      kind: MOMO_TOKEN.vtoken,
      app_id: BENCH_APP.id,
      account_id: id,
      // A year rather than a day, so a cached database stays usable.
      expires_at: now + 365 * DAY_MS,
      created_at: now,
    });
    rows.tokens.push(openkeyRow(id, now));
    addXcloudRows(rows, id, now);
  }
  return rows;
}

/** A token holder's xcloud ids, guest device, Facebook identity, role and reported channel. */
function addXcloudRows(rows: PlayerRows, id: number, now: number): void {
  const app_id = BENCH_APP.id;
  for (const [namespace, publicId] of [
    [XCLOUD_UID, xcloudUid(id)],
    [XCLOUD_GIDLOGINID, xcloudGidloginid(id)],
  ] as const) {
    rows.ids.push({
      app_id,
      namespace,
      public_id: publicId,
      account_id: id,
      active: 1,
      created_at: now,
    });
  }
  const { xcloud } = rows;
  const device = touristDeviceOf(id);
  xcloud.devices.push({
    provider: 'device',
    subject: device,
    account_id: id,
    secret_hash: null,
    created_at: now,
  });
  xcloud.facebook.push({
    app_id,
    provider: 'facebook',
    subject: tokenForBusinessOf(id),
    account_id: id,
    verified: 0,
    display_name: `Player ${id}`,
    email: '',
    picture: '',
    extra: JSON.stringify({ facebook_id: facebookIdOf(id) }),
    created_at: now,
    updated_at: now,
  });
  const server_id = xcloudServerOf(id);
  xcloud.roles.push({
    app_id,
    account_id: id,
    server_id,
    role_id: `r${id}`,
    name: `Role ${id}`,
    level: 1 + (id % 80),
    power: id % 100_000,
    vip: 0,
    reported_at: now,
    created_at: now,
    updated_at: now,
  });
  xcloud.servers.push({
    app_id,
    account_id: id,
    server_id,
    entry_type: '',
    entry_name: '',
    entry_lang: '',
    source: XCLOUD_CHANNEL.source,
    main_source: XCLOUD_CHANNEL.mainsource,
    sub_source: XCLOUD_CHANNEL.subsource,
    url: '',
    chosen_at: now,
  });
  xcloud.seen.push({
    app_id,
    platform: 'ios',
    device_id: device,
    account_id: id,
    model: XCLOUD_DEVICE_MODEL,
    os_version: '',
    extra: '{}',
    first_seen_at: now,
    last_seen_at: now,
  });
  const channel = JSON.stringify({
    ...XCLOUD_CHANNEL,
    entryType: '',
    entryName: '',
    entryLang: '',
  });
  xcloud.channels.push({
    app_id,
    account_id: id,
    first: channel,
    first_at: now,
    latest: channel,
    latest_at: now,
  });
}

/** A QQ openkey good for the 90 days verify_login may stretch it to. */
function openkeyRow(accountId: number, now: number): Insertable<TokensTable> {
  return {
    hash: tokenHash(openkeyOf(accountId)),
    kind: TENCENT_TOKEN.qqOpenkey,
    app_id: BENCH_APP.id,
    account_id: accountId,
    expires_at: now + 90 * DAY_MS,
    created_at: now,
  };
}

function birthday(random: () => number): string {
  const year = 1975 + Math.floor(random() * 33);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Players with many friends: who they are and how many friends each has. */
interface HubKind {
  id(index: number): number;
  friends: number;
  /** Keeps the two kinds' seeds apart. */
  salt: number;
}

const momoHubs = (params: DatasetParams): HubKind => ({
  id: (index) => hubId(params, index),
  friends: params.friendsPerHub,
  salt: 0x40000000,
});

const tencentHubs = (params: DatasetParams): HubKind => ({
  id: (index) => tencentHubId(params, index),
  friends: params.friendsPerTencentHub,
  salt: 0x50000000,
});

/** Mutual friendships: a request in each direction between a hub and each of its friends. */
function friendRows(
  params: DatasetParams,
  kind: HubKind,
  firstHub: number,
  lastHub: number,
  now: number,
): Insertable<FriendRequestsTable>[] {
  const random = seededRandom(params.seed ^ (kind.salt + firstHub));
  const rows: Insertable<FriendRequestsTable>[] = [];
  for (let index = firstHub; index < lastHub; index++) {
    const hub = kind.id(index);
    const friends = new Set<number>();
    while (friends.size < kind.friends) {
      const friend = 1 + Math.floor(random() * params.players);
      if (!isHub(params, friend) && !isTencentHub(params, friend)) friends.add(friend);
    }
    for (const friend of friends) {
      rows.push({ from_id: hub, to_id: friend, created_at: now });
      rows.push({ from_id: friend, to_id: hub, created_at: now });
    }
  }
  return rows;
}

interface GuildRows {
  guilds: Insertable<GuildsTable>[];
  guildMembers: Insertable<GuildMembersTable>[];
  groups: Insertable<GroupsTable>[];
  groupMembers: Insertable<GroupMembersTable>[];
}

/**
 * Guilds firstGuild..lastGuild-1, each bound to its group (ids: index + 1), as a group created
 * by its first member would be, and joined by the others: in the roster and the group alike.
 */
function guildRows(
  params: DatasetParams,
  firstGuild: number,
  lastGuild: number,
  now: number,
): GuildRows {
  const rows: GuildRows = { guilds: [], guildMembers: [], groups: [], groupMembers: [] };
  for (let index = firstGuild; index < lastGuild; index++) {
    const id = index + 1;
    const members = guildMemberIds(params, index);
    const owner = members[0]!;
    const name = guildName(index);
    rows.guilds.push({
      id,
      app_id: BENCH_APP.id,
      union_id: guildUnionId(index),
      zone: GUILD_ZONE,
      kind: 'guild',
      name,
      president_id: owner,
      unbound_at: null,
      created_at: now,
    });
    rows.groups.push({
      id,
      app_id: BENCH_APP.id,
      number: groupNumberOf(index),
      guild_id: id,
      open_id: groupOpenid(index),
      join_key: groupJoinKey(index),
      name,
      sign: `欢迎加入${name}`,
      photos: '[]',
      lat: null,
      lng: null,
      owner_id: owner,
      max_members: DEFAULT_MAX_GROUP_MEMBERS,
      created_at: now,
      dissolved_at: null,
    });
    for (const [position, accountId] of members.entries()) {
      const joinedAt = now + position;
      rows.guildMembers.push({
        guild_id: id,
        account_id: accountId,
        joined_at: joinedAt,
        reminded_on: null,
      });
      rows.groupMembers.push({
        group_id: id,
        account_id: accountId,
        role: position === 0 ? 'owner' : 'member',
        joined_at: joinedAt,
        label: null,
        nickname: null,
        zone_id: null,
        role_id: null,
        plat_id: null,
      });
    }
  }
  return rows;
}

async function isSuperuser(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{
    rolsuper: boolean;
  }>`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`.execute(db);
  return rows[0]?.rolsuper === true;
}

/** First values of the chunks covering from..to (inclusive). */
function starts(from: number, to: number, chunk: number): number[] {
  const result: number[] = [];
  for (let first = from; first <= to; first += chunk) result.push(first);
  return result;
}

/** Runs `work` over the items, at most `limit` at a time; the first failure rejects. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        next = items.length; // the other workers stop after their current item
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Multi-row inserts, as many rows per statement as the parameter limit allows. */
async function insertAll<R extends object>(
  rows: readonly R[],
  maxParams: number,
  insert: (batch: R[]) => { execute(): Promise<unknown> },
): Promise<void> {
  if (rows.length === 0) return;
  const perStatement = Math.max(1, Math.floor(maxParams / Object.keys(rows[0]!).length));
  for (let start = 0; start < rows.length; start += perStatement) {
    await insert(rows.slice(start, start + perStatement)).execute();
  }
}
