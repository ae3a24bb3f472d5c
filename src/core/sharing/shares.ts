import { DateTime } from 'luxon';
import type { App } from '../apps/types.js';
import { fail } from '../errors.js';
import type { InboxService } from '../messaging/inbox.js';
import type { PublicIds } from '../identity/public-ids.js';
import type { Clock, Random } from '../runtime.js';
import type { Store } from '../../store/store.js';
import type { ImageType } from './image-type.js';
import { imageTypeOf } from './image-type.js';
import type { ShareDelivery, ShareMedia } from './types.js';
import { SHARE_LIMITS } from './types.js';

/** The declared types an uploaded share image may have, as the type its bytes must be. */
const UPLOAD_TYPES: Readonly<Record<string, ImageType>> = {
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/png': 'image/png',
  'image/gif': 'image/gif',
};

/** Who sent all of a receiver's shares, in the counters. */
const ANY_SENDER = 0;

/**
 * Shares from one player to another, delivered to the receiver's inbox: to a player active in
 * the app under an id of the delivery's namespace; daily-limited ones at most 5 a day per
 * receiver and 3 of them from one sender, friends-only ones only to the sender or a friend.
 * Also the images shares show.
 */
export class SharingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly publicIds: PublicIds,
    private readonly inbox: InboxService,
  ) {}

  /** Delivers a share from the account to the receiver the delivery names. */
  async share(app: App, senderId: number, delivery: ShareDelivery): Promise<void> {
    const receiverId = await this.receiver(app.id, delivery.namespace, delivery.receiverId);
    if (delivery.friendsOnly) await this.checkFriend(senderId, receiverId);
    if (delivery.mediaId !== undefined && delivery.mediaId !== '') {
      await this.media(delivery.mediaId, app.id);
    }
    const content = JSON.stringify(delivery.content);
    const deliver = () =>
      this.inbox.toPlayer(app, receiverId, content, {
        maxLength: SHARE_LIMITS.contentLength,
        pushText: delivery.title,
      });
    if (!delivery.dailyLimited) {
      await deliver();
      return;
    }
    const day = DateTime.fromMillis(this.clock.now(), { zone: app.settings.timezone }).toISODate();
    if (!day) throw new Error(`bad time zone ${app.settings.timezone}`);
    await this.countDaily(app.id, receiverId, senderId, day);
    try {
      await deliver();
    } catch (error) {
      await this.store.transaction(async (store) => {
        await store.shares.uncount(app.id, receiverId, ANY_SENDER, day);
        await store.shares.uncount(app.id, receiverId, senderId, day);
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
    const expected =
      UPLOAD_TYPES[contentType] ??
      fail('invalid_argument', 'content type: image/jpeg, image/jpg, image/png or image/gif');
    if (upload.data.length > SHARE_LIMITS.mediaBytes) {
      fail('invalid_argument', `the file is over ${SHARE_LIMITS.mediaBytes} bytes`);
    }
    if (imageTypeOf(upload.data) !== expected) {
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

  /** The account active in the app under this id of the namespace. */
  private async receiver(appId: string, namespace: string, id: string): Promise<number> {
    const [found] = await this.publicIds.recordsById(appId, namespace, [id]);
    if (!found?.active) fail('player.not_found', `no player ${id} of ${namespace} in this app`);
    return found.accountId;
  }

  private async checkFriend(senderId: number, receiverId: number): Promise<void> {
    if (receiverId === senderId) return;
    const friends = await this.store.friends.friendsOf(senderId);
    if (!friends.includes(receiverId)) {
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
