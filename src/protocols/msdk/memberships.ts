import { z } from 'zod';
import type { MsdkEndpoint } from './endpoint.js';
import { msdkEndpoint } from './endpoint.js';
import { bit, callerAttributes } from './memberships-fields.js';
import { qqMembershipEndpoints } from './memberships-qq.js';
import { videoEndpoints } from './memberships-video.js';
import { vipFlagEndpoints } from './memberships-vip.js';
import { wxMembershipEndpoints } from './memberships-wx.js';

/** The first-login notice after real-name registration: flags as the strings "0" and "1". */
function firstRegEndpoint(path: string, platform: 'qq' | 'wx') {
  return msdkEndpoint({
    path,
    platforms: [platform],
    player: 'token',
    params: z.object({}),
    async handle(context) {
      const { realName } = await callerAttributes(context);
      return {
        need_pop: String(bit(realName.prompt)),
        realname_flag: String(bit(realName.verified)),
        mobile_flag: String(bit(realName.phoneBound)),
      };
    },
  });
}

/** VIP memberships and other platform attributes of players, as operators set them. */
export const membershipEndpoints: MsdkEndpoint[] = [
  ...qqMembershipEndpoints,
  ...vipFlagEndpoints,
  ...wxMembershipEndpoints,
  ...videoEndpoints,
  firstRegEndpoint('profile/qqget_first_reg', 'qq'),
  firstRegEndpoint('profile/wxget_first_reg', 'wx'),
];
