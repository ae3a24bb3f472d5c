import { RecentCache } from '../cache.js';
import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { Store } from '../../store/store.js';
import type { Account, AppPlayer } from './types.js';

/** Profiles may be changed by another process: a cached one is trusted this long. */
const ACCOUNT_TTL_MS = 2_000;
const ACCOUNT_CACHE_SIZE = 50_000;
/** Per-app ids never change once given: they are cached until evicted. */
const ID_CACHE_SIZE = 200_000;

/**
 * Finds players: accounts by id, and the ids each app knows them by. Hot leaderboard pages show
 * the same players over and over, so accounts are cached briefly and id mappings for good.
 */
export class PlayerDirectory {
  private readonly accountsById: RecentCache<number, Account>;
  /** Per app: Momo userid → account id, and account id → Momo userid. */
  private readonly idsByApp = new Map<
    string,
    { accountByUserid: RecentCache<string, number>; useridByAccount: RecentCache<number, string> }
  >();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.accountsById = new RecentCache(ACCOUNT_CACHE_SIZE, ACCOUNT_TTL_MS, clock);
  }

  private idsOf(appId: string) {
    let ids = this.idsByApp.get(appId);
    if (!ids) {
      ids = {
        accountByUserid: new RecentCache(ID_CACHE_SIZE, Infinity, this.clock),
        useridByAccount: new RecentCache(ID_CACHE_SIZE, Infinity, this.clock),
      };
      this.idsByApp.set(appId, ids);
    }
    return ids;
  }

  /** Records a fresh copy of an account (just read or just written). */
  remember(account: Account): void {
    this.accountsById.set(account.id, account);
  }

  private rememberPlayer(player: AppPlayer): void {
    const ids = this.idsOf(player.appId);
    ids.accountByUserid.set(player.momoUserid, player.accountId);
    ids.useridByAccount.set(player.accountId, player.momoUserid);
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

  /** Map of Momo userid → account id, for the userids that play the app. */
  resolveMomoUserids(appId: string, userids: readonly string[]): Promise<Map<string, number>> {
    return this.lookUpPlayers(
      userids,
      (userid) => this.idsOf(appId).accountByUserid.get(userid),
      (missing) => this.store.players.appPlayersByMomoUserids(appId, missing),
      (player) => [player.momoUserid, player.accountId],
    );
  }

  async resolveMomoUserid(appId: string, userid: string): Promise<number> {
    const resolved = await this.resolveMomoUserids(appId, [userid]);
    return resolved.get(userid) ?? fail('player.not_found', `no player ${userid} in this app`);
  }

  /** The account of a Momo userid of the app. */
  async accountByMomoUserid(appId: string, userid: string): Promise<Account> {
    const accountId = this.idsOf(appId).accountByUserid.get(userid);
    const cached = accountId === undefined ? undefined : this.accountsById.get(accountId);
    if (cached) return cached;
    const found =
      (await this.store.players.appAccountByMomoUserid(appId, userid)) ??
      fail('player.not_found', `no player ${userid} in this app`);
    this.remember(found.account);
    this.rememberPlayer(found.player);
    return found.account;
  }

  /** The apps the account plays, with its ids in each. */
  appsOf(accountId: number): Promise<AppPlayer[]> {
    return this.store.players.appPlayersOfAccount(accountId);
  }

  /** The accounts that play the app, by id, each with its ids in the app. */
  async appAccounts(
    appId: string,
    accountIds: readonly number[],
  ): Promise<Map<number, { account: Account; player: AppPlayer }>> {
    const found = new Map<number, { account: Account; player: AppPlayer }>();
    const missing: number[] = [];
    const ids = this.idsOf(appId);
    for (const accountId of accountIds) {
      const account = this.accountsById.get(accountId);
      const momoUserid = account && ids.useridByAccount.get(accountId);
      if (account && momoUserid)
        found.set(accountId, { account, player: { appId, accountId, momoUserid } });
      else missing.push(accountId);
    }
    for (const row of await this.store.players.appAccounts(appId, missing)) {
      this.remember(row.account);
      this.rememberPlayer(row.player);
      found.set(row.account.id, row);
    }
    return found;
  }

  /** Map of account id → Momo userid, for the accounts that play the app. */
  momoUseridsOf(appId: string, accountIds: readonly number[]): Promise<Map<number, string>> {
    return this.lookUpPlayers(
      accountIds,
      (accountId) => this.idsOf(appId).useridByAccount.get(accountId),
      (missing) => this.store.players.appPlayersByAccounts(appId, missing),
      (player) => [player.accountId, player.momoUserid],
    );
  }

  /** Answers from the id caches where it can, and fetches the rest in one query. */
  private async lookUpPlayers<K, V>(
    keys: readonly K[],
    cached: (key: K) => V | undefined,
    fetch: (missing: K[]) => Promise<AppPlayer[]>,
    entry: (player: AppPlayer) => [K, V],
  ): Promise<Map<K, V>> {
    const found = new Map<K, V>();
    const missing: K[] = [];
    for (const key of keys) {
      const value = cached(key);
      if (value === undefined) missing.push(key);
      else found.set(key, value);
    }
    for (const player of await fetch(missing)) {
      this.rememberPlayer(player);
      found.set(...entry(player));
    }
    return found;
  }
}
