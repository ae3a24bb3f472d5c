import type { Kysely } from 'kysely';
import type { ChangeLog } from '../changes/change-log.js';
import type { Database } from '../schema.js';

export interface Change {
  topic: string;
  key: string;
}

/**
 * Publishes a change with the write that makes it: every process hears of it once it commits,
 * this one at once (a transaction's changes when the transaction commits).
 */
export class ChangeRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: ChangeLog,
    /** The changes of the transaction `db` runs, heard when it commits; absent: autocommit. */
    private readonly committing: Change[] | undefined,
  ) {}

  async publish(topic: string, id: string | number): Promise<void> {
    const key = String(id);
    await this.log.publish(this.db, topic, key);
    if (this.committing) this.committing.push({ topic, key });
    else this.log.hearLocally(topic, key);
  }

  /**
   * Deletes logged changes older than `before` but the newest, so that a process that had not
   * heard the deleted ones sees the gap in ids (and forgets everything); returns how many.
   */
  async prune(before: number): Promise<number> {
    const result = await this.db
      .deleteFrom('change_log')
      .where('at', '<', before)
      .where('id', '<', (eb) => eb.selectFrom('change_log').select((s) => s.fn.max('id').as('id')))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
