import { RecentCache } from '../cache.js';
import { fail } from '../errors.js';
import type { PublicIds } from '../identity/public-ids.js';
import type { Clock } from '../runtime.js';
import type { Store } from '../../store/store.js';
import type { Account, AppPlayer } from './types.js';

/** Profiles may be changed by another process: a cached one is trusted this long. */
const ACCOUNT_TTL_MS = 2_000;
const ACCOUNT_CACHE_SIZE = 50_000;

/**
 * Finds players: accounts by id, and by the ids each app knows them by. Hot leaderboard pages
 * show the same players over and over, so accounts are cached briefly (and ids, by PublicIds,
 * for good).
 */
export class PlayerDirectory {
  private readonly accountsById: RecentCache<number, Account>;

  constructor(
    private readonly store: Pick<Store, 'players' | 'playerIds'>,
    private readonly publicIds: PublicIds,
    clock: Clock,
  ) {
    this.accountsById = new RecentCache(ACCOUNT_CACHE_SIZE, ACCOUNT_TTL_MS, clock);
  }

  /** Records a fresh copy of an account (just read or just written). */
  remember(account: Account): void {
    this.accountsById.set(account.id, account);
  }

  async account(accountId: number): Promise<Account> {
    const cached = this.accountsById.get(accountId);
    if (cached) return cached;
    const account =
      (await this.store.players.accountById(accountId)) ??
      fail('player.not_found', 'no such player');
    this.remember(account);
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
    const found: Account[] = [];
    const missing: number[] = [];
    for (const id of ids) {
      const cached = this.accountsById.get(id);
      if (cached) found.push(cached);
      else missing.push(id);
    }
    for (const account of await this.store.players.accountsByIds(missing)) {
      this.remember(account);
      found.push(account);
    }
    return found;
  }

  listAccounts(afterId: number, limit: number): Promise<Account[]> {
    return this.store.players.listAccounts(afterId, limit);
  }

  /** The account an app knows by `id` in `namespace`. */
  async accountKnownAs(appId: string, namespace: string, id: string): Promise<Account> {
    const accountId = (await this.publicIds.resolve(appId, namespace, [id])).get(id);
    const cached = accountId === undefined ? undefined : this.accountsById.get(accountId);
    if (cached) return cached;
    const found =
      (await this.store.playerIds.accountById(appId, namespace, id)) ??
      fail('player.not_found', `no player ${id} in this app`);
    this.remember(found.account);
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
    const found = new Map<number, { account: Account; id: string }>();
    const missing: number[] = [];
    for (const accountId of accountIds) {
      const account = this.accountsById.get(accountId);
      const id = account && this.publicIds.cachedIdOf(appId, namespace, accountId);
      if (account && id) found.set(accountId, { account, id });
      else missing.push(accountId);
    }
    for (const row of await this.store.playerIds.accounts(appId, namespace, missing)) {
      this.remember(row.account);
      this.publicIds.remember([row.id]);
      found.set(row.account.id, { account: row.account, id: row.id.id });
    }
    return found;
  }
}
