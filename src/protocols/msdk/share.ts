import { z } from 'zod';
import { SHARE_LIMITS } from '../../core/sharing/types.js';
import type { MsdkEndpoint } from './endpoint.js';
import { msdkEndpoint } from './endpoint.js';
import { MSDK_RET, MsdkFailure } from './errors.js';
import { sendShare } from './sharing/shares.js';
import {
  httpUrl,
  int,
  jsonOrString,
  openid,
  optionalUtf8,
  parsedUrl,
  str,
  utf8,
} from './params.js';
import { MSDK, msdkCredentials } from './app-config.js';

/** The QQ game-center message types, and the ADTAG their target_url must carry. */
const GAME_TAG_ADTAGS = {
  MSG_INVITE: 'gameobj.msg_invite',
  MSG_FRIEND_EXCEED: 'gameobj.msg_exceed',
  MSG_HEART_SEND: 'gameobj.msg_heart',
  MSG_SHARE_FRIEND_PVP: 'gameobj.msg_pvp',
} as const;

type GameTag = keyof typeof GAME_TAG_ADTAGS;

const friendRef = z.object({
  openid,
  type: z.union([z.literal(0), z.literal('0')]).optional(),
});

/** `[{"openid": ..., "type": 0}]` naming one friend; also that JSON inside a string. */
const fopenids = jsonOrString(
  z.union([z.tuple([friendRef]), friendRef.transform((friend) => [friend] as const)]),
).transform(([friend]) => friend.openid);

const qqShareParams = z
  .object({
    appid: str(32),
    oauth_consumer_key: str(32),
    act: int(0, 1).optional(),
    dst: int(1001, 1001),
    flag: int(1, 1),
    src: int(0, 2 ** 31 - 1).optional(),
    image_url: httpUrl(1024),
    title: utf8(45),
    summary: utf8(45),
    previewText: optionalUtf8(45),
    target_url: httpUrl(512),
    game_tag: z.enum(Object.keys(GAME_TAG_ADTAGS) as [GameTag, ...GameTag[]]),
    fopenids,
  })
  .superRefine((params, context) => {
    const adtag = GAME_TAG_ADTAGS[params.game_tag] as string | undefined;
    if (adtag === undefined) return;
    const adtags = parsedUrl(params.target_url)?.searchParams.getAll('ADTAG') ?? [];
    if (!adtags.includes(adtag)) {
      context.addIssue({
        code: 'custom',
        path: ['target_url'],
        message: `must carry ADTAG=${adtag} for ${params.game_tag}`,
      });
    }
  });

/** The bytes of a file as PHP's rawurlencode or Java's URLEncoder (ISO-8859-1) writes them. */
function percentDecoded(text: string): Buffer | undefined {
  const bytes = Buffer.alloc(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x25) {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes[length++] = Number.parseInt(hex, 16);
      i += 2;
    } else if (code === 0x2b) {
      // URLEncoder writes a space as '+'; rawurlencode writes '+' as %2B.
      bytes[length++] = 0x20;
    } else if (code <= 0xff) {
      bytes[length++] = code;
    } else {
      return undefined;
    }
  }
  return bytes.subarray(0, length);
}

const uploadParams = z
  .object({
    appid: str(64),
    secret: str(128),
    flag: int(1, 1).optional(),
    access_token: z.string().max(1024).optional(),
    type: z.literal('thumb').optional(),
    filename: str(256),
    filelength: int(1, SHARE_LIMITS.mediaBytes),
    content_type: str(64),
    binary: z
      .string()
      .min(1)
      .max(3 * SHARE_LIMITS.mediaBytes)
      .transform((binary, context) => {
        const bytes = percentDecoded(binary);
        if (!bytes) {
          context.addIssue({ code: 'custom', message: 'is not percent-encoded bytes' });
          return z.NEVER;
        }
        return bytes;
      }),
  })
  .refine(
    (params) => !Buffer.isBuffer(params.binary) || params.binary.length === params.filelength,
    {
      path: ['filelength'],
      message: 'is not the length of binary',
    },
  );

/** Body fields that repeat an appid of the app (the query's appid is checked already). */
function checkAppid(field: string, given: string, expected: string): void {
  if (given !== expected) {
    throw new MsdkFailure(MSDK_RET.parameterError, `${field}: is not this app's appid`);
  }
}

export const shareEndpoints: MsdkEndpoint[] = [
  msdkEndpoint({
    path: 'share/qq',
    platforms: ['qq'],
    player: 'token',
    params: qqShareParams,
    async handle({ services, app, player, params }) {
      checkAppid('appid', params.appid, msdkCredentials(app).qqAppid);
      checkAppid('oauth_consumer_key', params.oauth_consumer_key, msdkCredentials(app).qqAppid);
      await sendShare(services.sharing, app, player, params.fopenids, {
        kind: 'qq_share',
        title: params.title,
        summary: params.summary,
        previewText: params.previewText,
        imageUrl: params.image_url,
        targetUrl: params.target_url,
        gameTag: params.game_tag,
      });
      return {};
    },
  }),
  msdkEndpoint({
    path: 'share/upload_wx',
    platforms: ['wx'],
    // The app proves itself with its key; the access_token may be empty.
    player: 'none',
    params: uploadParams,
    async handle({ services, app, params }) {
      checkAppid('appid', params.appid, msdkCredentials(app).wxAppid);
      services.apps.checkSecret(app, MSDK, 'appkey', params.secret, 'secret is not the app key');
      const media = await services.sharing.uploadMedia(app, {
        filename: params.filename,
        contentType: params.content_type,
        data: params.binary,
      });
      return {
        type: 'thumb',
        media_id: media.mediaId,
        created_at: String(Math.floor(media.createdAt / 1000)),
        access_token: params.access_token ?? '',
        expire: '',
      };
    },
  }),
  msdkEndpoint({
    path: 'share/wx',
    platforms: ['wx'],
    player: 'token',
    params: z.object({
      fopenid: openid,
      title: utf8(512),
      description: utf8(1024),
      extinfo: optionalUtf8(2048),
      media_tag_name: optionalUtf8(64),
      thumb_media_id: z.string().trim().max(128).optional(),
    }),
    async handle({ services, app, player, params }) {
      await sendShare(services.sharing, app, player, params.fopenid, {
        kind: 'wx_share',
        title: params.title,
        description: params.description,
        extinfo: params.extinfo,
        mediaTagName: params.media_tag_name,
        thumbMediaId: params.thumb_media_id ?? '',
      });
      return {};
    },
  }),
  msdkEndpoint({
    path: 'share/wx_link',
    platforms: ['wx'],
    player: 'token',
    params: z.object({
      touser: openid,
      title: utf8(512),
      description: utf8(1024),
      url: httpUrl(1024),
      thumb_url: httpUrl(1024),
    }),
    async handle({ services, app, player, params }) {
      await sendShare(services.sharing, app, player, params.touser, {
        kind: 'wx_link',
        title: params.title,
        description: params.description,
        url: params.url,
        thumbUrl: params.thumb_url,
      });
      return {};
    },
  }),
];
