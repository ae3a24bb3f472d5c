import type { Kysely } from 'kysely';
import type { AuditEntry, AuditFilter, NewAuditEntry } from '../../core/console/types.js';
import type { Database } from '../schema.js';

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

/** The audit log: appended to, read newest first. */
export class AuditLogRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async append(entry: NewAuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        status: entry.status,
        before: entry.before == null ? null : JSON.stringify(entry.before),
        after: entry.after == null ? null : JSON.stringify(entry.after),
      })
      .execute();
  }

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_log').selectAll();
    if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
    if (filter.action !== undefined) query = query.where('action', 'like', `%${filter.action}%`);
    if (filter.target !== undefined) query = query.where('target', 'like', `%${filter.target}%`);
    if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('at', '<', filter.to);
    if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
    const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map((row) => ({
      id: Number(row.id),
      at: Number(row.at),
      actor: row.actor,
      action: row.action,
      target: row.target,
      status: row.status,
      before: parseJson(row.before),
      after: parseJson(row.after),
    }));
  }
}
