import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.js';
import type { ChangeLog } from './change-log.js';
import { ChangeListeners } from './change-log.js';

const RECONNECT_MS = 1_000;
/** One channel per schema: deployments (and tests) sharing a database do not hear each other. */
const CHANNEL = `'guildhall_changes_' || current_schema()`;

/**
 * Changes as PostgreSQL notifications: `pg_notify` in the writing transaction is delivered to
 * every listening connection when it commits (and never if it rolls back). Each process listens
 * on a connection of its own; while it is down, and when it comes back, everything is forgotten.
 */
export class PostgresChangeLog implements ChangeLog {
  private readonly listeners = new ChangeListeners();
  private client: pg.Client | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    /** The schema the store's pool works in, when it sets one. */
    private readonly schema: string | undefined,
  ) {}

  get heard(): number {
    return this.listeners.heard;
  }

  get coherent(): boolean {
    return this.client !== undefined;
  }

  watch(topic: string, listener: (key: string | undefined) => void): void {
    this.listeners.watch(topic, listener);
  }

  hearLocally(topic: string, key: string): void {
    this.listeners.hear(topic, key);
  }

  async start(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      ...(this.schema ? { options: `-c search_path=${this.schema}` } : {}),
    });
    client.on('notification', ({ payload }) => {
      const split = payload?.indexOf('\n') ?? -1;
      if (payload && split > 0)
        this.listeners.hear(payload.slice(0, split), payload.slice(split + 1));
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    const { rows } = await client.query<{ channel: string }>(`select ${CHANNEL} as channel`);
    await client.query(`LISTEN ${client.escapeIdentifier(rows[0]?.channel ?? '')}`);
    this.client = client;
    this.listeners.reset();
  }

  async publish(db: Kysely<Database>, topic: string, key: string): Promise<void> {
    await sql`select pg_notify(${sql.raw(CHANNEL)}, ${`${topic}\n${key}`})`.execute(db);
  }

  catchUp(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end();
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.listeners.reset();
    if (this.closed) return;
    const retry = () =>
      this.start().catch(() => {
        if (!this.closed) setTimeout(retry, RECONNECT_MS).unref();
      });
    setTimeout(retry, RECONNECT_MS).unref();
  }
}
