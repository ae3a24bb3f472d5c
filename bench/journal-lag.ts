import BetterSqlite from 'better-sqlite3';
import pg from 'pg';
import type { Backend } from './backends.js';

const POLL_MS = 100;
const GIVE_UP_S = 120;

export interface JournalLag {
  /** Score writes acknowledged but not yet folded into the scores table when the load stopped. */
  pendingAtStop: number;
  /** From the load's end until the journal was empty. */
  seconds: number;
}

/** Watches the score journal drain after a write load; null if it did not within two minutes. */
export async function measureJournalLag(backend: Backend): Promise<JournalLag | null> {
  const count = await journalCounter(backend);
  try {
    const started = performance.now();
    const pendingAtStop = await count.pending();
    for (let left = pendingAtStop; left > 0; left = await count.pending()) {
      if (performance.now() - started > GIVE_UP_S * 1000) return null;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return { pendingAtStop, seconds: (performance.now() - started) / 1000 };
  } finally {
    await count.close();
  }
}

async function journalCounter(
  backend: Backend,
): Promise<{ pending(): Promise<number>; close(): Promise<void> }> {
  const { sqliteFile, databaseUrl, databaseSchema } = backend.platform;
  if (sqliteFile) {
    const db = new BetterSqlite(sqliteFile, { readonly: true });
    const statement = db.prepare('SELECT count(*) FROM score_journal').pluck();
    return {
      pending: () => Promise.resolve(statement.get() as number),
      close: () => Promise.resolve(void db.close()),
    };
  }
  const client = new pg.Client({
    connectionString: databaseUrl,
    ...(databaseSchema ? { options: `-c search_path=${databaseSchema}` } : {}),
  });
  await client.connect();
  return {
    pending: async () =>
      Number(
        (await client.query<{ n: string }>('SELECT count(*) AS n FROM score_journal')).rows[0]?.n,
      ),
    close: () => client.end(),
  };
}
