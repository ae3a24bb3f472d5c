import { DateTime } from 'luxon';
import type { App } from '../apps/types.js';
import { fail } from '../errors.js';
import type { InboxService } from '../messaging/inbox.js';
import type { TencentIdentity } from '../../protocols/msdk/identity/tencent-identity.js';
import type { TencentPlatform, TencentPlayer } from '../../protocols/msdk/identity/types.js';
import { TENCENT_PLATFORM_BIT, tencentOpenid } from '../../protocols/msdk/identity/types.js';
import type { Clock, Random } from '../runtime.js';
import type { Store } from '../../store/store.js';
import type { Share, ShareMedia } from './types.js';
import { SHARE_LIMITS } from './types.js';

/** The first bytes of each image type a share may carry. */
const IMAGE_SIGNATURES: Record<string, Buffer> = {
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
  'image/jpg': Buffer.from([0xff, 0xd8, 0xff]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  'image/gif': Buffer.from([0x47, 0x49, 0x46, 0x38]),
};

/** Who sent all of a receiver's shares, in the counters. */
const ANY_SENDER = 0;

/** The inbox message of a share: what the receiver's game client reads. */
function contentOf(share: Share, from: string): Record<string, string> {
  switch (share.kind) {
    case 'qq_share':
      return {
        kind: share.kind,
        from,
        title: share.title,
        summary: share.summary,
        preview_text: share.previewText,
        image_url: share.imageUrl,
        target_url: share.targetUrl,
        game_tag: share.gameTag,
      };
    case 'wx_share':
      return {
        kind: share.kind,
        from,
        title: share.title,
        description: share.description,
        extinfo: share.extinfo,
        media_tag_name: share.mediaTagName,
        thumb_media_id: share.thumbMediaId,
      };
    case 'wx_link':
      return {
        kind: share.kind,
        from,
        title: share.title,
        description: share.description,
        url: share.url,
        thumb_url: share.thumbUrl,
      };
  }
}

/**
 * Shares from one player to another, delivered to the receiver's inbox. QQ shares go to any QQ
 * player of the app, at most 5 a day per receiver and 3 of them from one sender; WeChat ones
 * only to the sender or a friend who plays the app on WeChat. Also the images shares show.
 */
export class SharingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly tencent: TencentIdentity,
    private readonly inbox: InboxService,
  ) {}

  async share(
    app: App,
    sender: TencentPlayer,
    receiverOpenid: string,
    share: Share,
  ): Promise<void> {
    const platform: TencentPlatform = share.kind === 'qq_share' ? 'qq' : 'wx';
    const receiver = await this.receiver(app.id, platform, receiverOpenid);
    if (platform === 'wx') await this.checkFriend(sender, receiver);
    if (share.kind === 'wx_share' && share.thumbMediaId !== '') {
      await this.media(share.thumbMediaId, app.id);
    }
    const content = JSON.stringify(contentOf(share, tencentOpenid(sender, platform)));
    const deliver = () =>
      this.inbox.toPlayer(app, receiver.accountId, content, {
        maxLength: SHARE_LIMITS.contentLength,
        pushText: share.title,
      });
    if (platform !== 'qq') {
      await deliver();
      return;
    }
    const day = DateTime.fromMillis(this.clock.now(), { zone: app.settings.timezone }).toISODate();
    if (!day) throw new Error(`bad time zone ${app.settings.timezone}`);
    await this.countDaily(app.id, receiver.accountId, sender.accountId, day);
    try {
      await deliver();
    } catch (error) {
      await this.store.transaction(async (store) => {
        await store.shares.uncount(app.id, receiver.accountId, ANY_SENDER, day);
        await store.shares.uncount(app.id, receiver.accountId, sender.accountId, day);
      });
      throw error;
    }
  }

  /** Stores an image for shares (the caller has checked that the app proved itself). */
  async uploadMedia(
    app: App,
    upload: { filename: string; contentType: string; data: Buffer },
  ): Promise<ShareMedia> {
    const contentType = upload.contentType.toLowerCase();
    const signature =
      IMAGE_SIGNATURES[contentType] ??
      fail('invalid_argument', 'content type: image/jpeg, image/jpg, image/png or image/gif');
    if (upload.data.length > SHARE_LIMITS.mediaBytes) {
      fail('invalid_argument', `the file is over ${SHARE_LIMITS.mediaBytes} bytes`);
    }
    if (!upload.data.subarray(0, signature.length).equals(signature)) {
      fail('invalid_argument', `the file is not ${contentType}`);
    }
    const media: ShareMedia = {
      mediaId: this.random.bytes(48).toString('base64url'),
      appId: app.id,
      filename: upload.filename,
      contentType,
      data: upload.data,
      createdAt: this.clock.now(),
    };
    await this.store.shares.insertMedia(media);
    return media;
  }

  /** An uploaded image (of the app, when given). */
  async media(mediaId: string, appId?: string): Promise<ShareMedia> {
    const media = await this.store.shares.media(mediaId);
    if (!media || (appId !== undefined && media.appId !== appId)) {
      fail('not_found', `no media ${mediaId} in this app`);
    }
    return media;
  }

  private async receiver(
    appId: string,
    platform: TencentPlatform,
    openid: string,
  ): Promise<TencentPlayer> {
    const [player] = await this.tencent.byOpenids(appId, platform, [openid]);
    if (!player || (player.platforms & TENCENT_PLATFORM_BIT[platform]) === 0) {
      fail('player.not_found', `no ${platform} player ${openid} in this app`);
    }
    return player;
  }

  private async checkFriend(sender: TencentPlayer, receiver: TencentPlayer): Promise<void> {
    if (receiver.accountId === sender.accountId) return;
    const friends = await this.store.friends.friendsOf(sender.accountId);
    if (!friends.includes(receiver.accountId)) {
      fail('player.not_found', 'the receiver is not a friend of the sender');
    }
  }

  /** Counts a share to the receiver, or fails when a daily limit is reached (race-free). */
  private countDaily(appId: string, receiverId: number, senderId: number, day: string) {
    return this.store.transaction(async (store) => {
      if (
        !(await store.shares.count(appId, receiverId, ANY_SENDER, day, SHARE_LIMITS.receivedDaily))
      ) {
        fail('limit.exceeded', `the receiver got ${SHARE_LIMITS.receivedDaily} shares today`);
      }
      const limit = SHARE_LIMITS.receivedDailyFromOne;
      if (!(await store.shares.count(appId, receiverId, senderId, day, limit))) {
        fail('limit.exceeded', `the receiver got ${limit} shares from this sender today`);
      }
    });
  }
}
