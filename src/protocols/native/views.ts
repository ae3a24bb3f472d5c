import type { Account } from '../../core/players/types.js';

/** A player's profile as the native APIs show it. */
export function profileView(account: Account) {
  return {
    player_id: account.publicId,
    name: account.name,
    sex: account.sex,
    birthday: account.birthday,
    photos: account.photos,
    sign: account.sign,
    city_code: account.areaId === null ? null : String(account.areaId),
    location: account.location && {
      lat: account.location.lat,
      lng: account.location.lng,
      at: account.location.at,
    },
  };
}
