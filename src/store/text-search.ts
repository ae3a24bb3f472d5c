import type { Expression, SqlBool } from 'kysely';
import { sql } from 'kysely';

/**
 * Whether any of the columns contains `text`, ignoring ASCII case, the same on SQLite and
 * PostgreSQL: LIKE on the lower-cased text of the column (numbers too), with the pattern's own
 * wildcards escaped.
 */
export function containsText(columns: readonly string[], text: string): Expression<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[!%_]/g, '!$&')}%`;
  const tests = columns.map(
    (column) => sql<SqlBool>`lower(cast(${sql.ref(column)} as text)) like ${pattern} escape '!'`,
  );
  return sql<SqlBool>`(${sql.join(tests, sql` or `)})`;
}
