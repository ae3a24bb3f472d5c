import type { Services } from '../../services.js';
import { TencentIdentity } from './identity/tencent-identity.js';
import { TencentFriends } from './relation/tencent-friends.js';
import { MiniProgramMessages } from './sharing/mini-messages.js';

/** The services only MSDK has, built over the core ones. */
export interface MsdkOwnServices {
  readonly tencent: TencentIdentity;
  readonly tencentFriends: TencentFriends;
  readonly miniMessages: MiniProgramMessages;
}

/** What MSDK handlers use: the core services and the dialect's own. */
export type MsdkServices = Services & MsdkOwnServices;

/** The dialect's services over these core ones (once per process, at the plugin's start). */
export function msdkServices(services: Services): MsdkServices {
  const tencent = new TencentIdentity(services.publicIds, services.tokens, services.grants);
  const tencentFriends = new TencentFriends(services.playingFriends, services.directory, tencent);
  const own: MsdkOwnServices = {
    tencent,
    tencentFriends,
    miniMessages: new MiniProgramMessages(tencentFriends, services.messaging.inbox),
  };
  // The core services stay reachable through the prototype (getters and all).
  return Object.assign(Object.create(services) as Services, own);
}
