import { TOKENS_REVOKED } from '../../common/change-topics.js';
import type { Store } from '../../store/store.js';
import { RecentMap } from '../cache.js';
import type { ChangeFeed } from '../changes.js';
import type { TokenRecord } from '../identity/types.js';
import type { Clock } from '../runtime.js';

/**
 * The tokens players hold, kept in memory by hash: a login check costs no query once the token
 * was seen (or loaded at start). Revocations in any process are heard through the change feed
 * (they are rare: the whole cache is forgotten); a token past its cached expiry is read again, as
 * renewals may have moved it.
 */
export class LiveTokens {
  private readonly cache: RecentMap<string, TokenRecord>;

  constructor(
    private readonly store: Pick<Store, 'tokens'>,
    private readonly clock: Clock,
    private readonly changes: ChangeFeed,
    capacity: number,
  ) {
    this.cache = new RecentMap(2 * capacity);
    changes.watch(TOKENS_REVOKED, () => this.cache.clear());
  }

  /** The token with this hash, unless it is unknown or expired. */
  async live(hash: string): Promise<TokenRecord | undefined> {
    await this.changes.catchUp();
    const cached = this.changes.coherent ? this.cache.get(hash) : undefined;
    if (cached && this.unexpired(cached)) return cached;
    const heard = this.changes.heard;
    const found = await this.store.tokens.byHash(hash);
    if (!found || !this.unexpired(found)) return undefined;
    this.remember([found], heard);
    return found;
  }

  /** Records tokens read when the feed had heard `heard` changes (none since: see rememberRead). */
  remember(tokens: readonly TokenRecord[], heard: number): void {
    if (this.changes.heard !== heard) return;
    for (const token of tokens) this.cache.set(token.hash, token);
  }

  private unexpired(token: TokenRecord): boolean {
    return token.expiresAt === null || token.expiresAt > this.clock.now();
  }
}
