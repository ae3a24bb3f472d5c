import { PLAYER_IDS_CHANGED } from '../../common/change-topics.js';
import { RecentMap } from '../cache.js';
import type { ChangeFeed } from '../changes.js';
import { fail } from '../errors.js';
import type { Clock, Random } from '../runtime.js';
import type { Store } from '../../store/store.js';
import type { IdentityRegistry } from './registry.js';
import type { PublicId } from './types.js';

/** A mint that collides with a taken id is retried with a fresh one this often. */
const MINT_ATTEMPTS = 4;

/**
 * Marks a cached id the account has not logged in under (rare: ids are given in every namespace
 * at login, active in the one logged in with). One map keeps both facts, so they are evicted
 * together; the flag only ever turns on, so an id cached as active stays active.
 */
const INACTIVE = '\u0000';

interface NamespaceCache {
  accountById: RecentMap<string, number>;
  /** The id, INACTIVE-prefixed when not active. */
  idByAccount: RecentMap<number, string>;
  /** idByAccount without the flag: what hot paths read. */
  ids: { get(accountId: number): string | undefined };
}

function withoutFlag(cached: string | undefined): string | undefined {
  return cached?.startsWith(INACTIVE) ? cached.slice(1) : cached;
}

/**
 * The per-app public ids of accounts, in the namespaces dialects declare: given once (minted by
 * the namespace), then the same forever. Hot reads (leaderboard pages name 50 players each) are
 * answered from memory where they can be. Which ids an account has in an app, and which of them
 * it logged in under, do change: those lists are kept until a change to them is heard from any
 * process.
 */
export class PublicIds {
  /** By app, then by namespace (two lookups with strings whose hashes are kept, no key built). */
  private readonly caches = new Map<string, Map<string, NamespaceCache>>();
  /** Every id of an account in an app, by account, then by app. */
  private readonly accountIds: RecentMap<number, Map<string, readonly PublicId[]>>;

  constructor(
    private readonly store: Pick<Store, 'playerIds'>,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly registry: IdentityRegistry,
    private readonly changes: ChangeFeed,
    /** Ids never change once given: each namespace keeps at least this many in memory. */
    private readonly capacity: number,
  ) {
    this.accountIds = new RecentMap(2 * capacity);
    changes.watch(PLAYER_IDS_CHANGED, (key) =>
      key === undefined ? this.accountIds.clear() : this.accountIds.delete(Number(key)),
    );
  }

  private cacheOf(appId: string, namespace: string): NamespaceCache {
    let ofApp = this.caches.get(appId);
    if (!ofApp) {
      ofApp = new Map();
      this.caches.set(appId, ofApp);
    }
    let cache = ofApp.get(namespace);
    if (!cache) {
      const idByAccount = new RecentMap<number, string>(2 * this.capacity);
      cache = {
        accountById: new RecentMap(2 * this.capacity),
        idByAccount,
        ids: { get: (accountId) => withoutFlag(idByAccount.get(accountId)) },
      };
      ofApp.set(namespace, cache);
    }
    return cache;
  }

  /** Records mappings just read or written. */
  remember(ids: readonly PublicId[]): void {
    for (const id of ids) {
      const cache = this.cacheOf(id.appId, id.namespace);
      cache.accountById.set(id.id, id.accountId);
      cache.idByAccount.set(id.accountId, id.active ? id.id : INACTIVE + id.id);
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
    // A returning player already has the id (and, once active, it stays so): nothing to write.
    const cached = this.cacheOf(appId, namespace).idByAccount.get(accountId);
    if (cached !== undefined) {
      const isActive = !cached.startsWith(INACTIVE);
      const id = isActive ? cached : cached.slice(1);
      if (isActive || !active) return { appId, namespace, id, accountId, active: isActive };
    }
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

  /** The accounts' ids in the namespace that are in memory (hot paths read through them first). */
  cachedIdsOf(appId: string, namespace: string): { get(accountId: number): string | undefined } {
    return this.cacheOf(appId, namespace).ids;
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
      const id = cache.ids.get(accountId);
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

  /**
   * Records every id of the accounts `ids` name, in every app they have ids in, read when the feed
   * had heard `heard` changes (none since: the read may predate a change heard meanwhile).
   */
  rememberAccounts(ids: readonly PublicId[], heard: number): void {
    this.remember(ids);
    if (this.changes.heard !== heard) return;
    const lists = new Map<number, Map<string, PublicId[]>>();
    for (const id of ids) {
      let ofAccount = lists.get(id.accountId);
      if (!ofAccount) lists.set(id.accountId, (ofAccount = new Map()));
      const list = ofAccount.get(id.appId);
      if (list) list.push(id);
      else ofAccount.set(id.appId, [id]);
    }
    for (const [accountId, ofAccount] of lists) this.accountIds.set(accountId, ofAccount);
  }

  /** Every id the account has in the app. */
  async ofAccount(appId: string, accountId: number): Promise<readonly PublicId[]> {
    return (await this.ofAccountsCached(appId, [accountId]))[0] ?? [];
  }

  /** Every id these accounts have in the app, in every namespace (one query for those not cached). */
  async ofAccounts(appId: string, accountIds: readonly number[]): Promise<PublicId[]> {
    return (await this.ofAccountsCached(appId, [...new Set(accountIds)])).flat();
  }

  /** Per account, every id it has in the app: from memory, the rest in one query. */
  private async ofAccountsCached(
    appId: string,
    accountIds: readonly number[],
  ): Promise<(readonly PublicId[])[]> {
    await this.changes.catchUp();
    const coherent = this.changes.coherent;
    const lists = accountIds.map((accountId) =>
      coherent ? this.accountIds.get(accountId)?.get(appId) : undefined,
    );
    const missing = accountIds.filter((_, i) => lists[i] === undefined);
    if (missing.length === 0) return lists as (readonly PublicId[])[];
    const heard = this.changes.heard;
    const read = await this.store.playerIds.ofAccounts(appId, missing);
    this.remember(read);
    const byAccount = new Map<number, PublicId[]>(missing.map((accountId) => [accountId, []]));
    for (const id of read) byAccount.get(id.accountId)?.push(id);
    // Kept only when nothing was heard meanwhile: the read may predate a change.
    if (this.changes.heard === heard) {
      for (const [accountId, ids] of byAccount) {
        const ofAccount = this.accountIds.get(accountId) ?? new Map<string, readonly PublicId[]>();
        ofAccount.set(appId, ids);
        this.accountIds.set(accountId, ofAccount);
      }
    }
    return accountIds.map((accountId, i) => lists[i] ?? byAccount.get(accountId) ?? []);
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
