import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { ChangeLog } from './change-log.js';
import { ChangeListeners } from './change-log.js';

/**
 * Changes as rows of `change_log`. Another connection's commit moves SQLite's `data_version`
 * (a pragma read without I/O), so catching up costs nothing until another process wrote; this
 * process's own changes are heard locally when they commit.
 */
export class SqliteChangeLog implements ChangeLog {
  private readonly listeners = new ChangeListeners();
  private lastId = 0;
  private seenVersion = -1;
  private reading: Promise<void> | undefined;
  private checkedThisTurn = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dataVersion: () => number,
  ) {}

  get heard(): number {
    return this.listeners.heard;
  }

  readonly coherent = true;

  watch(topic: string, listener: (key: string | undefined) => void): void {
    this.listeners.watch(topic, listener);
  }

  hearLocally(topic: string, key: string): void {
    this.listeners.hear(topic, key);
  }

  async start(): Promise<void> {
    this.seenVersion = this.dataVersion();
    const row = await this.db
      .selectFrom('change_log')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    this.lastId = Number(row?.id ?? 0);
  }

  async publish(db: Kysely<Database>, topic: string, key: string): Promise<void> {
    await db.insertInto('change_log').values({ topic, key, at: Date.now() }).execute();
  }

  catchUp(): Promise<void> {
    if (this.reading) return this.reading.then(() => this.catchUp());
    if (this.checkedThisTurn) return Promise.resolve();
    // One check per turn of the event loop serves every request it handles: their bytes had
    // arrived before the turn began, so a commit they could have seen precedes the check.
    this.checkedThisTurn = true;
    setImmediate(() => (this.checkedThisTurn = false));
    const version = this.dataVersion();
    if (version === this.seenVersion) return Promise.resolve();
    this.seenVersion = version;
    this.reading = this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  async close(): Promise<void> {
    await this.reading;
  }

  private async read(): Promise<void> {
    const rows = await this.db
      .selectFrom('change_log')
      .select(['id', 'topic', 'key'])
      .where('id', '>', this.lastId)
      .orderBy('id')
      .execute();
    const first = rows[0];
    if (first && first.id > this.lastId + 1) this.listeners.reset();
    for (const row of rows) {
      this.listeners.hear(row.topic, row.key);
      this.lastId = row.id;
    }
  }
}
