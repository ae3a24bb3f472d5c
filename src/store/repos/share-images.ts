import type { Kysely } from 'kysely';
import type { ShareImage } from '../../core/sharing/types.js';
import type { Database } from '../schema.js';
import type { ShareImagesTable } from '../tables/sharing.js';

function shareImageOf(row: ShareImagesTable): ShareImage {
  return {
    appId: row.app_id,
    shareType: row.share_type,
    mediaId: row.media_id,
    title: row.title,
    subtitle: row.subtitle,
    updatedAt: row.updated_at,
  };
}

/** What each share type of an app shows. */
export class ShareImageRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list(appId: string): Promise<ShareImage[]> {
    const rows = await this.db
      .selectFrom('share_images')
      .selectAll()
      .where('app_id', '=', appId)
      .orderBy('share_type')
      .execute();
    return rows.map(shareImageOf);
  }

  async get(appId: string, shareType: string): Promise<ShareImage | undefined> {
    const row = await this.db
      .selectFrom('share_images')
      .selectAll()
      .where('app_id', '=', appId)
      .where('share_type', '=', shareType)
      .executeTakeFirst();
    return row && shareImageOf(row);
  }

  async save(image: ShareImage): Promise<void> {
    const values = {
      media_id: image.mediaId,
      title: image.title,
      subtitle: image.subtitle,
      updated_at: image.updatedAt,
    };
    await this.db
      .insertInto('share_images')
      .values({ app_id: image.appId, share_type: image.shareType, ...values })
      .onConflict((oc) => oc.columns(['app_id', 'share_type']).doUpdateSet(values))
      .execute();
  }
}
