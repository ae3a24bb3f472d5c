import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { ShareMedia } from '../../core/sharing/types.js';
import type { Database } from '../schema.js';

/** Daily share counters and uploaded share images. */
export class ShareRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Counts one more share from the sender (0: anyone) to the receiver on `day`, unless `limit`
   * are counted already; returns whether it counted. The conditional UPDATE takes the row's
   * lock, so concurrent callers queue and each sees the count before it. Call in a transaction.
   */
  async count(
    appId: string,
    receiverId: number,
    senderId: number,
    day: string,
    limit: number,
  ): Promise<boolean> {
    await this.db
      .insertInto('share_counters')
      .values({ app_id: appId, receiver_id: receiverId, sender_id: senderId, day, count: 0 })
      .onConflict((oc) => oc.columns(['app_id', 'receiver_id', 'sender_id']).doNothing())
      .execute();
    const dayColumn = sql.ref('day');
    const countColumn = sql.ref('count');
    const result = await this.db
      .updateTable('share_counters')
      .set({
        count: sql<number>`CASE WHEN ${dayColumn} = ${day} THEN ${countColumn} + 1 ELSE 1 END`,
        day,
      })
      .where('app_id', '=', appId)
      .where('receiver_id', '=', receiverId)
      .where('sender_id', '=', senderId)
      .where((eb) => eb.or([eb('day', '<>', day), eb('count', '<', limit)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Takes back one share counted on `day` (its delivery failed). */
  async uncount(appId: string, receiverId: number, senderId: number, day: string): Promise<void> {
    await this.db
      .updateTable('share_counters')
      .set((eb) => ({ count: eb('count', '-', 1) }))
      .where('app_id', '=', appId)
      .where('receiver_id', '=', receiverId)
      .where('sender_id', '=', senderId)
      .where('day', '=', day)
      .where('count', '>', 0)
      .execute();
  }

  async insertMedia(media: ShareMedia): Promise<void> {
    await this.db
      .insertInto('share_media')
      .values({
        media_id: media.mediaId,
        app_id: media.appId,
        filename: media.filename,
        content_type: media.contentType,
        data: media.data,
        created_at: media.createdAt,
      })
      .execute();
  }

  async media(mediaId: string): Promise<ShareMedia | undefined> {
    const row = await this.db
      .selectFrom('share_media')
      .selectAll()
      .where('media_id', '=', mediaId)
      .executeTakeFirst();
    return (
      row && {
        mediaId: row.media_id,
        appId: row.app_id,
        filename: row.filename,
        contentType: row.content_type,
        data: Buffer.from(row.data),
        createdAt: row.created_at,
      }
    );
  }
}
