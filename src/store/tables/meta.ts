import type { Generated } from 'kysely';

/**
 * Tables of the store itself: settings kept across starts (admin token hash, demo app), and the
 * changes other SQLite processes hear of (PostgreSQL notifies them instead).
 */
export interface MetaTables {
  meta: MetaTable;
  change_log: ChangeLogTable;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface ChangeLogTable {
  id: Generated<number>;
  topic: string;
  key: string;
  at: number;
}
