import type { Generated } from 'kysely';

/** Tables of players' roles per game server and their chosen servers. */
export interface RoleTables {
  roles: RolesTable;
  role_changes: RoleChangesTable;
  server_choices: ServerChoicesTable;
}

/** The latest state of a player's role on a server. */
export interface RolesTable {
  app_id: string;
  account_id: number;
  server_id: number;
  role_id: string;
  name: string;
  level: number;
  power: number;
  vip: number;
  reported_at: number;
  created_at: number;
  updated_at: number;
}

/** The state a role changed to, one row per change. */
export interface RoleChangesTable {
  id: Generated<number>;
  app_id: string;
  account_id: number;
  server_id: number;
  role_id: string;
  name: string;
  level: number;
  power: number;
  vip: number;
  reported_at: number;
  recorded_at: number;
}

/** The server a player chose last in an app, with the entry and channel reported with it. */
export interface ServerChoicesTable {
  app_id: string;
  account_id: number;
  server_id: number;
  entry_type: string;
  entry_name: string;
  entry_lang: string;
  source: string;
  main_source: string;
  sub_source: string;
  url: string;
  chosen_at: number;
}
