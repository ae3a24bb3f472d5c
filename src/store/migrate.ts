import type { Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import { Migrator, sql } from 'kysely';
import type { DatabaseHandle } from './database.js';
import type { MigrationStep } from './migrations/helpers.js';
import { up as initial } from './migrations/001-initial.js';
import { up as scoreJournal } from './migrations/002-score-journal.js';
import { up as paymentsMessaging } from './migrations/003-payments-messaging.js';
import { up as msdkCredentials } from './migrations/004-msdk-credentials.js';
import { up as tencentPlayers } from './migrations/005-tencent-players.js';
import { up as memberships } from './migrations/006-memberships.js';
import { up as reports } from './migrations/007-reports.js';
import { up as sharing } from './migrations/008-sharing.js';
import { up as relation } from './migrations/009-relation.js';
import { up as groupBinding } from './migrations/010-group-binding.js';
import { up as playerIds } from './migrations/011-player-ids.js';
import { up as appCredentials } from './migrations/012-app-credentials.js';
import { up as publicIdLookup } from './migrations/013-public-id-lookup.js';
import { up as externalIdentities } from './migrations/014-external-identities.js';
import { up as roles } from './migrations/015-roles.js';
import { up as analytics } from './migrations/016-analytics.js';
import { up as shareCdk } from './migrations/017-share-cdk.js';
import { up as tokenHolders } from './migrations/018-token-holders.js';
import { up as xcloudOrders } from './migrations/019-xcloud-orders.js';
import { up as refundNotices } from './migrations/020-refund-notices.js';
import { up as changeLog } from './migrations/021-change-log.js';
import { up as consoleUsers } from './migrations/022-console.js';
import { up as deletedPlayers } from './migrations/023-deleted-players.js';
import { up as accountBans } from './migrations/024-account-bans.js';
import { up as boardResets } from './migrations/025-board-resets.js';
import { up as orderFilters } from './migrations/026-order-filters.js';

/** Every migration, in order. Names are stored in the database; never rename one. */
const steps: [name: string, up: MigrationStep][] = [
  ['001-initial', initial],
  ['002-score-journal', scoreJournal],
  ['003-payments-messaging', paymentsMessaging],
  ['004-msdk-credentials', msdkCredentials],
  ['005-tencent-players', tencentPlayers],
  ['006-memberships', memberships],
  ['007-reports', reports],
  ['008-sharing', sharing],
  ['009-relation', relation],
  ['010-group-binding', groupBinding],
  ['011-player-ids', playerIds],
  ['012-app-credentials', appCredentials],
  ['013-public-id-lookup', publicIdLookup],
  ['014-external-identities', externalIdentities],
  ['015-roles', roles],
  ['016-analytics', analytics],
  ['017-share-cdk', shareCdk],
  ['018-token-holders', tokenHolders],
  ['019-xcloud-orders', xcloudOrders],
  ['020-refund-notices', refundNotices],
  ['021-change-log', changeLog],
  ['022-console', consoleUsers],
  ['023-deleted-players', deletedPlayers],
  ['024-account-bans', accountBans],
  ['025-board-resets', boardResets],
  ['026-order-filters', orderFilters],
];

function provider(handle: DatabaseHandle): MigrationProvider {
  return {
    getMigrations: () => {
      const migrations: Record<string, Migration> = {};
      for (const [name, up] of steps) {
        migrations[name] = { up: (db) => up({ db, kind: handle.kind }) };
      }
      return Promise.resolve(migrations);
    },
  };
}

/** Applies pending migrations; returns the names applied. */
export function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  return migrate(handle, (migrator) => migrator.migrateToLatest());
}

/** Applies pending migrations up to and including `name` (tests of a migration's data work). */
export function migrateUpTo(handle: DatabaseHandle, name: string): Promise<string[]> {
  return migrate(handle, (migrator) => migrator.migrateTo(name));
}

async function migrate(
  handle: DatabaseHandle,
  run: (migrator: Migrator) => Promise<MigrationResultSet>,
): Promise<string[]> {
  // Unless told a schema, Kysely takes its tables in any schema (another test's) for its own.
  const migrationTableSchema =
    handle.kind === 'postgres'
      ? (await sql<{ name: string }>`SELECT current_schema() AS name`.execute(handle.db)).rows[0]
          ?.name
      : undefined;
  const migrator = new Migrator({
    db: handle.db,
    provider: provider(handle),
    migrationTableSchema,
  });
  const { error, results } = await run(migrator);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
