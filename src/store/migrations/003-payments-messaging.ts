import type { MigrationContext } from './helpers.js';
import { withSerialId } from './helpers.js';

/** Payments, the outbox that delivers their notifications, devices, inboxes and push jobs. */
export async function up({ db, kind }: MigrationContext): Promise<void> {
  // Secrets of an app (its notify signing key, push credentials), sealed with the server key.
  await db.schema
    .createTable('app_secrets')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('public_part', 'text')
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_secrets_pk', ['app_id', 'kind'])
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('trade_no', 'text', (c) => c.notNull().unique())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('app_order_no', 'text', (c) => c.notNull())
    .addColumn('client_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('transaction_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('refunded_at', 'bigint')
    .addUniqueConstraint('orders_transaction', ['channel', 'transaction_id'])
    .execute();
  await db.schema
    .createIndex('orders_app_created')
    .on('orders')
    .columns(['app_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('orders_app_paid')
    .on('orders')
    .columns(['app_id', 'paid_at'])
    .execute();

  await withSerialId(db.schema.createTable('outbox'), kind)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint')
    .addColumn('lease_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('outbox_ref').on('outbox').columns(['kind', 'ref']).execute();

  await withSerialId(db.schema.createTable('delivery_attempts'), kind)
    .addColumn('outbox_id', 'bigint', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('delivery_attempts_outbox')
    .on('delivery_attempts')
    .column('outbox_id')
    .execute();

  await withSerialId(db.schema.createTable('devices'), kind)
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('alias', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('devices_token', ['app_id', 'platform', 'token'])
    .execute();
  await db.schema.createIndex('devices_alias').on('devices').columns(['app_id', 'alias']).execute();
  // Push fan-outs walk an app's devices of one platform in id order (msg/all: all of them).
  await db.schema
    .createIndex('devices_app_platform')
    .on('devices')
    .columns(['app_id', 'platform', 'id'])
    .execute();
  await db.schema
    .createIndex('devices_account')
    .on('devices')
    .columns(['app_id', 'account_id'])
    .execute();

  await db.schema
    .createTable('device_tags')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('device_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_tags_pk', ['app_id', 'tag', 'device_id'])
    .execute();
  await db.schema.createIndex('device_tags_device').on('device_tags').column('device_id').execute();

  // account_id null: a message to every player of the app (msg/all), stored once.
  await withSerialId(db.schema.createTable('inbox_messages'), kind)
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inbox_messages_player')
    .on('inbox_messages')
    .columns(['app_id', 'account_id', 'id'])
    .execute();

  await withSerialId(db.schema.createTable('push_jobs'), kind)
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('cursor', 'bigint', (c) => c.notNull())
    .addColumn('sent', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('invalid', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('push_jobs_app').on('push_jobs').columns(['app_id', 'id']).execute();

  await withSerialId(db.schema.createTable('push_results'), kind)
    .addColumn('job_id', 'bigint', (c) => c.notNull())
    .addColumn('device_id', 'bigint', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('push_results_device', ['job_id', 'device_id'])
    .execute();
}
