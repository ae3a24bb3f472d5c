import { areaName } from '../../core/players/areas.js';
import { ageOf, constellationOf } from '../../core/players/birthday.js';
import type { Account } from '../../core/players/types.js';

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The profile fields app/check returns, as the document lists them. */
export function momoProfile(account: Account, userid: string, now: number) {
  return {
    name: account.name,
    sex: account.sex,
    age: ageOf(account.birthday, now),
    constellation: constellationOf(account.birthday),
    photo: account.photos,
    regstate: account.regstate,
    vip: account.vip,
    sign: account.sign,
    reg_time: seconds(account.createdAt),
    userid,
    distance: 0,
    city: account.areaId === null ? '' : areaName(account.areaId),
    cityid: account.areaId === null ? '' : String(account.areaId),
    loc_timesec: account.location ? seconds(account.location.at) : 0,
    birthday: account.birthday ?? '',
    pversion: String(account.profileVersion),
    is_spam: account.isSpam ? '1' : '0',
    uid: account.publicId,
  };
}

interface EntryPieces {
  userid: string;
  day: number;
  /** Up to `"distance":`, up to `"score":`, and from `"is_auth"` on. */
  head: string;
  middle: string;
  tail: string;
}

/** Lists show the same players again and again: their fixed fields are serialized once a day. */
const piecesOf = new WeakMap<Account, EntryPieces>();

const DAY_MS = 86_400_000;
const UTC8_MS = 8 * 3_600_000;

function entryPieces(account: Account | undefined, userid: string, now: number): EntryPieces {
  const day = Math.floor((now + UTC8_MS) / DAY_MS);
  const cached = account && piecesOf.get(account);
  if (cached && cached.userid === userid && cached.day === day) return cached;
  const json = JSON.stringify;
  const pieces: EntryPieces = {
    userid,
    day,
    head:
      `{"userid":${json(userid)},"name":${json(account?.name ?? '')},"sex":${json(account?.sex ?? '')}` +
      `,"photos":${json(account?.photos ?? [])},"age":${ageOf(account?.birthday ?? null, now)}` +
      `,"constellation":${constellationOf(account?.birthday ?? null)},"sign":${json(account?.sign ?? '')}` +
      `,"distance":`,
    middle: `,"loc_timesec":${account?.location ? seconds(account.location.at) : 0},"score":`,
    tail: `,"is_auth":"","vip":${json(account && account.vip > 0 ? String(account.vip) : '')}}`,
  };
  if (account) piecesOf.set(account, pieces);
  return pieces;
}

/**
 * One player of a leaderboard list as the document lists them (userid, name, sex, photos, age,
 * constellation, sign, distance, loc_timesec, score, relation, is_auth, vip), serialized.
 */
export function momoRankEntryJson(
  account: Account | undefined,
  userid: string,
  score: number,
  distance: number,
  relation: string,
  now: number,
): string {
  const { head, middle, tail } = entryPieces(account, userid, now);
  return `${head}${distance}${middle}${JSON.stringify(score)},"relation":${JSON.stringify(relation)}${tail}`;
}
