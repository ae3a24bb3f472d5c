import { ACCOUNT_CHANGED } from '../../common/change-topics.js';
import { RecentMap } from '../cache.js';
import type { ChangeFeed } from '../changes.js';
import { fail } from '../errors.js';
import type { PublicIds } from '../identity/public-ids.js';
import type { Store } from '../../store/store.js';
import type { Account, AppPlayer } from './types.js';

/**
 * Finds players: accounts by id, and by the ids each app knows them by. Hot leaderboard pages
 * show the same players over and over, so accounts are cached until a change to them is heard
 * from any process (and ids, by PublicIds, for good).
 */
export class PlayerDirectory {
  private readonly accountsById: RecentMap<number, Account>;

  constructor(
    private readonly store: Pick<Store, 'players' | 'playerIds'>,
    private readonly publicIds: PublicIds,
    private readonly changes: ChangeFeed,
    capacity: number,
  ) {
    this.accountsById = new RecentMap(2 * capacity);
    changes.watch(ACCOUNT_CHANGED, (key) =>
      key === undefined ? this.accountsById.clear() : this.accountsById.delete(Number(key)),
    );
  }

  /**
   * Records an account read when the feed had heard `heard` changes: only if it has heard none
   * since, as the read may predate a change heard meanwhile.
   */
  rememberRead(account: Account, heard: number): void {
    if (this.changes.heard === heard) this.accountsById.set(account.id, account);
  }

  /** The cached account, once the changes committed so far were heard. */
  private async cached(accountId: number): Promise<Account | undefined> {
    await this.changes.catchUp();
    return this.changes.coherent ? this.accountsById.get(accountId) : undefined;
  }

  async account(accountId: number): Promise<Account> {
    const cached = await this.cached(accountId);
    if (cached) return cached;
    const heard = this.changes.heard;
    const account =
      (await this.store.players.accountById(accountId)) ??
      fail('player.not_found', 'no such player');
    this.rememberRead(account, heard);
    return account;
  }

  async accountByPublicId(publicId: string): Promise<Account> {
    return (
      (await this.store.players.accountByPublicId(publicId)) ??
      fail('player.not_found', 'no such player')
    );
  }

  /** The accounts with these ids (unknown ones left out): fresh cached ones, the rest in one query. */
  async accounts(ids: readonly number[]): Promise<Account[]> {
    await this.changes.catchUp();
    const found: Account[] = [];
    const missing: number[] = [];
    for (const id of ids) {
      const cached = this.changes.coherent ? this.accountsById.get(id) : undefined;
      if (cached) found.push(cached);
      else missing.push(id);
    }
    const heard = this.changes.heard;
    for (const account of await this.store.players.accountsByIds(missing)) {
      this.rememberRead(account, heard);
      found.push(account);
    }
    return found;
  }

  listAccounts(afterId: number, limit: number): Promise<Account[]> {
    return this.store.players.listAccounts(afterId, limit);
  }

  /** The id of the account an app knows by `id` in `namespace`, if there is one. */
  async accountIdKnownAs(
    appId: string,
    namespace: string,
    id: string,
  ): Promise<number | undefined> {
    return (await this.publicIds.resolve(appId, namespace, [id])).get(id);
  }

  /** The account an app knows by `id` in `namespace`. */
  async accountKnownAs(appId: string, namespace: string, id: string): Promise<Account> {
    const accountId = await this.accountIdKnownAs(appId, namespace, id);
    const cached = accountId === undefined ? undefined : await this.cached(accountId);
    if (cached) return cached;
    const heard = this.changes.heard;
    const found =
      (await this.store.playerIds.accountById(appId, namespace, id)) ??
      fail('player.not_found', `no player ${id} in this app`);
    this.rememberRead(found.account, heard);
    this.publicIds.remember([found.id]);
    return found.account;
  }

  /** The apps the account plays. */
  appsOf(accountId: number): Promise<AppPlayer[]> {
    return this.store.players.appsOfAccount(accountId);
  }

  /** These accounts, by id, each with its id in the app's `namespace` (those without are left out). */
  async appAccounts(
    appId: string,
    namespace: string,
    accountIds: readonly number[],
  ): Promise<Map<number, { account: Account; id: string }>> {
    await this.changes.catchUp();
    const found = new Map<number, { account: Account; id: string }>();
    const missing: number[] = [];
    const cachedIds = this.publicIds.cachedIdsOf(appId, namespace);
    const coherent = this.changes.coherent;
    for (const accountId of accountIds) {
      const account = coherent ? this.accountsById.get(accountId) : undefined;
      const id = account && cachedIds.get(accountId);
      if (account && id) found.set(accountId, { account, id });
      else missing.push(accountId);
    }
    const heard = this.changes.heard;
    for (const row of await this.store.playerIds.accounts(appId, namespace, missing)) {
      this.rememberRead(row.account, heard);
      this.publicIds.remember([row.id]);
      found.set(row.account.id, { account: row.account, id: row.id.id });
    }
    return found;
  }
}
