import type { App } from '../../../core/apps/types.js';
import type { SharingService } from '../../../core/sharing/shares.js';
import type { TencentPlatform, TencentPlayer } from '../identity/types.js';
import { TENCENT_NAMESPACE, tencentOpenid } from '../identity/types.js';

/** A share to the receiver's inbox: what the sender's game put in it, by kind. */
export type Share = QqShare | WechatShare | WechatLink;

/** A QQ game-center message (送心, 邀请, 超越, PVP). */
export interface QqShare {
  kind: 'qq_share';
  title: string;
  summary: string;
  /** '' when none. */
  previewText: string;
  imageUrl: string;
  targetUrl: string;
  gameTag: string;
}

/** A WeChat app message: opens the game with `extinfo`. */
export interface WechatShare {
  kind: 'wx_share';
  title: string;
  description: string;
  extinfo: string;
  mediaTagName: string;
  /** An uploaded image of the app, or '' for the app's icon. */
  thumbMediaId: string;
}

/** A WeChat link message. */
export interface WechatLink {
  kind: 'wx_link';
  title: string;
  description: string;
  url: string;
  thumbUrl: string;
}

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
 * Sends a share through core's sharing: QQ shares go to any QQ player of the app, at most 5 a day
 * per receiver and 3 of them from one sender; WeChat ones only to the sender or a friend who
 * plays the app on WeChat.
 */
export function sendShare(
  sharing: SharingService,
  app: App,
  sender: TencentPlayer,
  receiverOpenid: string,
  share: Share,
): Promise<void> {
  const platform: TencentPlatform = share.kind === 'qq_share' ? 'qq' : 'wx';
  return sharing.share(app, sender.accountId, {
    namespace: TENCENT_NAMESPACE[platform],
    receiverId: receiverOpenid,
    friendsOnly: platform === 'wx',
    dailyLimited: platform === 'qq',
    mediaId: share.kind === 'wx_share' ? share.thumbMediaId : undefined,
    content: contentOf(share, tencentOpenid(sender, platform)),
    title: share.title,
  });
}
