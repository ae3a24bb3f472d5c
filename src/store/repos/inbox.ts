import type { Kysely, Selectable } from 'kysely';
import type { InboxMessage } from '../../core/messaging/types.js';
import type { Database } from '../schema.js';
import type { InboxMessagesTable } from '../tables/messaging.js';

function toMessage(row: Selectable<InboxMessagesTable>): InboxMessage {
  return {
    id: row.id,
    appId: row.app_id,
    accountId: row.account_id,
    kind: row.account_id === null ? 'broadcast' : 'direct',
    content: row.content,
    createdAt: row.created_at,
  };
}

/** Messages to players; a broadcast is one row with account_id null. */
export class InboxRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** The message, once per recipient (null: a broadcast), in the order given. */
  async insert(message: {
    appId: string;
    accountIds: readonly (number | null)[];
    content: string;
    createdAt: number;
  }): Promise<InboxMessage[]> {
    const rows = await this.db
      .insertInto('inbox_messages')
      .values(
        message.accountIds.map((accountId) => ({
          app_id: message.appId,
          account_id: accountId,
          content: message.content,
          created_at: message.createdAt,
        })),
      )
      .returningAll()
      .execute();
    return rows.sort((a, b) => a.id - b.id).map(toMessage);
  }

  /** The player's own messages and the app's broadcasts sent since they joined it. */
  private visibleTo(appId: string, accountId: number) {
    return {
      direct: this.db
        .selectFrom('inbox_messages')
        .where('app_id', '=', appId)
        .where('account_id', '=', accountId),
      broadcast: this.db
        .selectFrom('inbox_messages')
        .where('app_id', '=', appId)
        .where('account_id', 'is', null)
        .where('created_at', '>=', (eb) =>
          eb
            .selectFrom('app_players as p')
            .select('p.created_at')
            .where('p.app_id', '=', appId)
            .where('p.account_id', '=', accountId),
        ),
    };
  }

  /**
   * What the player sees, oldest first, after message id `afterId`: messages to them, and the
   * app's broadcasts sent since they became a player of the app. Two index range scans (the
   * player's messages, the app's broadcasts), merged.
   */
  async forPlayer(
    appId: string,
    accountId: number,
    afterId: number,
    limit: number,
  ): Promise<InboxMessage[]> {
    const rows = await Promise.all(
      Object.values(this.visibleTo(appId, accountId)).map((query) =>
        query.selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute(),
      ),
    );
    return rows
      .flat()
      .sort((a, b) => a.id - b.id)
      .slice(0, limit)
      .map(toMessage);
  }

  /** The player's `limit` newest messages, newest first, and how many they have in all. */
  async newestForPlayer(
    appId: string,
    accountId: number,
    limit: number,
  ): Promise<{ count: number; newest: InboxMessage[] }> {
    const queries = Object.values(this.visibleTo(appId, accountId));
    const [counts, rows] = await Promise.all([
      Promise.all(
        queries.map((query) =>
          query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
        ),
      ),
      Promise.all(
        queries.map((query) => query.selectAll().orderBy('id', 'desc').limit(limit).execute()),
      ),
    ]);
    return {
      count: counts.reduce((sum, row) => sum + Number(row.count), 0),
      newest: rows
        .flat()
        .sort((a, b) => b.id - a.id)
        .slice(0, limit)
        .map(toMessage),
    };
  }
}
