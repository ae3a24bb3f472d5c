import { fail } from '../errors.js';

/**
 * Roles: the characters a player has on a game's servers, as the game reports them. One role per
 * player and server (its latest state), and the history of its changes.
 */

/** What a report says of a role: the game's role id, its name and its numbers. */
export interface RoleState {
  /** The game's id of the role. */
  roleId: string;
  name: string;
  level: number;
  /** Combat power. */
  power: number;
  vip: number;
}

/** One report of a role on a server. */
export interface RoleReport extends RoleState {
  serverId: number;
  /** Unix ms the game says the role was modified. */
  reportedAt: number;
}

/** The latest state of a player's role on a server. */
export interface Role extends RoleReport {
  /** Unix ms the role was first reported and last reported. */
  createdAt: number;
  updatedAt: number;
}

/** One row of a role's history: the state it changed to. */
export interface RoleChange extends RoleReport {
  /** Increases with every change (pages of history go by it). */
  id: number;
  /** Unix ms the change was recorded. */
  recordedAt: number;
}

/** The server a player chose last, and where the player came from when choosing it. */
export interface ServerChoice {
  serverId: number;
  /** The entry (app store, package, language) and acquisition channel the game reported. */
  entryType: string;
  entryName: string;
  entryLang: string;
  source: string;
  mainSource: string;
  subSource: string;
  /** The page the player came from. */
  url: string;
  /** Unix ms. */
  chosenAt: number;
}

export const ROLE_LIMITS = {
  /** Characters of a role id and a role name. */
  roleId: 64,
  name: 64,
  /** A report may lie this far ahead of the clock (the game server's clock may run fast). */
  aheadMs: 24 * 60 * 60 * 1000,
  historyPage: 500,
} as const;

/** Fails with role.bad_server unless the id is a positive integer (as games number servers). */
export function checkServerId(serverId: number): void {
  if (!Number.isSafeInteger(serverId) || serverId < 1)
    fail('role.bad_server', `bad server id ${serverId}`);
}

/** A server id sent as text: a positive decimal integer, else role.bad_server. */
export function serverIdOf(text: string): number {
  const id = /^\d{1,16}$/.test(text) ? Number(text) : 0;
  if (id < 1 || !Number.isSafeInteger(id)) fail('role.bad_server', `bad server id ${text}`);
  return id;
}

/** Whether two states differ in anything a history row records. */
export function sameState(a: RoleState, b: RoleState): boolean {
  return (
    a.roleId === b.roleId &&
    a.name === b.name &&
    a.level === b.level &&
    a.power === b.power &&
    a.vip === b.vip
  );
}
