import type { Kysely, Selectable } from 'kysely';
import type { ConsoleRole, ConsoleUserRecord } from '../../core/console/types.js';
import type { Database } from '../schema.js';
import type { ConsoleUserTable } from '../tables/console.js';

function toUser(row: Selectable<ConsoleUserTable>): ConsoleUserRecord {
  return {
    id: Number(row.id),
    email: row.email,
    role: row.role as ConsoleRole,
    passwordHash: row.password_hash,
    failedSignIns: row.failed_sign_ins,
    lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
    createdAt: Number(row.created_at),
    lastSignInAt: row.last_sign_in_at === null ? null : Number(row.last_sign_in_at),
  };
}

/** Console users and their sessions (by token hash). */
export class ConsoleUserRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(user: {
    email: string;
    passwordHash: string;
    role: ConsoleRole;
    createdAt: number;
  }): Promise<ConsoleUserRecord | undefined> {
    const row = await this.db
      .insertInto('console_users')
      .values({
        email: user.email,
        password_hash: user.passwordHash,
        role: user.role,
        created_at: user.createdAt,
        locked_until: null,
        last_sign_in_at: null,
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .returningAll()
      .executeTakeFirst();
    return row && toUser(row);
  }

  async byEmail(email: string): Promise<ConsoleUserRecord | undefined> {
    const row = await this.db
      .selectFrom('console_users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async list(): Promise<ConsoleUserRecord[]> {
    const rows = await this.db.selectFrom('console_users').selectAll().orderBy('id').execute();
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('console_users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async remove(email: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('console_users')
      .where('email', '=', email)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async setPassword(email: string, passwordHash: string): Promise<boolean> {
    const result = await this.db
      .updateTable('console_users')
      .set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null })
      .where('email', '=', email)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async recordFailure(id: number, failedSignIns: number, lockedUntil: number | null) {
    await this.db
      .updateTable('console_users')
      .set({ failed_sign_ins: failedSignIns, locked_until: lockedUntil })
      .where('id', '=', id)
      .execute();
  }

  async recordSignIn(id: number, at: number): Promise<void> {
    await this.db
      .updateTable('console_users')
      .set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: at })
      .where('id', '=', id)
      .execute();
  }

  async insertSession(session: {
    tokenHash: string;
    userId: number;
    createdAt: number;
    expiresAt: number;
  }): Promise<void> {
    await this.db
      .insertInto('console_sessions')
      .values({
        token_hash: session.tokenHash,
        user_id: session.userId,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  /** The user of a session that has not expired at `now`. */
  async sessionUser(tokenHash: string, now: number): Promise<ConsoleUserRecord | undefined> {
    const row = await this.db
      .selectFrom('console_sessions')
      .innerJoin('console_users', 'console_users.id', 'console_sessions.user_id')
      .selectAll('console_users')
      .where('console_sessions.token_hash', '=', tokenHash)
      .where('console_sessions.expires_at', '>', now)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Ends every session of a user (password reset, removal); expired ones of anyone too. */
  async deleteSessions(userId: number, now: number): Promise<void> {
    await this.db
      .deleteFrom('console_sessions')
      .where((eb) => eb.or([eb('user_id', '=', userId), eb('expires_at', '<=', now)]))
      .execute();
  }
}
