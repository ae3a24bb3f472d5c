import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';
import type { Role, RoleChange, RoleReport, ServerChoice } from './types.js';
import { ROLE_LIMITS, checkServerId, sameState } from './types.js';

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    fail('invalid_argument', `${name} must be a whole number of at least 0`);
}

function checkText(name: string, value: string, max: number): void {
  if (value === '' || value.length > max)
    fail('invalid_argument', `${name} must be 1 to ${max} characters`);
}

/**
 * Players' roles per game server: the latest state of each, and a history row each time a report
 * changes something. The server each player chose last.
 */
export class RoleService {
  constructor(
    private readonly store: StoreSlice<'roles'>,
    private readonly clock: Clock,
  ) {}

  /**
   * Records a report of the player's role on its server. A report that changes the role (or
   * makes it) adds a history row; one that repeats the latest state only moves its report time;
   * one older than the latest (a late retry) changes nothing. Concurrent reports queue.
   */
  async report(
    appId: string,
    accountId: number,
    report: RoleReport,
  ): Promise<{ role: Role; changed: boolean }> {
    const now = this.clock.now();
    this.check(report, now);
    return this.store.transaction(async (store) => {
      if (await store.roles.insertNew(appId, accountId, report, now)) {
        await store.roles.addChange(appId, accountId, report, now);
        return { role: { ...report, createdAt: now, updatedAt: now }, changed: true };
      }
      const latest = await store.roles.lock(appId, accountId, report.serverId);
      if (report.reportedAt < latest.reportedAt) return { role: latest, changed: false };
      const changed = !sameState(latest, report);
      await store.roles.update(appId, accountId, report, now);
      if (changed) await store.roles.addChange(appId, accountId, report, now);
      return { role: { ...report, createdAt: latest.createdAt, updatedAt: now }, changed };
    });
  }

  private check(report: RoleReport, now: number): void {
    checkServerId(report.serverId);
    checkText('role id', report.roleId, ROLE_LIMITS.roleId);
    checkText('role name', report.name, ROLE_LIMITS.name);
    checkCount('level', report.level);
    checkCount('combat power', report.power);
    checkCount('vip', report.vip);
    checkCount('report time', report.reportedAt);
    if (report.reportedAt > now + ROLE_LIMITS.aheadMs)
      fail('invalid_argument', 'report time lies in the future');
  }

  /** The player's roles (on one server, when named), by server id. */
  roles(appId: string, accountId: number, serverId?: number): Promise<Role[]> {
    if (serverId !== undefined) checkServerId(serverId);
    return this.store.roles.ofPlayer(appId, accountId, serverId);
  }

  /** The changes of the player's roles (on one server, when named), oldest first, after `after`. */
  history(
    appId: string,
    accountId: number,
    page: { serverId?: number; after: number; limit: number },
  ): Promise<RoleChange[]> {
    if (page.serverId !== undefined) checkServerId(page.serverId);
    const limit = Math.min(Math.max(page.limit, 1), ROLE_LIMITS.historyPage);
    return this.store.roles.history(appId, accountId, page.serverId, page.after, limit);
  }

  /** Records the server the player chose, replacing the choice before. */
  async chooseServer(
    appId: string,
    accountId: number,
    choice: Omit<ServerChoice, 'chosenAt'>,
  ): Promise<ServerChoice> {
    checkServerId(choice.serverId);
    const chosen = { ...choice, chosenAt: this.clock.now() };
    await this.store.roles.saveChoice(appId, accountId, chosen);
    return chosen;
  }

  /** The server the player chose last; undefined: none yet. */
  serverChoice(appId: string, accountId: number): Promise<ServerChoice | undefined> {
    return this.store.roles.choice(appId, accountId);
  }
}
