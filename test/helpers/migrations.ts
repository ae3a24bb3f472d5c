import { after, before, describe } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/store/database.js';
import { openDatabase } from '../../src/store/database.js';
import { testBackends } from './backends.js';

/**
 * A suite per backend with a fresh, unmigrated database: tests of a migration's data work
 * migrate it part of the way, write rows as they stood, then migrate on.
 */
export function describeMigration(name: string, body: (handle: () => DatabaseHandle) => void) {
  for (const backend of testBackends()) {
    describe(`migration ${name} [${backend.name}]`, () => {
      let handle: DatabaseHandle;
      let cleanup: () => Promise<void>;

      before(async () => {
        const provisioned = await backend.provision();
        cleanup = provisioned.cleanup;
        const { options } = provisioned;
        handle = openDatabase({
          url: options.databaseUrl,
          sqliteFile: options.sqliteFile,
          schema: options.databaseSchema,
        });
        if (options.databaseSchema) {
          await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(options.databaseSchema)}`.execute(
            handle.db,
          );
        }
      });
      after(async () => {
        await handle.close();
        await cleanup();
      });

      body(() => handle);
    });
  }
}
