import { createHash } from 'node:crypto';
import { z } from 'zod';
import { secretsEqual } from '../../core/apps/service.js';
import { VIDEO_CHANNEL_MAX } from '../../core/memberships/types.js';
import { tencentOpenid } from './identity/types.js';
import { msdkEndpoint } from './endpoint.js';
import { MSDK_RET, MsdkFailure } from './errors.js';
import { bit, callerAttributes, planOf } from './memberships-fields.js';
import { int, str } from './params.js';

/** A video link is valid for 15 minutes either side of the server's time. */
const LINK_WINDOW_SEC = 15 * 60;

/**
 * Tencent Video membership (profile/qqget_video_vip, profile/wxget_video_vip). The game signs
 * each request with the channel's secret: md5(channel_id + secret + openid [+ accessToken for
 * QQ] + timestamp), lowercase hex; `timestamp` is the body's, unix seconds.
 */
function videoEndpoint(path: string, platform: 'qq' | 'wx') {
  return msdkEndpoint({
    path,
    platforms: [platform],
    // The QQ document's request carries the accessToken, WeChat's only the openid.
    player: platform === 'qq' ? 'token' : 'openid',
    params: z.object({
      channel_id: int(1, VIDEO_CHANNEL_MAX),
      timestamp: int(0, Number.MAX_SAFE_INTEGER),
      signature: str(64),
    }),
    okMessage: 'OK',
    async handle(context) {
      const { services: gh, app, player, token, params } = context;
      const now = Math.floor(gh.clock.now() / 1000);
      if (Math.abs(now - params.timestamp) > LINK_WINDOW_SEC) {
        throw new MsdkFailure(MSDK_RET.badSig, 'timestamp is more than 15 minutes from now');
      }
      const secret = await gh.memberships.videoChannelSecret(app.id, params.channel_id);
      const openid = tencentOpenid(player, platform);
      const signed = `${params.channel_id}${secret}${openid}${platform === 'qq' ? token : ''}${params.timestamp}`;
      const expected = createHash('md5').update(signed).digest('hex');
      if (!secretsEqual(params.signature, expected)) {
        throw new MsdkFailure(MSDK_RET.badSig, 'bad signature');
      }
      const video = planOf(await callerAttributes(context), 'video');
      return {
        annual_beg: video.yearlySince,
        annual_end: video.yearlyUntil,
        beg_time: video.since,
        end_time: video.until,
        is_annual: bit(video.yearly),
        service_type: video.plan,
        status: bit(video.active),
        vip_lv: video.level,
        vip_score: video.score,
      };
    },
  });
}

export const videoEndpoints = [
  videoEndpoint('profile/qqget_video_vip', 'qq'),
  videoEndpoint('profile/wxget_video_vip', 'wx'),
];
