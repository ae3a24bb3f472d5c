import { createHash } from 'node:crypto';
import { xcloudSign } from '../src/protocols/xcloud/sign.js';
import type { DatasetParams } from './dataset.js';
import {
  BENCH_APP,
  BOARD,
  facebookIdOf,
  groupNumberOf,
  guildMemberIds,
  hubId,
  momoUserid,
  openkeyOf,
  qqOpenid,
  tencentHubId,
  tokenForBusinessOf,
  tokenHolderId,
  touristDeviceOf,
  vtokenOf,
  XCLOUD_CHANNEL,
  XCLOUD_DEVICE_MODEL,
  xcloudGidloginid,
  xcloudServerOf,
  xcloudUid,
} from './dataset.js';

export type ScenarioName =
  | 'app/check'
  | 'rank/total'
  | 'rank/area'
  | 'rank/friend'
  | 'rank/update'
  | 'auth/verify_login'
  | 'relation/qqfriends_detail'
  | 'relation/get_groupinfov2'
  | 'relation/get_group_detail'
  | 'xcloud/tourist'
  | 'xcloud/getfb'
  | 'xcloud/getsid';

/** Every scenario, in the report's order (a record, so that none is left out). */
const NAMES: Record<ScenarioName, true> = {
  'app/check': true,
  'rank/total': true,
  'rank/area': true,
  'rank/friend': true,
  'rank/update': true,
  'auth/verify_login': true,
  'relation/qqfriends_detail': true,
  'relation/get_groupinfov2': true,
  'relation/get_group_detail': true,
  'xcloud/tourist': true,
  'xcloud/getfb': true,
  'xcloud/getsid': true,
};
export const SCENARIO_NAMES: ReadonlySet<ScenarioName> = new Set(
  Object.keys(NAMES) as ScenarioName[],
);

export interface Scenario {
  name: ScenarioName;
  path: string;
  /** Entries written per request (rank/update), else 1. */
  entriesPerRequest: number;
  nextBody(): string;
  /** How a successful answer starts (default: the Momo envelope). */
  successPrefix?: string;
}

export const UPDATE_BATCH = 100;
const MOMO = '/game/2/server/';
const CREDENTIALS = `appid=${BENCH_APP.momoAppid}&app_secret=${BENCH_APP.appSecret}`;

const below = (n: number) => Math.floor(Math.random() * n);

/**
 * encodeURIComponent(JSON.stringify({ userid, score_type, score })) written out: a hex userid and
 * an integer score need no escaping, and encoding 10 KB per request would slow the load generator.
 */
function encodedEntry(userid: string, score: number): string {
  return `%7B%22userid%22%3A%22${userid}%22%2C%22score_type%22%3A%22${BOARD}%22%2C%22score%22%3A${score}%7D`;
}

/** The Momo calls under test; each request asks as (or about) a different random player. */
export function scenarios(params: DatasetParams): Scenario[] {
  const anyPlayer = () => momoUserid(1 + below(params.players));
  const board = (userid: string) => `${CREDENTIALS}&score_type=${BOARD}&userid=${userid}`;
  return [
    {
      name: 'app/check',
      path: `${MOMO}app/check`,
      entriesPerRequest: 1,
      nextBody() {
        const id = tokenHolderId(params, below(params.tokenHolders));
        return `${CREDENTIALS}&userid=${momoUserid(id)}&vtoken=${vtokenOf(id)}`;
      },
    },
    {
      name: 'rank/total',
      path: `${MOMO}rank/total`,
      entriesPerRequest: 1,
      nextBody: () => board(anyPlayer()),
    },
    {
      name: 'rank/area',
      path: `${MOMO}rank/area`,
      entriesPerRequest: 1,
      nextBody: () => board(anyPlayer()),
    },
    {
      name: 'rank/friend',
      path: `${MOMO}rank/friend`,
      entriesPerRequest: 1,
      nextBody: () => board(momoUserid(hubId(params, below(params.hubs)))),
    },
    {
      name: 'rank/update',
      path: `${MOMO}rank/update`,
      entriesPerRequest: UPDATE_BATCH,
      nextBody() {
        const entries: string[] = [];
        for (let i = 0; i < UPDATE_BATCH; i++) {
          entries.push(encodedEntry(anyPlayer(), below(10_000_000)));
        }
        return `${CREDENTIALS}&data=%5B${entries.join('%2C')}%5D`;
      },
    },
  ];
}

/** The MSDK URL of a path, signed with the msdkkey (encode=2) over a fixed timestamp. */
function msdkPath(path: string): string {
  const timestamp = '1763700000';
  const sig = createHash('md5')
    .update(BENCH_APP.msdkkey + timestamp)
    .digest('hex');
  return `/${path}?timestamp=${timestamp}&appid=${BENCH_APP.qqAppid}&sig=${sig}&encode=2`;
}

/** The MSDK calls under test: a JSON body (sent as a form, as real clients do). */
export function msdkScenarios(params: DatasetParams): Scenario[] {
  const successPrefix = '{"ret":0,';
  const groupMembers = guildMembers(params);
  /** A random member of a random group: its number, and the member's openid and openkey. */
  const groupCaller = () => {
    const index = below(params.guilds);
    const members = groupMembers(index);
    const id = members[below(members.length)]!;
    return { gc: groupNumberOf(index), openid: qqOpenid(id), openkey: openkeyOf(id) };
  };
  return [
    {
      name: 'auth/verify_login',
      path: msdkPath('auth/verify_login'),
      entriesPerRequest: 1,
      successPrefix,
      nextBody() {
        const id = tokenHolderId(params, below(params.tokenHolders));
        return `{"appid":${BENCH_APP.qqAppid},"openid":"${qqOpenid(id)}","openkey":"${openkeyOf(id)}","userip":"10.0.0.1"}`;
      },
    },
    {
      name: 'relation/qqfriends_detail',
      path: msdkPath('relation/qqfriends_detail'),
      entriesPerRequest: 1,
      successPrefix,
      nextBody() {
        const id = tencentHubId(params, below(params.tencentHubs));
        return `{"appid":"${BENCH_APP.qqAppid}","openid":"${qqOpenid(id)}","accessToken":"${openkeyOf(id)}","flag":1}`;
      },
    },
    {
      name: 'relation/get_groupinfov2',
      path: msdkPath('relation/get_groupinfov2'),
      entriesPerRequest: 1,
      successPrefix,
      nextBody() {
        const { gc, openid, openkey } = groupCaller();
        return `{"appid":"${BENCH_APP.qqAppid}","openid":"${openid}","accessToken":"${openkey}","gc":"${gc}"}`;
      },
    },
    {
      name: 'relation/get_group_detail',
      path: msdkPath('relation/get_group_detail'),
      entriesPerRequest: 1,
      successPrefix,
      nextBody() {
        const { gc, openid, openkey } = groupCaller();
        return `{"appid":"${BENCH_APP.qqAppid}","openid":"${openid}","accessToken":"${openkey}","opt":"1","groupCode":"${gc}"}`;
      },
    },
  ];
}

/**
 * `time` now: the app's freshness window (its default, 10 minutes) is checked as in production.
 */
const unixNow = () => String(Math.floor(Date.now() / 1000));

/** A signed xcloud form: the sign over the fields less `unsigned`, every value encoded. */
function xcloudForm(fields: Record<string, string>, unsigned: readonly string[] = []): string {
  const signed = Object.fromEntries(
    Object.entries(fields).filter(([name]) => !unsigned.includes(name)),
  );
  const sign = xcloudSign(signed, BENCH_APP.xcloudKey);
  return Object.entries({ ...fields, sign })
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
}

/** The xcloud calls a game makes per login, each by a random returning player (token holder). */
export function xcloudScenarios(params: DatasetParams): Scenario[] {
  const successPrefix = '{"status":200,';
  const anyPlayer = () => tokenHolderId(params, below(params.tokenHolders));
  const channel = { ...XCLOUD_CHANNEL };
  const device = (id: number) =>
    `{"deviceuuid":"${touristDeviceOf(id)}","devicemodel":"${XCLOUD_DEVICE_MODEL}"}`;
  return [
    {
      name: 'xcloud/tourist',
      path: '/Pt/tourist',
      entriesPerRequest: 1,
      successPrefix,
      nextBody: () =>
        xcloudForm(
          { device: device(anyPlayer()), ...channel, gameid: BENCH_APP.xcloudGid, time: unixNow() },
          ['device'],
        ),
    },
    {
      name: 'xcloud/getfb',
      path: '/Pt/getfb',
      entriesPerRequest: 1,
      successPrefix,
      nextBody() {
        const id = anyPlayer();
        const token = tokenForBusinessOf(id);
        // getfb alone of the three has no `time`.
        return xcloudForm(
          {
            token_for_business: token,
            ids_for_business: token,
            type: '2',
            device: device(id),
            gameid: BENCH_APP.xcloudGid,
            fbappid: '880001000000001',
            facebook_id: facebookIdOf(id),
            ...channel,
            first_name: 'Player',
            last_name: String(id),
            middle_name: '',
            name: `Player ${id}`,
            short_name: 'Player',
            name_format: '{first} {last}',
            email: '',
            regdate: '2026-01-01',
          },
          ['ids_for_business', 'device'],
        );
      },
    },
    {
      name: 'xcloud/getsid',
      path: '/Pt/getsid',
      entriesPerRequest: 1,
      successPrefix,
      nextBody() {
        const id = anyPlayer();
        return xcloudForm({
          uid: xcloudUid(id),
          lastsid: String(xcloudServerOf(id)),
          ...channel,
          gidloginid: xcloudGidloginid(id),
          time: unixNow(),
        });
      },
    },
  ];
}

/** Each guild's members, derived on first use (the same ones bench/seed.ts inserted). */
function guildMembers(params: DatasetParams): (index: number) => readonly number[] {
  const cache = new Map<number, number[]>();
  return (index) => {
    let members = cache.get(index);
    if (!members) {
      members = guildMemberIds(params, index);
      cache.set(index, members);
    }
    return members;
  };
}

/** The floor's two shapes: a short form like a board read's, and a rank/update-sized one. */
export function floorScenarios(params: DatasetParams): { small: Scenario; batch: Scenario } {
  const byName = new Map(scenarios(params).map((s) => [s.name, s]));
  const shape = (name: ScenarioName): Scenario => ({ ...byName.get(name)!, path: '/floor' });
  return { small: shape('rank/total'), batch: shape('rank/update') };
}
