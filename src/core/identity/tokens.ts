import { TOKENS_REVOKED } from '../../common/change-topics.js';
import { RecentMap } from '../cache.js';
import type { ChangeFeed } from '../changes.js';
import { fail } from '../errors.js';
import type { Clock, Random } from '../runtime.js';
import { tokenHash } from '../runtime.js';
import type { Store } from '../../store/store.js';
import type { IdentityRegistry } from './registry.js';
import type { TokenKind, TokenRecord } from './types.js';

/**
 * The id operators name a token by: derived from its hash by another hash, so that neither the
 * token nor its stored hash ever leaves the server.
 */
export function tokenIdOf(hash: string): string {
  return `tok_${tokenHash(`token-id:${hash}`).slice(0, 24)}`;
}

/** A live token as operators see it: never its value or hash. */
export interface HeldToken {
  id: string;
  kind: string;
  appId: string;
  createdAt: number;
  expiresAt: number | null;
}

/** How long renewals wait in memory before they are written, batched. */
const RENEWAL_FLUSH_MS = 100;

/** A token's expiry after `count` more renewals, capped at its kind's maximum age. */
function renewed(token: TokenRecord, kind: TokenKind, count: number): number | null {
  if (!kind.renewal || token.expiresAt === null) return token.expiresAt;
  return Math.min(
    token.expiresAt + count * kind.renewal.stepMs,
    token.createdAt + kind.renewal.maxAgeMs,
  );
}

/**
 * Bearer tokens of the registered kinds: issued to an account in an app, stored as hashes.
 *
 * Checking a token is the hottest call a game server makes, and a kind may be renewed on every
 * use. Records are kept in memory (loaded at start, see warmPlayerCaches): only a revocation, heard
 * from any process through the change feed, makes a valid one invalid, so a cached record is
 * trusted to say yes until its expiry, and a no is re-read (renewals only move expiries later).
 * Renewals are
 * counted in memory and written in one batch every 100 ms as relative increments, so that
 * processes sharing a database add up rather than overwrite. A crash loses at most the last
 * 100 ms of renewals: those tokens end one step early.
 */
export class TokenService {
  private readonly cache: RecentMap<string, TokenRecord>;
  /** Hash → renewals granted and not yet written, with the token's kind. */
  private pending = new Map<string, { kind: TokenKind; count: number }>();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<Store, 'tokens' | 'transaction'>,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly registry: IdentityRegistry,
    private readonly changes: ChangeFeed,
    capacity: number,
  ) {
    this.cache = new RecentMap(2 * capacity);
    changes.watch(TOKENS_REVOKED, () => this.cache.clear());
  }

  /** Records tokens read when the feed had heard `heard` changes (none since: see rememberRead). */
  remember(records: readonly TokenRecord[], heard: number): void {
    if (this.changes.heard !== heard) return;
    for (const record of records) this.cache.set(record.hash, record);
  }

  /**
   * Issues fresh tokens of these kinds to the account in the app; returns their values by kind.
   * `store` lets a caller include the writes in its transaction.
   */
  async issue(
    appId: string,
    accountId: number,
    kinds: readonly string[],
    store: Pick<Store, 'tokens'> = this.store,
  ): Promise<Record<string, string>> {
    const now = this.clock.now();
    const values: Record<string, string> = {};
    for (const name of kinds) {
      const kind = this.registry.tokenKind(name);
      const value = kind.mint(this.random);
      await store.tokens.insert({
        hash: tokenHash(value),
        kind: name,
        appId,
        accountId,
        expiresAt: kind.ttlMs === null ? null : now + kind.ttlMs,
        createdAt: now,
      });
      values[name] = value;
    }
    return values;
  }

  /** The record of a token issued in the app, if it is one of `kinds` and still valid. */
  async authenticate(appId: string, value: string, kinds: readonly string[]): Promise<TokenRecord> {
    const hash = tokenHash(value);
    await this.changes.catchUp();
    let record = this.changes.coherent ? this.cache.get(hash) : undefined;
    if (!record || this.expired(record)) {
      // Only a fresh read may say no: another process may have renewed the token meanwhile.
      const heard = this.changes.heard;
      record = await this.store.tokens.byHash(hash);
      if (record) {
        const pending = this.pending.get(hash);
        if (pending)
          record = { ...record, expiresAt: renewed(record, pending.kind, pending.count) };
        this.remember([record], heard);
      }
    }
    if (!record || record.appId !== appId || !kinds.includes(record.kind)) {
      fail('auth.bad_token', 'token is not valid in this app');
    }
    if (this.expired(record)) fail('auth.token_expired', 'token expired');
    return record;
  }

  /** Renews a token by its kind's step (at most its maximum age after issue). */
  renew(record: TokenRecord): TokenRecord {
    const kind = this.registry.tokenKind(record.kind);
    if (!kind.renewal) return record;
    const token = { ...record, expiresAt: renewed(record, kind, 1) };
    // Not when a revocation was heard since the check: that would bring the token back.
    if (this.cache.get(token.hash)) this.cache.set(token.hash, token);
    const pending = this.pending.get(token.hash);
    this.pending.set(token.hash, { kind, count: (pending?.count ?? 0) + 1 });
    this.flushTimer ??= setTimeout(() => void this.flush(), RENEWAL_FLUSH_MS).unref();
    return token;
  }

  /** Writes the renewals granted so far. */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.pending;
    if (batch.size === 0) return this.flushing;
    this.pending = new Map();
    const write = async () => {
      try {
        await this.store.tokens.extendExpiries(
          [...batch].map(([hash, { kind, count }]) => ({
            hash,
            addMs: count * (kind.renewal?.stepMs ?? 0),
            maxAgeMs: kind.renewal?.maxAgeMs ?? 0,
          })),
        );
      } catch (error) {
        // Kept for the next flush rather than lost.
        for (const [hash, { kind, count }] of batch) {
          const pending = this.pending.get(hash);
          this.pending.set(hash, { kind, count: (pending?.count ?? 0) + count });
        }
        this.flushTimer ??= setTimeout(() => void this.flush(), RENEWAL_FLUSH_MS).unref();
        throw error;
      }
    };
    this.flushing = this.flushing.then(write, write);
    return this.flushing;
  }

  /** The account's live tokens, oldest first. */
  async heldBy(accountId: number): Promise<HeldToken[]> {
    const records = await this.store.tokens.liveOfHolder(accountId, this.clock.now());
    return records.map((record) => ({
      id: tokenIdOf(record.hash),
      kind: record.kind,
      appId: record.appId,
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
    }));
  }

  /**
   * Revokes one live token of the account: every check refuses it from now on, in every process
   * (the change feed's `tokens` topic clears their caches).
   */
  async revoke(accountId: number, tokenId: string): Promise<void> {
    const records = await this.store.tokens.liveOfHolder(accountId, this.clock.now());
    const record =
      records.find((r) => tokenIdOf(r.hash) === tokenId) ??
      fail('not_found', `the player holds no live token ${tokenId}`);
    await this.store.tokens.deleteOfHolder(accountId, { hash: record.hash });
  }

  /**
   * Revokes every token of the account; returns how many. `store` lets a caller include it in
   * its transaction.
   */
  revokeAll(accountId: number, store: Pick<Store, 'tokens'> = this.store): Promise<number> {
    return store.tokens.deleteOfHolder(accountId);
  }

  private expired(record: TokenRecord): boolean {
    return record.expiresAt !== null && record.expiresAt <= this.clock.now();
  }

  /** Forgets tokens past their expiry; returns how many. */
  purgeExpired(): Promise<number> {
    return this.store.tokens.deleteExpired(this.clock.now());
  }
}
