import type { MigrationContext } from './helpers.js';
import { withSerialId } from './helpers.js';

/** Changes other processes hear of, for SQLite (PostgreSQL notifies them instead). */
export async function up({ db, kind }: MigrationContext): Promise<void> {
  await withSerialId(db.schema.createTable('change_log'), kind)
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('change_log_at').on('change_log').column('at').execute();
}
