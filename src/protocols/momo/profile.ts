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

/** One player of a leaderboard list, as the document lists them. */
export function momoRankEntry(
  account: Account | undefined,
  userid: string,
  score: number,
  distance: number,
  relation: string,
  now: number,
) {
  return {
    userid,
    name: account?.name ?? '',
    sex: account?.sex ?? '',
    photos: account?.photos ?? [],
    age: ageOf(account?.birthday ?? null, now),
    constellation: constellationOf(account?.birthday ?? null),
    sign: account?.sign ?? '',
    distance,
    loc_timesec: account?.location ? seconds(account.location.at) : 0,
    score,
    relation,
    is_auth: '',
    vip: account && account.vip > 0 ? String(account.vip) : '',
  };
}
