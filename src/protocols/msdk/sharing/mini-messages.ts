import type { App } from '../../../core/apps/types.js';
import { fail } from '../../../core/errors.js';
import type { InboxService } from '../../../core/messaging/inbox.js';
import { SHARE_LIMITS } from '../../../core/sharing/types.js';
import type { TencentPlayer } from '../identity/types.js';
import type { TencentFriends } from '../relation/tencent-friends.js';

/** Which build of the mini program a message opens. */
export type MiniProgramEnv = 'release' | 'develop' | 'trial';

/** A WeChat mini-program card: opens `path` in the mini program `weappId`. */
export interface MiniProgramMessage {
  weappId: string;
  /** The page, with the query the mini program reads ("pages/index/index?v=123"). */
  path: string;
  env: MiniProgramEnv;
  /** The cover image. */
  picUrl: string;
  title: string;
  /** The game's tag for statistics ('' when none). */
  mediaTagName: string;
}

/**
 * Mini-program messages from a WeChat player to their own inbox or a friend's who plays the app
 * on WeChat: the same receivers as a WeChat share.
 */
export class MiniProgramMessages {
  constructor(
    private readonly friends: TencentFriends,
    private readonly inbox: InboxService,
  ) {}

  async send(
    app: App,
    sender: TencentPlayer,
    receiverOpenid: string,
    message: MiniProgramMessage,
  ): Promise<void> {
    const [receiver] = await this.friends.visibleProfiles(sender, 'wx', [receiverOpenid]);
    if (!receiver) {
      const [stranger] = await this.friends.profiles(app.id, 'wx', [receiverOpenid]);
      if (stranger) fail('not_permitted', 'the receiver is not a friend of the sender');
      fail('player.not_found', `no WeChat player ${receiverOpenid} in this app`);
    }
    const content = JSON.stringify({
      kind: 'wx_mini_program',
      from: sender.wxOpenid,
      weapp_id: message.weappId,
      path: message.path,
      env: message.env,
      pic_url: message.picUrl,
      title: message.title,
      media_tag_name: message.mediaTagName,
    });
    await this.inbox.toPlayer(app, receiver.player.accountId, content, {
      maxLength: SHARE_LIMITS.contentLength,
      pushText: message.title,
    });
  }
}
