import { RecentCache } from '../cache.js';
import { fail } from '../errors.js';
import type { Clock, Random } from '../runtime.js';
import type { Store } from '../../store/store.js';
import type { IdentityRegistry } from './registry.js';
import type { PublicId } from './types.js';

/** Ids never change once given: the id ↔ account mappings are cached until evicted. */
const ID_CACHE_SIZE = 200_000;
/** A mint that collides with a taken id is retried with a fresh one this often. */
const MINT_ATTEMPTS = 4;

interface NamespaceCache {
  accountById: RecentCache<string, number>;
  idByAccount: RecentCache<number, string>;
}

/**
 * The per-app public ids of accounts, in the namespaces dialects declare: given once (minted by
 * the namespace), then the same forever. Hot reads (leaderboard pages name 50 players each) are
 * answered from memory where they can be.
 */
export class PublicIds {
  private readonly caches = new Map<string, NamespaceCache>();

  constructor(
    private readonly store: Pick<Store, 'playerIds'>,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly registry: IdentityRegistry,
  ) {}

  private cacheOf(appId: string, namespace: string): NamespaceCache {
    const key = `${appId}\u0000${namespace}`;
    let cache = this.caches.get(key);
    if (!cache) {
      cache = {
        accountById: new RecentCache(ID_CACHE_SIZE, Infinity, this.clock),
        idByAccount: new RecentCache(ID_CACHE_SIZE, Infinity, this.clock),
      };
      this.caches.set(key, cache);
    }
    return cache;
  }

  /** Records mappings just read or written. */
  remember(ids: readonly PublicId[]): void {
    for (const id of ids) {
      const cache = this.cacheOf(id.appId, id.namespace);
      cache.accountById.set(id.id, id.accountId);
      cache.idByAccount.set(id.accountId, id.id);
    }
  }

  /**
   * The account's id in the namespace, minted the first time; `active` marks that the account
   * logged in under it. `store` lets a caller include the write in its transaction.
   */
  async ensure(
    appId: string,
    namespace: string,
    accountId: number,
    active: boolean,
    store: Pick<Store, 'playerIds'> = this.store,
  ): Promise<PublicId> {
    const declared = this.registry.namespace(namespace);
    for (let attempt = 0; attempt < MINT_ATTEMPTS; attempt++) {
      const id = declared.mint(this.random);
      const stored = await store.playerIds.ensure(
        { appId, namespace, id, accountId, active },
        this.clock.now(),
      );
      if (stored) {
        this.remember([stored]);
        return stored;
      }
    }
    throw new Error(`could not mint a free id in ${namespace}`);
  }

  /** The account's id in the namespace if it is in memory (hot paths read through it first). */
  cachedIdOf(appId: string, namespace: string, accountId: number): string | undefined {
    return this.cacheOf(appId, namespace).idByAccount.get(accountId);
  }

  /** Map of id → account id, for the ids the namespace has in the app (others left out). */
  async resolve(
    appId: string,
    namespace: string,
    ids: readonly string[],
  ): Promise<Map<string, number>> {
    const cache = this.cacheOf(appId, namespace);
    const found = new Map<string, number>();
    const missing: string[] = [];
    for (const id of ids) {
      const accountId = cache.accountById.get(id);
      if (accountId === undefined) missing.push(id);
      else found.set(id, accountId);
    }
    const fetched = await this.store.playerIds.byIds(appId, namespace, missing);
    this.remember(fetched);
    for (const id of fetched) found.set(id.id, id.accountId);
    return found;
  }

  async resolveOne(appId: string, namespace: string, id: string): Promise<number> {
    const resolved = await this.resolve(appId, namespace, [id]);
    return resolved.get(id) ?? fail('player.not_found', `no player ${id} in this app`);
  }

  /** Map of account id → id in the namespace, for the accounts that have one. */
  async idsOf(
    appId: string,
    namespace: string,
    accountIds: readonly number[],
  ): Promise<Map<number, string>> {
    const cache = this.cacheOf(appId, namespace);
    const found = new Map<number, string>();
    const missing: number[] = [];
    for (const accountId of accountIds) {
      const id = cache.idByAccount.get(accountId);
      if (id === undefined) missing.push(accountId);
      else found.set(accountId, id);
    }
    const fetched = await this.store.playerIds.byAccounts(appId, namespace, missing);
    this.remember(fetched);
    for (const id of fetched) found.set(id.accountId, id.id);
    return found;
  }

  /** The account's id in the namespace, or player.not_found. */
  async idOf(appId: string, namespace: string, accountId: number): Promise<string> {
    const ids = await this.idsOf(appId, namespace, [accountId]);
    return ids.get(accountId) ?? fail('player.not_found', 'the player has no id here');
  }

  /** Fresh records of these ids of the namespace (unknown ones left out). */
  async recordsById(appId: string, namespace: string, ids: readonly string[]): Promise<PublicId[]> {
    const records = await this.store.playerIds.byIds(appId, namespace, [...new Set(ids)]);
    this.remember(records);
    return records;
  }

  /** Every id the account has in the app. */
  async ofAccount(appId: string, accountId: number): Promise<PublicId[]> {
    const ids = await this.store.playerIds.ofAccount(appId, accountId);
    this.remember(ids);
    return ids;
  }

  /**
   * What operators see of these accounts in the app beside their player ids: per account, each
   * operator field (see IdNamespace.operatorField) with the id, or null.
   */
  async operatorView(
    appId: string,
    accountIds: readonly number[],
  ): Promise<Map<number, Record<string, string | null>>> {
    const fields = this.registry.operatorFields();
    const found = await Promise.all(
      fields.map(({ namespace }) => this.idsOf(appId, namespace, accountIds)),
    );
    return new Map(
      accountIds.map((accountId) => [
        accountId,
        Object.fromEntries(fields.map(({ field }, i) => [field, found[i]?.get(accountId) ?? null])),
      ]),
    );
  }

  /** Every id these accounts have in the app, in every namespace (one query). */
  async ofAccounts(appId: string, accountIds: readonly number[]): Promise<PublicId[]> {
    const ids = await this.store.playerIds.ofAccounts(appId, [...new Set(accountIds)]);
    this.remember(ids);
    return ids;
  }

  /**
   * The holders of an id in every app, for calls that name a player's id but not the app
   * (usually one; more when two apps minted the same id).
   */
  async inEveryApp(namespace: string, id: string): Promise<PublicId[]> {
    const ids = await this.store.playerIds.inEveryApp(namespace, id);
    this.remember(ids);
    return ids;
  }

  /** Every id the account has, in every app (operators' view of a player). */
  everywhere(accountId: number): Promise<PublicId[]> {
    return this.store.playerIds.ofAccountEverywhere(accountId);
  }
}
