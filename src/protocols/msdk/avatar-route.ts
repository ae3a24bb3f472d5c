import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RecentMap } from '../../core/cache.js';
import { fail } from '../../core/errors.js';
import type { TencentPlatform } from './identity/types.js';
import type { MsdkServices } from './services.js';
import type { AvatarKind } from './avatars.js';
import { encodePalettePng } from '../http/png.js';
import { findByMsdkAppid } from './app-config.js';

/** The sizes each kind serves, the first one when the URL names none; 0 is the original. */
const SIZES: Record<AvatarKind, readonly number[]> = {
  qq: [40, 100],
  qzone: [50],
  wx: [0, 46, 64, 96, 132],
};
const PLATFORM_OF: Record<AvatarKind, TencentPlatform> = { qq: 'qq', qzone: 'qq', wx: 'wx' };
/** WeChat's original head picture is 640 pixels square. */
const ORIGINAL_SIZE = 640;
/** A 5×5 pattern mirrored left to right, with half a cell of margin around it. */
const GRID = 5;
const BACKGROUND: [number, number, number] = [240, 240, 240];

export const avatarParams = z.object({
  kind: z.enum(['qq', 'qzone', 'wx']),
  appid: z.string().min(1).max(64),
  openid: z.string().min(1).max(64),
  size: z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number)
    .optional(),
});

function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [channel(0), channel(8), channel(4)];
}

/** A deterministic identicon: its colour and pattern come from a hash of the seed. */
function identicon(seed: string, size: number): Buffer {
  const hash = createHash('sha256').update(seed).digest();
  const colour = hslToRgb(hash.readUInt16BE(0) % 360, 0.55, 0.5);
  const half = Math.ceil(GRID / 2);
  const filled = (column: number, row: number) => {
    const bit = (column < half ? column : GRID - 1 - column) * GRID + row;
    return ((hash[2 + (bit >> 3)] ?? 0) >> (bit & 7)) & 1;
  };
  // Pixel → half-cell: 2 × GRID + 2 half-cells across, the outer ones margin.
  const halves = 2 * GRID + 2;
  const cellOf = (p: number) => {
    const h = Math.floor((p * halves) / size);
    return h === 0 || h === halves - 1 ? -1 : (h - 1) >> 1;
  };
  const cells = Array.from({ length: size }, (_, p) => cellOf(p));
  const pixels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    const row = cells[y] ?? -1;
    if (row < 0) continue;
    for (let x = 0; x < size; x++) {
      const column = cells[x] ?? -1;
      if (column >= 0) pixels[y * size + x] = filled(column, row);
    }
  }
  return encodePalettePng(size, size, [BACKGROUND, colour], pixels);
}

/** The picture URLs, without and with a size. */
export const AVATAR_URLS = ['/avatars/:kind/:appid/:openid', '/avatars/:kind/:appid/:openid/:size'];

/**
 * Players' pictures at the URLs the MSDK answers give (avatars.ts):
 * /avatars/<kind>/<appid>/<openid>[/<size>]. Guildhall holds no photos of Tencent players, so
 * each gets an identicon of its own, the same at every request.
 */
export function registerAvatars(app: FastifyInstance, services: MsdkServices): void {
  const pictures = new RecentMap<string, Buffer>(2_000);
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = avatarParams.safeParse(request.params);
    if (!parsed.success) return fail('not_found', 'no such picture');
    const { kind, appid, openid, size = SIZES[kind][0] } = parsed.data;
    if (size === undefined || !SIZES[kind].includes(size)) {
      return fail('not_found', `${kind} pictures come in sizes ${SIZES[kind].join(', ')}`);
    }
    const found = await findByMsdkAppid(services.apps, appid);
    const onPlatform = PLATFORM_OF[kind];
    // Any id Guildhall gave out has a picture, also a friend's who does not play yet.
    const [player] =
      found?.platform === onPlatform
        ? await services.tencent.byOpenids(found.app.id, onPlatform, [openid])
        : [];
    if (!player) return fail('not_found', `no player ${openid} in app ${appid}`);
    const pixels = size === 0 ? ORIGINAL_SIZE : size;
    const key = `${appid}/${openid}/${pixels}`;
    let png = pictures.get(key);
    if (!png) {
      png = identicon(`${appid}/${openid}`, pixels);
      pictures.set(key, png);
    }
    return reply.header('cache-control', 'public, max-age=86400').type('image/png').send(png);
  };
  for (const url of AVATAR_URLS) app.get(url, handler);
}
