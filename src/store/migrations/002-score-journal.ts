import type { MigrationContext } from './helpers.js';
import { withSerialId } from './helpers.js';

/**
 * Score writes of a process whose rank index is its own (SQLite + memory index): appended in
 * arrival order, folded into `scores` in large batches by a background job.
 */
export async function up({ db, kind }: MigrationContext): Promise<void> {
  await withSerialId(db.schema.createTable('score_journal'), kind)
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('board', 'text', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('member_kind', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('area_id', 'integer')
    .execute();
  // No index on member_id: it would turn the sequential append into random page writes; the
  // journal stays short, so a move to another city scans it.
}
