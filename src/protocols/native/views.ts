import { z } from 'zod';
import type { Account } from '../../core/players/types.js';

/** A player's profile as the native APIs show it. */
export const profileAnswer = z.object({
  player_id: z.string(),
  name: z.string(),
  sex: z.enum(['M', 'F', '']),
  birthday: z.string().nullable(),
  photos: z.array(z.string()),
  sign: z.string(),
  city_code: z.string().nullable(),
  location: z.object({ lat: z.number(), lng: z.number(), at: z.number() }).nullable(),
});

export function profileView(account: Account): z.infer<typeof profileAnswer> {
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
