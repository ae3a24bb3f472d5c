import { sql } from 'kysely';
import type { MigrationContext } from './helpers.js';
import { withSerialId } from './helpers.js';

/** Share images by share type, and CDK code stock with one claim per account, type and day. */
export async function up({ db, kind }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('share_images')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('share_type', 'text', (c) => c.notNull())
    .addColumn('media_id', 'text', (c) => c.references('share_media.media_id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('share_images_pk', ['app_id', 'share_type'])
    .execute();

  await withSerialId(db.schema.createTable('cdk_codes'), kind)
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('cdk_type', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_by', 'bigint', (c) => c.references('accounts.id'))
    .addColumn('claimed_at', 'bigint')
    // A code is one redemption: loaded under two types it would be handed out twice.
    .addUniqueConstraint('cdk_codes_code', ['app_id', 'code'])
    .execute();
  // Claims take the oldest unclaimed code of a type: this index holds only those.
  await db.schema
    .createIndex('cdk_codes_unclaimed')
    .on('cdk_codes')
    .columns(['app_id', 'cdk_type', 'id'])
    .where(sql.ref('claimed_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('cdk_claims')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('cdk_type', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('code_id', 'bigint', (c) => c.notNull().references('cdk_codes.id'))
    .addColumn('claimed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('cdk_claims_pk', ['app_id', 'account_id', 'cdk_type', 'day'])
    .execute();
}
