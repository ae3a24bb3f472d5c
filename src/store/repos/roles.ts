import type { Kysely, Selectable } from 'kysely';
import type { Role, RoleChange, RoleReport, ServerChoice } from '../../core/roles/types.js';
import type { DatabaseKind } from '../database.js';
import type { Database } from '../schema.js';
import type { RoleChangesTable, RolesTable, ServerChoicesTable } from '../tables/roles.js';

function stateColumns(report: RoleReport) {
  return {
    role_id: report.roleId,
    name: report.name,
    level: report.level,
    power: report.power,
    vip: report.vip,
    reported_at: report.reportedAt,
  };
}

function reportOf(row: Selectable<RolesTable> | Selectable<RoleChangesTable>): RoleReport {
  return {
    serverId: row.server_id,
    roleId: row.role_id,
    name: row.name,
    level: row.level,
    power: row.power,
    vip: row.vip,
    reportedAt: row.reported_at,
  };
}

function roleOf(row: Selectable<RolesTable>): Role {
  return { ...reportOf(row), createdAt: row.created_at, updatedAt: row.updated_at };
}

function choiceOf(row: Selectable<ServerChoicesTable>): ServerChoice {
  return {
    serverId: row.server_id,
    entryType: row.entry_type,
    entryName: row.entry_name,
    entryLang: row.entry_lang,
    source: row.source,
    mainSource: row.main_source,
    subSource: row.sub_source,
    url: row.url,
    chosenAt: row.chosen_at,
  };
}

/** Roles per player and server, their changes, and chosen servers. */
export class RoleRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
  ) {}

  /** Stores the role unless the player has one on the server; returns whether it did. */
  async insertNew(
    appId: string,
    accountId: number,
    report: RoleReport,
    now: number,
  ): Promise<boolean> {
    const result = await this.db
      .insertInto('roles')
      .values({
        app_id: appId,
        account_id: accountId,
        server_id: report.serverId,
        ...stateColumns(report),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['app_id', 'account_id', 'server_id']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  /** The player's role on the server, locked until the transaction ends. Call in a transaction. */
  async lock(appId: string, accountId: number, serverId: number): Promise<Role> {
    const row = await this.db
      .selectFrom('roles')
      .selectAll()
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .where('server_id', '=', serverId)
      .$if(this.kind === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirstOrThrow();
    return roleOf(row);
  }

  async update(appId: string, accountId: number, report: RoleReport, now: number): Promise<void> {
    await this.db
      .updateTable('roles')
      .set({ ...stateColumns(report), updated_at: now })
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .where('server_id', '=', report.serverId)
      .execute();
  }

  async addChange(
    appId: string,
    accountId: number,
    report: RoleReport,
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('role_changes')
      .values({
        app_id: appId,
        account_id: accountId,
        server_id: report.serverId,
        ...stateColumns(report),
        recorded_at: now,
      })
      .execute();
  }

  async ofPlayer(appId: string, accountId: number, serverId?: number): Promise<Role[]> {
    const rows = await this.db
      .selectFrom('roles')
      .selectAll()
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .$if(serverId !== undefined, (qb) => qb.where('server_id', '=', serverId ?? 0))
      .orderBy('server_id')
      .execute();
    return rows.map(roleOf);
  }

  async history(
    appId: string,
    accountId: number,
    serverId: number | undefined,
    after: number,
    limit: number,
  ): Promise<RoleChange[]> {
    const rows = await this.db
      .selectFrom('role_changes')
      .selectAll()
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .where('id', '>', after)
      .$if(serverId !== undefined, (qb) => qb.where('server_id', '=', serverId ?? 0))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ ...reportOf(row), id: row.id, recordedAt: row.recorded_at }));
  }

  async saveChoice(appId: string, accountId: number, choice: ServerChoice): Promise<void> {
    const values = {
      server_id: choice.serverId,
      entry_type: choice.entryType,
      entry_name: choice.entryName,
      entry_lang: choice.entryLang,
      source: choice.source,
      main_source: choice.mainSource,
      sub_source: choice.subSource,
      url: choice.url,
      chosen_at: choice.chosenAt,
    };
    await this.db
      .insertInto('server_choices')
      .values({ app_id: appId, account_id: accountId, ...values })
      .onConflict((oc) => oc.columns(['app_id', 'account_id']).doUpdateSet(values))
      .execute();
  }

  async choice(appId: string, accountId: number): Promise<ServerChoice | undefined> {
    const row = await this.db
      .selectFrom('server_choices')
      .selectAll()
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row && choiceOf(row);
  }
}
