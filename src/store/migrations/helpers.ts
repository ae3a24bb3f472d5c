import type { CreateTableBuilder, Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';

export interface MigrationContext {
  db: Kysely<unknown>;
  kind: DatabaseKind;
}

export type MigrationStep = (context: MigrationContext) => Promise<void>;

/** Adds an auto-incrementing integer primary key named `id`, portably. */
export function withSerialId<T extends string>(
  table: CreateTableBuilder<T, never>,
  kind: DatabaseKind,
): CreateTableBuilder<T, 'id'> {
  return kind === 'postgres'
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
